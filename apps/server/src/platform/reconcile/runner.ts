// Runs reconcile functions, level-based in the manner of controller-runtime: a key is
// (kind, id); enqueuing a key that is already queued or running coalesces; a function that
// throws is retried with exponential backoff; one that returns `requeueAfterMs` is looked at
// again then. Reconcile functions are idempotent, so calling one more often is always safe.
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

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

export function createReconciler(deps: {
  kinds: Record<string, ReconcileFn>;
  logger: Logger;
  metrics: Metrics;
}): Reconciler {
  const { kinds, logger, metrics } = deps;
  const queue: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const dirty = new Set<string>(); // enqueued again while running: run once more after
  const timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  const failures = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
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

  async function run(key: string) {
    const [kind, id] = key.split('\0') as [string, string];
    const fn = kinds[kind];
    if (!fn) throw new Error(`no reconciler for kind ${kind}`);
    try {
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
