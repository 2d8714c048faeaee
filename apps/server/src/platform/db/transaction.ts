// Check-then-write sequences (limits, unique names) run in one serializable transaction, so two
// racing requests cannot both pass the check. PostgreSQL may abort one of them with a
// serialization failure; it is retried, and then sees the other's write.
import type { Db } from '@tessera/db';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
export type { Tx };

const RETRIES = 8;

function isSerializationFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === 'P2034' ||
    /TransactionWriteConflict|could not serialize|deadlock detected|40001|40P01|SQLITE_BUSY|database is locked/i.test(
      e?.message ?? '',
    )
  );
}

export async function writeTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(fn, { isolationLevel: 'Serializable', maxWait: 10_000, timeout: 20_000 });
    } catch (err) {
      if (attempt >= RETRIES || !isSerializationFailure(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
