// Wraps the Prisma client so that writes to cached models invalidate their caches: at the write,
// after it, and after every transaction commits (see row-cache.ts for why all three).
import type { Db } from '@tessera/db';
import type { RowCache } from './row-cache.ts';

const READS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);

export function withCacheInvalidation(db: Db, caches: Record<string, RowCache<unknown>>): Db {
  const extended = db.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const cache = caches[model];
          if (!cache || READS.has(operation)) return query(args);
          cache.invalidateAll();
          try {
            return await query(args);
          } finally {
            cache.invalidateAll();
          }
        },
      },
    },
  });
  const transaction = extended.$transaction.bind(extended) as (...a: unknown[]) => Promise<unknown>;
  return new Proxy(extended, {
    get(target, prop, receiver) {
      if (prop !== '$transaction') return Reflect.get(target, prop, receiver);
      return async (...args: unknown[]) => {
        try {
          return await transaction(...args);
        } finally {
          for (const cache of Object.values(caches)) cache.invalidateAll();
        }
      };
    },
  }) as unknown as Db;
}
