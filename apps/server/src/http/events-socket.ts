// GET /api/v1/events (WebSocket): status changes as JSON messages, for the signed-in user's
// resources (everything, for admins). Authenticated by the session cookie at the upgrade.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Services } from '../services.ts';
import { sessionPrincipal } from './rest-api.ts';

export const EVENTS_PATH = '/api/v1/events';

export function attachEventsSocket(server: Server, services: Services): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== EVENTS_PATH) return; // other upgrade handlers may claim it
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
      const ping = setInterval(() => ws.ping(), 30_000);
      ws.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
      ws.send(JSON.stringify({ type: 'hello', user: principal.username, time: Date.now() }));
    });
  });
  return () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
