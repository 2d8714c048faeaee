// @jupyterlab/services — the library JupyterLab itself uses — pointed at a Jupyter base URL,
// authenticated either by a Tessera session cookie (through the proxy) or by a token (direct).
import { KernelManager, ServerConnection, SessionManager, KernelSpecManager } from '@jupyterlab/services';
import type { Kernel } from '@jupyterlab/services';
import WebSocket from 'ws';

export function jupyterSettings(
  baseUrl: string,
  auth: { cookie?: string; token?: string; origin?: string },
): ServerConnection.ISettings {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  class AuthedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, 'ws'),
    token: auth.token ?? '',
    appendToken: !!auth.token,
    WebSocket: AuthedWebSocket as never,
    fetch: ((input: RequestInfo, init?: RequestInit) => {
      const request = new Request(input, init);
      for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
      return fetch(request);
    }) as never,
  });
}

export function jupyterManagers(settings: ServerConnection.ISettings) {
  const kernels = new KernelManager({ serverSettings: settings });
  const sessions = new SessionManager({ serverSettings: settings, kernelManager: kernels });
  const specs = new KernelSpecManager({ serverSettings: settings });
  return {
    kernels,
    sessions,
    specs,
    /**
     * Waits for the managers' first polls, so disposing does not reject a poll in flight, then
     * stops every poll (one left polling keeps a process alive after its server is gone).
     */
    async dispose() {
      await Promise.race([
        Promise.allSettled([kernels.ready, sessions.ready, specs.ready]),
        new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
      ]);
      sessions.dispose();
      specs.dispose();
      kernels.dispose();
    },
  };
}

export async function execute(
  kernel: Kernel.IKernelConnection,
  code: string,
  /** Receives each display_data bundle (MIME type → data), when given. */
  displays?: Record<string, unknown>[],
): Promise<string> {
  let out = '';
  let error: string | undefined;
  const future = kernel.requestExecute({ code, stop_on_error: true });
  future.onIOPub = (msg) => {
    const c = msg.content as Record<string, any>;
    if (msg.header.msg_type === 'stream') out += c.text;
    if (msg.header.msg_type === 'execute_result') out += c.data['text/plain'];
    if (msg.header.msg_type === 'display_data') displays?.push(c.data);
    if (msg.header.msg_type === 'error') error = `${c.ename}: ${c.evalue}`;
  };
  await future.done;
  future.dispose();
  if (error) throw new Error(error);
  return out;
}
