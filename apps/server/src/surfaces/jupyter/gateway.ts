// /jupyter/<domainId>/<profile>/<app>/...: the Jupyter REST and WebSocket APIs of a user's apps.
// The Studio base (app `default`, the JupyterServer app) serves files and terminals from that
// app, and kernels and sessions from the user's KernelGateway apps (studio-kernels.ts). Other
// app names reach that KernelGateway app's Jupyter server directly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError, restStatus } from '../../platform/errors.ts';
import { sameOrigin } from '../http/origin.ts';
import type { Services } from '../../resources/services.ts';
import { appEndpoint } from '../../resources/apps/jupyter-endpoint.ts';
import { kernelSpecs } from './kernelspecs.ts';
import { createJupyterProxy } from './proxy.ts';
import { readJson, sendJson } from './respond.ts';
import { parseSessionBody } from './session-body.ts';
import { createStudioKernels } from './studio-kernels.ts';
import { JUPYTER_PREFIX, JupyterError, resolveTarget, type JupyterTarget } from './target.ts';

// Requests JupyterLab makes on its own every few seconds; they are not a person's activity.
const POLLING = /^\/api\/(kernels|sessions|terminals|status|me|kernelspecs|contents\/?[^/]*\/checkpoints)?\/?$/;

const statusOf = (err: unknown) =>
  err instanceof JupyterError ? err.status : err instanceof ApiError ? restStatus(err) : 500;

