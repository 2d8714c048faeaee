// Several servers on one PostgreSQL database (the scale-out path): an event published on one server
// reaches the WebSocket subscribers of every server. Each event is delivered locally at once and sent
// with NOTIFY on one channel; every server LISTENs on a connection of its own and delivers what the
// others sent. NOTIFY carries at most 8000 bytes: a batch of log lines larger than that is sent in
// parts; any other event that large reaches this server's subscribers only (and is logged).
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { EventBus, TesseraEvent } from './bus.ts';
import { openPgChannel } from './pg-channel.ts';

const CHANNEL = 'tessera_events';
const MAX_PAYLOAD = 7_900;

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
  const channel = openPgChannel({
    url: opts.url,
    channel: CHANNEL,
    logger: opts.logger,
    onMessage(payload) {
      try {
        const { o, e } = JSON.parse(payload) as { o: string; e: Outgoing };
        if (o !== origin) local.publish(e);
      } catch {
        // Not ours to read: nothing else writes to the channel.
      }
    },
  });
  return {
    bus: {
      publish(event) {
        local.publish(event);
        const parts = payloads(origin, event);
        if (!parts) {
          opts.logger.warn({ type: event.type, resourceArn: event.resourceArn }, 'event too large to fan out');
          return;
        }
        for (const p of parts) channel.notify(p);
      },
      subscribe: (listener) => local.subscribe(listener),
    },
    close: () => channel.close(),
  };
}
