// Several servers on one PostgreSQL database (the scale-out path): an event published on one server
// reaches the WebSocket subscribers of every server. Each event is delivered locally at once and sent
// with NOTIFY on one channel; every server LISTENs on a connection of its own and delivers what the
// others sent. NOTIFY carries at most 8000 bytes: a batch of log lines larger than that is sent in
// parts; any other event that large reaches this server's subscribers only (and is logged).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { EventBus, TesseraEvent } from './bus.ts';

const CHANNEL = 'tessera_events';
const MAX_PAYLOAD = 7_900;
const RECONNECT_MS = 1_000;

type Outgoing = Omit<TesseraEvent, 'time'>;

/** Splits an event into payloads NOTIFY takes: a log event's lines are halved until each part fits. */
export function payloads(origin: string, event: Outgoing): string[] | undefined {
  const text = JSON.stringify({ o: origin, e: event });
  if (Buffer.byteLength(text) <= MAX_PAYLOAD) return [text];
  const lines = (event.detail as { events?: unknown[] } | undefined)?.events;
  if (!Array.isArray(lines) || lines.length < 2) return undefined;
  const half = Math.ceil(lines.length / 2);
  const parts = [lines.slice(0, half), lines.slice(half)].map((events) =>
    payloads(origin, { ...event, detail: { ...event.detail, events } }),
  );
  return parts.every(Boolean) ? (parts.flat() as string[]) : undefined;
}

export function fanOutThroughPostgres(
  local: EventBus,
  opts: { url: string; logger: Logger },
): { bus: EventBus; close(): Promise<void> } {
  const origin = randomUUID();
  const pool = new pg.Pool({ connectionString: opts.url, max: 2 });
  let listener: pg.Client | undefined;
  let closed = false;
  // One NOTIFY after another, so other servers see this server's events in the order they happened.
  let queue: Promise<unknown> = Promise.resolve();

  async function listen(): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: opts.url });
    const retry = (err?: Error) => {
      if (closed || listener !== client) return;
      listener = undefined;
      opts.logger.warn({ err: err?.message }, 'event fan-out: listening connection lost; reconnecting');
      void client.end().catch(() => undefined);
      setTimeout(() => void listen(), RECONNECT_MS).unref();
    };
    listener = client;
    client.on('error', retry);
    client.on('end', () => retry());
    client.on('notification', (n) => {
      try {
        const { o, e } = JSON.parse(n.payload ?? '') as { o: string; e: Outgoing };
        if (o !== origin) local.publish(e);
      } catch {
        // Not ours to read: nothing else writes to the channel.
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      retry(err as Error);
    }
  }
  void listen();

  return {
    bus: {
      publish(event) {
        local.publish(event);
        const parts = payloads(origin, event);
        if (!parts) {
          opts.logger.warn({ type: event.type, resourceArn: event.resourceArn }, 'event too large to fan out');
          return;
        }
        queue = queue.then(async () => {
          for (const p of parts)
            await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, p]).catch((err: Error) => {
              if (!closed) opts.logger.warn({ err: err.message }, 'event fan-out: NOTIFY failed');
            });
        });
      },
      subscribe: (listener) => local.subscribe(listener),
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
