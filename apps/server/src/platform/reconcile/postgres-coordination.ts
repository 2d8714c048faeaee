// Reconcilers on several servers sharing one PostgreSQL database: leases keep each key on one
// server, and a server that is asked to look at a key another server holds (a request it served,
// say) tells the holder to look, with NOTIFY on `tessera_reconcile`; only the named holder listens
// to such a message, so no message is ever passed on again. The same channel carries questions to
// every other live server (`askPeers`), each answered by the server's handler for its topic: a
// server about to stop an endpoint's old instances asks the others to finish their calls to them.
import { randomUUID } from 'node:crypto';
import type { Db } from '@tessera/db';
import { openPgChannel } from '../events/pg-channel.ts';
import type { Logger } from '../logger.ts';
import { createLeases, isMembership, type Leases } from './leases.ts';
import { parseLeaseKey } from './runner.ts';

const CHANNEL = 'tessera_reconcile';
const MAX_PAYLOAD = 7_900;

type Message =
  | { t: 'look'; h: string; k: string; i: string }
  | { t: 'ask'; q: string; f: string; topic: string; p: unknown }
  | { t: 'done'; q: string; f: string; to: string };

export interface Coordination {
  leases: Leases;
  heldElsewhere(kind: string, id: string, holder: string): void;
  /**
   * Holds leases as `holder`; `enqueue` runs a key here (one taken over, or one a holder was told of).
   * `memberships`: further keys held while this server runs (leases.ts).
   */
  start(holder: string, enqueue: (kind: string, id: string) => void, memberships?: string[]): Promise<void>;
  /** Sets what this server does when another asks it about `topic`; it answers once that resolves. */
  answer(topic: string, handler: (payload: unknown) => Promise<void>): void;
  /** Asks every other live server and resolves when all have answered (or after `timeoutMs`), naming who did not. */
  askPeers(topic: string, payload: unknown, timeoutMs: number): Promise<{ missing: string[] }>;
  close(): Promise<void>;
}

export function coordinateThroughPostgres(deps: { db: Db; url: string; logger: Logger; ttlMs?: number }): Coordination {
  const leases = createLeases(deps);
  let me: string | undefined;
  let enqueueHere: ((kind: string, id: string) => void) | undefined;
  const handlers = new Map<string, (payload: unknown) => Promise<void>>();
  const waiting = new Map<string, { peers: Set<string>; done: () => void }>();
  const send = (m: Message) => {
    const payload = JSON.stringify(m);
    if (Buffer.byteLength(payload) <= MAX_PAYLOAD) channel.notify(payload);
    else deps.logger.warn({ type: m.t }, 'coordination message too large; not sent');
  };

  function receive(m: Message) {
    if (m.t === 'look' && m.h === me) enqueueHere?.(m.k, m.i);
    else if (m.t === 'ask' && m.f !== me && me) {
      const handler = handlers.get(m.topic);
      if (!handler) return;
      const from = me;
      void handler(m.p)
        .catch((err: Error) => deps.logger.warn({ topic: m.topic, err: err.message }, 'answering a peer failed'))
        .finally(() => send({ t: 'done', q: m.q, f: from, to: m.f }));
    } else if (m.t === 'done' && m.to === me) {
      const w = waiting.get(m.q);
      if (w?.peers.delete(m.f) && !w.peers.size) w.done();
    }
  }

  const channel = openPgChannel({
    url: deps.url,
    channel: CHANNEL,
    logger: deps.logger,
    onMessage(payload) {
      try {
        receive(JSON.parse(payload) as Message);
      } catch {
        // Not ours to read: nothing else writes to the channel.
      }
    },
  });

  return {
    leases,
    heldElsewhere(kind, id, holder) {
      send({ t: 'look', h: holder, k: kind, i: id });
    },
    async start(holder, enqueue, memberships) {
      me = holder;
      enqueueHere = enqueue;
      await leases.start(
        holder,
        (key) => {
          if (isMembership(key)) return; // a server's, not a resource's
          const { kind, id } = parseLeaseKey(key);
          enqueue(kind, id);
        },
        memberships,
      );
    },
    answer(topic, handler) {
      handlers.set(topic, handler);
    },
    async askPeers(topic, payload, timeoutMs) {
      const peers = new Set(await leases.peers());
      if (!peers.size || !me) return { missing: [] };
      const q = randomUUID();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        waiting.set(q, {
          peers,
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        send({ t: 'ask', q, f: me!, topic, p: payload });
      });
      waiting.delete(q);
      return { missing: [...peers] };
    },
    async close() {
      await leases.stop();
      await channel.close();
    },
  };
}
