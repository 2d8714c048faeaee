// GET /api/v1/events (WebSocket): status changes as JSON messages, for the signed-in user's
// resources (everything, for admins). Authenticated by the session cookie at the upgrade and
// again at every ping, so signing out, expiry or losing admin rights ends the stream.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Services } from '../../resources/services.ts';
import { sameOrigin } from '../http/origin.ts';
import { sessionPrincipal } from '../http/session-principal.ts';

export const EVENTS_PATH = '/api/v1/events';
const PING_MS = 30_000;

export function createEventsSocket(services: Services) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const origin = req.headers.origin;
    if (origin && !sameOrigin(origin, req.headers.host, services.publicUrl())) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const principal = await sessionPrincipal(services, req as never).catch(() => undefined);
    if (!principal) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = services.events.subscribe((event) => {
        if (!principal.isAdmin && !event.audienceUserIds.includes(principal.userId)) return;
        const { audienceUserIds: _hidden, ...visible } = event;
        ws.send(JSON.stringify(visible));
      });
      const ping = setInterval(async () => {
        const now = await sessionPrincipal(services, req as never).catch(() => undefined);
        if (!now || now.isAdmin !== principal.isAdmin) ws.close(4401, 'session ended');
        else ws.ping();
      }, PING_MS);
      ws.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      ws.send(JSON.stringify({ type: 'hello', user: principal.username, time: Date.now() }));
    });
  }
  return {
    upgrade,
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
