// One PostgreSQL notification channel shared by the servers on one database: `notify` sends a
// payload (at most 8,000 bytes, NOTIFY's limit), in the order notify was called; `onMessage` hears
// every payload any server sent, this one's included. The listening connection is a client of its
// own (LISTEN holds it), reconnected when it drops; NOTIFY goes through a small pool.
import pg from 'pg';
import type { Logger } from '../logger.ts';

const RECONNECT_MS = 1_000;

export interface PgChannel {
  notify(payload: string): void;
  close(): Promise<void>;
}

export function openPgChannel(opts: {
  url: string;
  channel: string;
  logger: Logger;
  onMessage(payload: string): void;
}): PgChannel {
  const { channel, logger } = opts;
  // TCP keepalive: a LISTEN connection that silently died (a failover, a dropped NAT entry) is noticed.
  const pool = new pg.Pool({ connectionString: opts.url, max: 2, keepAlive: true, connectionTimeoutMillis: 10_000 });
  let listener: pg.Client | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function listen(): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: opts.url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const retry = (err?: Error) => {
      if (closed || listener !== client) return;
      listener = undefined;
      logger.warn({ channel, err: err?.message }, 'listening connection lost; reconnecting');
      void client.end().catch(() => undefined);
      setTimeout(() => void listen(), RECONNECT_MS).unref();
    };
    listener = client;
    client.on('error', retry);
    client.on('end', () => retry());
    client.on('notification', (n) => {
      if (n.channel === channel) opts.onMessage(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      retry(err as Error);
    }
  }
  void listen();

  return {
    notify(payload) {
      queue = queue.then(() =>
        pool.query('SELECT pg_notify($1, $2)', [channel, payload]).catch((err: Error) => {
          if (!closed) logger.warn({ channel, err: err.message }, 'NOTIFY failed');
        }),
      );
    },
    async close() {
      closed = true;
      await queue;
      const client = listener;
      listener = undefined;
      await Promise.all([client?.end().catch(() => undefined), pool.end().catch(() => undefined)]);
    },
  };
}
