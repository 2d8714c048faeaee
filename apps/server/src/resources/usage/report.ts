// Usage arithmetic: instance-seconds of each record inside a window, split at UTC midnights,
// priced by the instance type's hourly price. Pure, so the sums can be checked by hand.
export interface MeteredRecord {
  resourceKind: string;
  resourceName: string;
  userId: string | null;
  domainId: string | null;
  userProfileName: string | null;
  instanceType: string;
  startedAt: Date;
  endedAt: Date | null;
}

export interface UsageRow {
  day: string; // YYYY-MM-DD (UTC)
  userId: string | null;
  domainId: string | null;
  userProfileName: string | null;
  resourceKind: string;
  resourceName: string;
  instanceType: string;
  instanceSeconds: number;
  cost: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Money is summed in micro-dollars' precision and shown to the cent by the UI. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * One row per (day, user, domain, profile, resource, instance type) with the seconds its
 * instances ran in [from, to); still-open records count up to `now`.
 */
export function usageRows(
  records: MeteredRecord[],
  pricePerHour: (instanceType: string) => number,
  window: { from: Date; to: Date; now: Date },
): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  const lo = window.from.getTime();
  const hi = Math.min(window.to.getTime(), window.now.getTime());
  for (const r of records) {
    let start = Math.max(r.startedAt.getTime(), lo);
    const end = Math.min((r.endedAt ?? window.now).getTime(), hi);
    while (start < end) {
      const midnight = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS;
      const sliceEnd = Math.min(end, midnight);
      const day = dayOf(start);
      const key = [day, r.userId, r.domainId, r.userProfileName, r.resourceKind, r.resourceName, r.instanceType].join(
        '\0',
      );
      const row = rows.get(key) ?? {
        day,
        userId: r.userId,
        domainId: r.domainId,
        userProfileName: r.userProfileName,
        resourceKind: r.resourceKind,
        resourceName: r.resourceName,
        instanceType: r.instanceType,
        instanceSeconds: 0,
        cost: 0,
      };
      row.instanceSeconds += (sliceEnd - start) / 1000;
      rows.set(key, row);
      start = sliceEnd;
    }
  }
  return [...rows.values()]
    .map((row) => ({
      ...row,
      instanceSeconds: round6(row.instanceSeconds),
      cost: round6((row.instanceSeconds / 3600) * pricePerHour(row.instanceType)),
    }))
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) ||
        String(a.userId).localeCompare(String(b.userId)) ||
        a.resourceName.localeCompare(b.resourceName) ||
        a.instanceType.localeCompare(b.instanceType),
    );
}

/** Sums rows by a key: per user, per domain, per day. */
export function totalsBy<K extends string>(
  rows: UsageRow[],
  key: (r: UsageRow) => K,
): Map<K, { instanceSeconds: number; cost: number }> {
  const out = new Map<K, { instanceSeconds: number; cost: number }>();
  for (const r of rows) {
    const t = out.get(key(r)) ?? { instanceSeconds: 0, cost: 0 };
    t.instanceSeconds = round6(t.instanceSeconds + r.instanceSeconds);
    t.cost = round6(t.cost + r.cost);
    out.set(key(r), t);
  }
  return out;
}

/** Every day of the window, so a chart shows the quiet days too. */
export function daysOf(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let t = Math.floor(from.getTime() / DAY_MS) * DAY_MS; t < to.getTime(); t += DAY_MS) out.push(dayOf(t));
  return out;
}
