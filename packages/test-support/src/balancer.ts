// Several servers behind one address, as a TCP load balancer puts them (HAProxy, nginx's stream
// module, a cloud's network balancer): each connection goes to the next server in turn, and to the
// one after when a server does not accept it (a dead one). TCP, so WebSocket upgrades pass as is.
import { createConnection, createServer, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** Connections handed to each backend so far, by its URL. */
  connections: Map<string, number>;
  close(): Promise<void>;
}

export async function startBalancer(backends: string[]): Promise<Balancer> {
  const targets = backends.map((u) => new URL(u));
  const connections = new Map(backends.map((u) => [u, 0]));
  const open = new Set<Socket>();
  let next = 0;

  /** Tries the servers in turn from `first`, each once, until one accepts. */
  function connect(client: Socket, first: number, tried: number) {
    if (tried >= targets.length) return client.destroy();
    const i = (first + tried) % targets.length;
    const t = targets[i]!;
    const upstream = createConnection({ host: t.hostname, port: Number(t.port) });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    const refused = () => connect(client, first, tried + 1);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      connections.set(backends[i]!, connections.get(backends[i]!)! + 1);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end).on('close', end);
      client.on('close', end);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    connect(client, next++, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
