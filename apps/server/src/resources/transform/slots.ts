// Requests in flight, per instance: each instance takes at most `perInstance` at once and a new
// request goes to the least busy one, so the work spreads over the instances while every
// instance stays within its MaxConcurrentTransforms.

export interface Slots<T> {
  acquire(signal?: AbortSignal): Promise<T>;
  release(item: T): void;
}

export function createSlots<T>(items: T[], perInstance: number): Slots<T> {
  const busy = new Map<T, number>(items.map((i) => [i, 0]));
  const waiting: { resolve: (item: T) => void; reject: (err: unknown) => void }[] = [];
  const freest = () => {
    let best: T | undefined;
    for (const [item, n] of busy) if (n < perInstance && (best === undefined || n < busy.get(best)!)) best = item;
    return best;
  };
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const item = freest();
      if (item !== undefined) {
        busy.set(item, busy.get(item)! + 1);
        return Promise.resolve(item);
      }
      return new Promise<T>((resolve, reject) => {
        const waiter = { resolve, reject };
        waiting.push(waiter);
        signal?.addEventListener(
          'abort',
          () => {
            const at = waiting.indexOf(waiter);
            if (at >= 0) waiting.splice(at, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    release(item) {
      const next = waiting.shift();
      if (next)
        next.resolve(item); // the slot passes straight on
      else busy.set(item, Math.max(0, busy.get(item)! - 1));
    },
  };
}

/**
 * Runs `fn` over `items` through the slots, results in input order. The first failure stops new
 * requests, waits for those in flight, and is thrown.
 */
export async function mapThroughSlots<I, T, R>(
  items: I[],
  slots: Slots<T>,
  fn: (slot: T, item: I, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let failure: { err: unknown } | undefined;
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < items.length && !failure; i++) {
    let slot: T;
    try {
      slot = await slots.acquire(signal);
    } catch (err) {
      failure ??= { err };
      break;
    }
    if (failure) {
      slots.release(slot);
      break;
    }
    const p: Promise<void> = fn(slot, items[i]!, i)
      .then(
        (r) => {
          out[i] = r;
        },
        (err) => {
          failure ??= { err };
        },
      )
      .finally(() => {
        slots.release(slot);
        inFlight.delete(p);
      });
    inFlight.add(p);
  }
  await Promise.all([...inFlight]);
  if (failure) throw failure.err;
  return out;
}
