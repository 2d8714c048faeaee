// Reconcilers on several servers sharing one PostgreSQL database: leases keep each key on one
// server, and a server that is asked to look at a key another server holds (a request it served,
// say) tells the holder to look, with NOTIFY on `tessera_reconcile`; only the named holder listens
// to a message, so no message is ever passed on again.
import type { Db } from '@tessera/db';
import { openPgChannel } from '../events/pg-channel.ts';
import type { Logger } from '../logger.ts';
import { createLeases, type Leases } from './leases.ts';
import { parseLeaseKey } from './runner.ts';

const CHANNEL = 'tessera_reconcile';

export interface Coordination {
  leases: Leases;
  heldElsewhere(kind: string, id: string, holder: string): void;
  /** Holds leases as `holder`; `enqueue` runs a key here (one taken over, or one a holder was told of). */
  start(holder: string, enqueue: (kind: string, id: string) => void): Promise<void>;
  close(): Promise<void>;
}

export function coordinateThroughPostgres(deps: { db: Db; url: string; logger: Logger; ttlMs?: number }): Coordination {
  const leases = createLeases(deps);
  let me: string | undefined;
  let enqueueHere: ((kind: string, id: string) => void) | undefined;
  const channel = openPgChannel({
    url: deps.url,
    channel: CHANNEL,
    logger: deps.logger,
    onMessage(payload) {
      try {
        const { h, k, i } = JSON.parse(payload) as { h: string; k: string; i: string };
        if (h === me && typeof k === 'string' && typeof i === 'string') enqueueHere?.(k, i);
      } catch {
        // Not ours to read: nothing else writes to the channel.
      }
    },
  });
  return {
    leases,
    heldElsewhere(kind, id, holder) {
      const payload = JSON.stringify({ h: holder, k: kind, i: id });
      if (Buffer.byteLength(payload) < 7_900) channel.notify(payload);
    },
    async start(holder, enqueue) {
      me = holder;
      enqueueHere = enqueue;
      await leases.start(holder, (key) => {
        const { kind, id } = parseLeaseKey(key);
        enqueue(kind, id);
      });
    },
    async close() {
      await leases.stop();
      await channel.close();
    },
  };
}