export function createJupyterGateway(services: Services) {
  const { activity, logger } = services;
  const proxy = createJupyterProxy(logger);
  const kernels = createStudioKernels(services);
  const quiet = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  function fail(res: ServerResponse, err: unknown) {
    const status = statusOf(err);
    if (status === 500) logger.error({ err }, 'jupyter gateway error');
    if (res.headersSent) return res.end();
    sendJson(res, status, { message: (err as Error).message, reason: null });
  }

  async function studioRoute(req: IncomingMessage, res: ServerResponse, t: JupyterTarget): Promise<boolean> {
    const method = req.method ?? 'GET';
    const p = t.path.replace(/\/+$/, '') || '/';
    let m: RegExpExecArray | null;

    if (p === '/api/kernelspecs' && method === 'GET')
      return (sendJson(res, 200, await kernelSpecs(services, t.profile, t.base)), true);
    if ((m = /^\/api\/kernelspecs\/([^/]+)$/.exec(p)) && method === 'GET') {
      const spec = (await kernelSpecs(services, t.profile, t.base)).kernelspecs[decodeURIComponent(m[1]!)];
      if (!spec) throw new JupyterError(404, `Kernel spec ${m[1]} not found`);
      return (sendJson(res, 200, spec), true);
    }
    if ((m = /^\/kernelspecs\/[^/]+\/([^/]+)$/.exec(p))) {
      // Logos: every Studio kernel is a Python kernel.
      proxy.web(req, res, t.endpoint, `/kernelspecs/python3/${m[1]}`);
      return true;
    }
    if (p === '/api/sessions') {
      if (method === 'GET') return (sendJson(res, 200, await kernels.listSessions(t.profile)), true);
      if (method === 'POST') {
        const session = await kernels.createSession(t.profile, parseSessionBody(await readJson(req)));
        return (sendJson(res, 201, session, { Location: `${t.base}/api/sessions/${session.id}` }), true);
      }
    }
    if ((m = /^\/api\/sessions\/([^/]+)$/.exec(p))) {
      const id = decodeURIComponent(m[1]!);
      if (method === 'GET') return (sendJson(res, 200, await kernels.getSession(t.profile, id)), true);
      if (method === 'PATCH')
        return (
          sendJson(res, 200, await kernels.patchSession(t.profile, id, parseSessionBody(await readJson(req)))),
          true
        );
      if (method === 'DELETE')
        return ((await kernels.deleteSession(t.profile, id), sendJson(res, 204, undefined)), true);
    }
    if (p === '/api/kernels') {
      if (method === 'GET') return (sendJson(res, 200, await kernels.listKernels(t.profile)), true);
      if (method === 'POST') {
        const kernel = await kernels.startKernel(t.profile, parseSessionBody(await readJson(req)));
        return (sendJson(res, 201, kernel, { Location: `${t.base}/api/kernels/${kernel.id}` }), true);
      }
    }
    if ((m = /^\/api\/kernels\/([^/]+)(\/.*)?$/.exec(p))) {
      const app = await kernels.locateKernel(t.profile, decodeURIComponent(m[1]!));
      if (method === 'GET' && !m[2]) {
        const endpoint = appEndpoint(services, app)!;
        const upstream = await fetch(`${endpoint.url}/api/kernels/${m[1]}`, {
          headers: { Authorization: `token ${endpoint.token}` },
        });
        return (
          sendJson(
            res,
            upstream.status,
            upstream.ok ? kernels.rename(app, (await upstream.json()) as never) : await upstream.json(),
          ),
          true
        );
      }
      activity.touched(app.id);
      proxy.web(req, res, appEndpoint(services, app)!, t.path + t.search);
      return true;
    }
    if (p === '/api/me' && method === 'GET') {
      const name = t.principal.username;
      return (
        sendJson(res, 200, {
          identity: {
            username: name,
            name,
            display_name: name,
            initials: name.slice(0, 2).toUpperCase(),
            avatar_url: null,
            color: null,
          },
          permissions: {},
        }),
        true
      );
    }
    if (p === '/api/events' && method === 'POST') return ((req.resume(), sendJson(res, 204, undefined)), true);
    if ((m = /^\/tessera\/kernels\/([^/]+)\/usage$/.exec(p)) && method === 'GET') {
      const app = await kernels.locateKernel(t.profile, decodeURIComponent(m[1]!));
      const usage = await services.runtimes.of(app.backend).usage(app.backendState as never);
      if (!usage) throw new JupyterError(404, `The instance of ${app.appName} is not running`);
      return (
        sendJson(res, 200, {
          AppName: app.appName,
          InstanceType: app.instanceType,
          CpuPercent: usage.cpuPercent,
          MemoryBytes: usage.memoryBytes,
          MemoryLimitBytes: usage.memoryLimitBytes,
          CpuLimit: usage.cpuLimit,
        }),
        true
      );
    }
    return false;
  }

  async function http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      // A browser sends Origin with every unsafe request: another site's page may not drive a
      // user's kernels with their cookie. (Clients that are not browsers send none.)
      const origin = req.headers.origin;
      if (
        req.method !== 'GET' &&
        req.method !== 'HEAD' &&
        origin &&
        !sameOrigin(origin, req.headers.host, services.publicUrl())
      ) {
        throw new JupyterError(403, 'Cross-origin request refused');
      }
      const t = await resolveTarget(services, req);
      if (!POLLING.test(t.path) || (req.method !== 'GET' && req.method !== 'HEAD')) activity.touched(t.app.id);
      if (t.app.appType === 'JupyterServer' && (await studioRoute(req, res, t))) return;
      proxy.web(req, res, t.endpoint, t.path + t.search);
    } catch (err) {
      fail(res, err);
    }
  }

  function refuse(socket: Duplex, status: number, message: string) {
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Error'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  function track(socket: Duplex, appIds: string[]) {
    for (const id of appIds) activity.opened(id);
    socket.once('close', () => {
      for (const id of appIds) activity.closed(id);
    });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const origin = req.headers.origin;
    if (origin && !sameOrigin(origin, req.headers.host, services.publicUrl()))
      return refuse(socket, 403, 'Cross-origin WebSocket refused');
    try {
      const t = await resolveTarget(services, req);
      if (t.app.appType === 'JupyterServer') {
        const p = t.path.replace(/\/+$/, '');
        const kernel = /^\/api\/kernels\/([^/]+)\/channels$/.exec(p);
        if (kernel) {
          const app = await kernels.locateKernel(t.profile, decodeURIComponent(kernel[1]!));
          track(socket, [t.app.id, app.id]);
          return proxy.ws(req, socket, head, appEndpoint(services, app)!, t.path + t.search);
        }
        if (p === '/api/events/subscribe') {
          // jupyter-server 1.23 has no event bus; JupyterLab only needs the socket to open.
          track(socket, [t.app.id]);
          return quiet.handleUpgrade(req, socket, head, (ws) => ws.on('message', () => undefined));
        }
      }
      track(socket, [t.app.id]);
      proxy.ws(req, socket, head, t.endpoint, t.path + t.search);
    } catch (err) {
      const status = statusOf(err);
      if (status === 500) logger.error({ err }, 'jupyter websocket error');
      refuse(socket, status, (err as Error).message);
    }
  }

  return {
    matches: (url: string | undefined) => !!url?.startsWith(JUPYTER_PREFIX),
    http,
    upgrade,
    close() {
      for (const ws of quiet.clients) ws.terminate();
      quiet.close();
      proxy.close();
    },
  };
}
