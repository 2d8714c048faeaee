// An endpoint's history: one row per request that changed it (created, updated to a config,
// weights or capacities changed, autoscaled, delete asked) and per status it reached, with the
// reason when there is one (a failed rollout; an update rolled back while the old fleet served on).
// Written in the same transaction as the change it records, so the history and the endpoint
// cannot disagree after a crash.
import type { Db } from '@tessera/db';
import type { Tx } from '../../platform/db/transaction.ts';
import type { Fleet } from './fleet-shape.ts';

/** Enough for months of daily updates; an autoscaling endpoint that flaps keeps its latest. */
export const HISTORY_KEPT = 200;

export interface HistoryEntry {
  status: string;
  configName?: string | null;
  /** What was asked, in words ("Update from a to b", "AllTraffic: 2 → 3 instances (autoscaling)"). */
  change?: string;
  reason?: string | null;
}

export async function recordHistory(db: Db | Tx, endpointName: string, entry: HistoryEntry): Promise<void> {
  await db.endpointHistory.create({
    data: {
      endpointName,
      status: entry.status,
      configName: entry.configName ?? null,
      change: entry.change ?? null,
      reason: entry.reason ?? null,
    },
  });
  const oldestKept = await db.endpointHistory.findFirst({
    where: { endpointName },
    orderBy: { id: 'desc' },
    skip: HISTORY_KEPT - 1,
    select: { id: true },
  });
  if (oldestKept) await db.endpointHistory.deleteMany({ where: { endpointName, id: { lt: oldestKept.id } } });
}

/** From `since` on (the endpoint's creation): rows of an earlier endpoint of the name are not its. */
export function readHistory(db: Db, endpointName: string, since: Date) {
  return db.endpointHistory.findMany({ where: { endpointName, time: { gte: since } }, orderBy: { id: 'asc' } });
}

/** The variants whose weight or instance count differ between two fleets, in words. */
export function describeFleetChange(before: Fleet, after: Fleet): string {
  const parts: string[] = [];
  for (const v of after.variants) {
    const was = before.variants.find((b) => b.name === v.name);
    if (!was) continue;
    const changes: string[] = [];
    if (was.weight !== v.weight) changes.push(`weight ${was.weight} → ${v.weight}`);
    if (was.desiredCount !== v.desiredCount) changes.push(`${was.desiredCount} → ${v.desiredCount} instances`);
    if (changes.length) parts.push(`${v.name}: ${changes.join(', ')}`);
  }
  return parts.join('; ');
}
