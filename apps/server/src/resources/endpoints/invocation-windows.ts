// Invocation counts for autoscaling, shared by every server on the database: each server adds
// what its router counted into the window (of the autoscaling interval, aligned to the clock) the
// invocations fell in, and each window is evaluated once, by the server that claims it first, on
// the sum of every server's counts.
import type { Db } from '@tessera/db';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';
const KEEP_WINDOWS = 10;

export const windowStartOf = (at: number, intervalMs: number) => new Date(Math.floor(at / intervalMs) * intervalMs);

/** Adds one server's counts (`endpoint\0variant` → invocations) to a window. */
export async function addCounts(db: Db, counts: Map<string, number>, windowStart: Date): Promise<void> {
  for (const [key, n] of counts) {
    const [endpointName, variantName] = key.split('\0') as [string, string];
    const id = { endpointName, variantName, windowStart };
    for (let attempt = 1; ; attempt++) {
      try {
        await db.invocationCount.upsert({
          where: { endpointName_variantName_windowStart: id },
          create: { ...id, count: n },
          update: { count: { increment: n } },
        });
        break;
      } catch (err) {
        // Two servers created the row at once: the loser adds to it.
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }
}

/** True for the one server that gets to evaluate this window. */
export async function claimWindow(db: Db, windowStart: Date): Promise<boolean> {
  try {
    await db.autoscalingWindow.create({ data: { windowStart } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Every server's counts for a window; windows long past are forgotten. */
export async function countsOf(db: Db, windowStart: Date, intervalMs: number): Promise<Map<string, number>> {
  const rows = await db.invocationCount.findMany({ where: { windowStart } });
  const before = new Date(windowStart.getTime() - KEEP_WINDOWS * intervalMs);
  await db.invocationCount.deleteMany({ where: { windowStart: { lt: before } } });
  await db.autoscalingWindow.deleteMany({ where: { windowStart: { lt: before } } });
  return new Map(rows.map((r) => [`${r.endpointName}\0${r.variantName}`, r.count]));
}
