// A small read-through cache for rows read on hot paths (DescribeDomain). Correctness first:
//  - every write to the model through Prisma invalidates it (a client extension, so no write
//    path can forget), and so does the end of every transaction (a row written inside one must
//    not be re-cached from the pre-commit state);
//  - a load that raced with a write is not stored (generation check);
//  - entries expire after `ttlMs`, which bounds staleness when another server process shares
//    the PostgreSQL database — within the eventual consistency SageMaker itself documents.
export interface RowCache<T> {
  get(key: string, load: () => Promise<T | null>): Promise<T | null>;
  invalidateAll(): void;
}

export function createRowCache<T>(opts: { ttlMs: number; max: number; now?: () => number }): RowCache<T> {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value: T | null; at: number }>();
  let generation = 0;
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < opts.ttlMs) return hit.value;
      const before = generation;
      const value = await load();
      if (generation === before && value !== null) {
        if (entries.size >= opts.max) entries.clear();
        entries.set(key, { value, at: now() });
      }
      return value;
    },
    invalidateAll() {
      generation++;
      entries.clear();
    },
  };
}
