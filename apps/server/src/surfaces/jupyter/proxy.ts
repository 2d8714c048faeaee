// Forwards HTTP and WebSocket traffic to an app's Jupyter server. The browser's cookies stay
// here and the app's token is added here: neither crosses to the other side. What comes back is
// the tenant's (files of their home through /files, /nbconvert, kernelspec resources), served on
// Tessera's own origin: nothing active in it is rendered (http/active-content.ts), whoever opens it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import httpProxy from 'http-proxy';
import type { AppEndpoint } from '../../resources/apps/jupyter-endpoint.ts';
import type { Logger } from '../../platform/logger.ts';
import { makeInert } from '../http/active-content.ts';

export interface JupyterProxy {
  web(req: IncomingMessage, res: ServerResponse, endpoint: AppEndpoint, path: string): void;
  ws(req: IncomingMessage, socket: Duplex, head: Buffer, endpoint: AppEndpoint, path: string): void;
  close(): void;
}

export function createJupyterProxy(logger: Logger): JupyterProxy {
  const proxy = httpProxy.createProxyServer({ xfwd: false, changeOrigin: true });
  const strip = (proxyReq: { removeHeader(name: string): void }) => {
    proxyReq.removeHeader('cookie');
    proxyReq.removeHeader('x-forwarded-for');
  };
  proxy.on('proxyReq', strip);
  proxy.on('proxyReqWs', strip);
  proxy.on('proxyRes', (proxyRes) => {
    const h = proxyRes.headers;
    delete h['set-cookie']; // Jupyter's own cookies mean nothing to the browser here
    h['x-content-type-options'] = 'nosniff';
    const inert: Record<string, string> = {};
    for (const name of ['content-type', 'content-disposition'] as const)
      if (typeof h[name] === 'string') inert[name] = h[name];
    makeInert(inert);
    // Jupyter's own policy (frame-ancestors, report-uri) gives way to the sandbox for active content.
    Object.assign(h, inert);
  });
  // Kernel messages are small and latency-bound: no Nagle on the upstream socket either.
  proxy.on('open', (proxySocket) => proxySocket.setNoDelay(true));
  proxy.on('error', (err, _req, target) => {
    logger.debug({ err: err.message }, 'jupyter proxy error');
    const res = target as ServerResponse | Duplex;
    if ('writeHead' in res && typeof res.writeHead === 'function') {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `The app's Jupyter server did not answer: ${err.message}` }));
    } else {
      (res as Duplex).destroy();
    }
  });
  return {
    web(req, res, endpoint, path) {
      req.url = path;
      proxy.web(req, res, { target: endpoint.url, headers: { authorization: `token ${endpoint.token}` } });
    },
    ws(req, socket, head, endpoint, path) {
      req.url = path;
      proxy.ws(req, socket, head, { target: endpoint.url, headers: { authorization: `token ${endpoint.token}` } });
    },
    close() {
      proxy.close();
    },
  };
}
