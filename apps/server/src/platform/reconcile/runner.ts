// Runs reconcile functions, level-based in the manner of controller-runtime: a key is
// (kind, id); enqueuing a key that is already queued or running coalesces; a function that
// throws is retried with exponential backoff; one that returns `requeueAfterMs` is looked at
// again then. Reconcile functions are idempotent, so calling one more often is always safe.
// With `leases` (several servers on one database) a key runs only while this server holds its
// lease: a key another server holds is left to it (`heldElsewhere` tells that server to look), and
// a key this server no longer queues, runs or times is given up.
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Leases } from './leases.ts';

export type ReconcileResult = { requeueAfterMs?: number } | void;
export type ReconcileFn = (id: string) => Promise<ReconcileResult>;

export interface Reconciler {
  enqueue(kind: string, id: string, delayMs?: number): void;
  /** Resolves when nothing is queued, running or due within `horizonMs`. For tests and shutdown. */
  idle(horizonMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const MAX_CONCURRENT = 8;
const BASE_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 30_000;

/** A lease's name for a key: the kind never holds a '/', the id may. */
export const leaseKey = (kind: string, id: string) => `${kind}/${id}`;
export function parseLeaseKey(key: string): { kind: string; id: string } {
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash), id: key.slice(slash + 1) };
}

export function createReconciler(deps: {
  kinds: Record<string, ReconcileFn>;
  logger: Logger;
  metrics: Metrics;
  leases?: Pick<Leases, 'acquire' | 'release'>;
  heldElsewhere?: (kind: string, id: string, holder: string) => void;
}): Reconciler {
  const { kinds, logger, metrics, leases } = deps;
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const dirty = new Set<string>(); // enqueued again while running: run once more after
  const timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  const failures = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
  const held = new Set<string>(); // keys whose lease this server holds
  // A key's lease operations run one after another, so a release never lands after a later acquire.
  const leaseOps = new Map<string, Promise<unknown>>();
  let stopped = false;

  const keyOf = (kind: string, id: string) => `${kind}\0${id}`;

  function pump() {
    while (!stopped && running.size < MAX_CONCURRENT && queue.length) {
      const key = queue.shift()!;
      queued.delete(key);
      running.add(key);
      const p = run(key).finally(() => {
        running.delete(key);
        inflight.delete(p);
        if (dirty.delete(key)) schedule(key, 0);
        releaseIfIdle(key);
        pump();
      });
      inflight.add(p);
    }
  }

  function schedule(key: string, delayMs: number) {
    if (stopped) return;
    if (delayMs <= 0) {
      const t = timers.get(key);
      if (t) {
        clearTimeout(t.timer);
        timers.delete(key);
      }
      if (running.has(key)) dirty.add(key);
      else if (!queued.has(key)) {
        queued.add(key);
        queue.push(key);
        pump();
      }
      return;
    }
    const at = Date.now() + delayMs;
    const existing = timers.get(key);
    if (existing && existing.at <= at) return; // an earlier look is already planned
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      timers.delete(key);
      schedule(key, 0);
    }, delayMs);
    timer.unref();
    timers.set(key, { timer, at });
  }

  function serially<T>(key: string, op: () => Promise<T>): Promise<T> {
    const next = (leaseOps.get(key) ?? Promise.resolve()).then(op, op);
    leaseOps.set(key, next);
    const forget = () => {
      if (leaseOps.get(key) === next) leaseOps.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  function releaseIfIdle(key: string) {
    if (!leases || !held.has(key)) return;
    const idle = () => !queued.has(key) && !running.has(key) && !timers.has(key) && !dirty.has(key);
    if (!idle()) return;
    const [kind, id] = key.split('\0') as [string, string];
    void serially(key, async () => {
      if (!idle() || !held.has(key)) return;
      held.delete(key);
      await leases.release(leaseKey(kind, id));
    }).catch((err: Error) => logger.warn({ kind, id, err: err.message }, 'reconcile lease: release failed'));
  }

  async function run(key: string) {
    const [kind, id] = key.split('\0') as [string, string];
    const fn = kinds[kind];
    if (!fn) {
      // A kind this server does not know (a newer server's, named by a lease or a peer): not its to run.
      logger.warn({ kind, id }, 'no reconciler for this kind here; left alone');
      return;
    }
    try {
      if (leases) {
        const lease = await serially(key, () => leases.acquire(leaseKey(kind, id)));
        if (!lease.held && !lease.holder) {
          // Released between our two looks at it: look again in a moment.
          schedule(key, 100);
          return;
        }
        if (!lease.held) {
          held.delete(key);
          metrics.reconciles.inc({ kind, result: 'held-elsewhere' });
          deps.heldElsewhere?.(kind, id, lease.holder);
          return;
        }
        held.add(key);
      }
      const result = await fn(id);
      failures.delete(key);
      metrics.reconciles.inc({ kind, result: result?.requeueAfterMs !== undefined ? 'requeue' : 'ok' });
      if (result?.requeueAfterMs !== undefined) schedule(key, result.requeueAfterMs);
    } catch (err) {
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (n - 1));
      metrics.reconciles.inc({ kind, result: 'error' });
      logger.warn(
        { kind, id, attempt: n, retryInMs: delay, err: (err as Error).message },
        'reconcile failed; will retry',
      );
      schedule(key, delay);
    }
  }

  return {
    enqueue(kind, id, delayMs = 0) {
      schedule(keyOf(kind, id), delayMs);
    },
    async idle(horizonMs = 0) {
      for (;;) {
        const soon = [...timers.values()].some((t) => t.at - Date.now() <= horizonMs);
        if (!queue.length && !running.size && !soon) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t.timer);
      timers.clear();
      await Promise.allSettled([...inflight]);
    },
  };
}
