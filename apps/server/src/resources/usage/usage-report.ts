// Builds the usage answer for a window of UTC days: the rows of report.ts with names attached
// and the totals the console charts (per user, per domain, per day, per instance type).
import type { Db } from '@tessera/db';
import type { UsageResponse } from '@tessera/contracts';
import { validation } from '../../platform/errors.ts';
import { daysOf, totalsBy, usageRows } from './report.ts';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

export interface UsageWindow {
  from: Date;
  to: Date; // exclusive: the midnight after the last day
}

/** `to` is inclusive in the query (a day), exclusive here; the default is the last 30 days. */
export function usageWindow(q: { from?: string; to?: string }, now = new Date()): UsageWindow {
  const to = q.to
    ? new Date(`${q.to}T00:00:00Z`).getTime() + DAY_MS
    : Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  const from = q.from ? new Date(`${q.from}T00:00:00Z`).getTime() : to - 30 * DAY_MS;
  if (Number.isNaN(from) || Number.isNaN(to)) throw validation('from and to must be real days (YYYY-MM-DD)');
  if (from >= to) throw validation(`from (${q.from}) must not be after to (${q.to ?? 'today'})`);
  if (to - from > MAX_DAYS * DAY_MS) throw validation(`A usage report covers at most ${MAX_DAYS} days; narrow from/to`);
  return { from: new Date(from), to: new Date(to) };
}

export async function usageReport(
  db: Db,
  window: UsageWindow,
  opts: { domainId?: string; now?: Date } = {},
): Promise<UsageResponse> {
  const now = opts.now ?? new Date();
  const records = await db.usageRecord.findMany({
    where: {
      startedAt: { lt: window.to },
      OR: [{ endedAt: null }, { endedAt: { gt: window.from } }],
      ...(opts.domainId ? { domainId: opts.domainId } : {}),
    },
  });
  const types = await db.instanceType.findMany();
  const price = new Map(types.map((t) => [t.name, t.pricePerHour]));
  const rows = usageRows(records, (t) => price.get(t) ?? 0, { ...window, now });

  const userIds = [...new Set(rows.map((r) => r.userId).filter((u): u is string => !!u))];
  const domainIds = [...new Set(rows.map((r) => r.domainId).filter((d): d is string => !!d))];
  const usernames = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } })).map((u) => [
      u.id,
      u.username,
    ]),
  );
  const domainNames = new Map(
    (await db.domain.findMany({ where: { id: { in: domainIds } }, select: { id: true, name: true } })).map((d) => [
      d.id,
      d.name,
    ]),
  );
  const sum = (key: string, t: { instanceSeconds: number; cost: number }) => ({ key, ...t });

  const total = totalsBy(rows, () => 'all').get('all') ?? { instanceSeconds: 0, cost: 0 };
  const perDay = totalsBy(rows, (r) => r.day);
  const byCost = <T extends { cost: number }>(a: T, b: T) => b.cost - a.cost;
  return {
    currency: 'USD',
    from: window.from.toISOString().slice(0, 10),
    to: new Date(window.to.getTime() - DAY_MS).toISOString().slice(0, 10),
    total,
    byUser: [...totalsBy(rows, (r) => r.userId ?? '')]
      .map(([k, t]) => sum(k, t))
      .map(({ key, ...t }) => ({ userId: key || null, username: usernames.get(key) ?? null, ...t }))
      .sort(byCost),
    byDomain: [...totalsBy(rows, (r) => r.domainId ?? '')]
      .map(([key, t]) => ({ domainId: key || null, domainName: domainNames.get(key) ?? null, ...t }))
      .sort(byCost),
    byDay: daysOf(window.from, window.to).map((day) => ({
      day,
      ...(perDay.get(day) ?? { instanceSeconds: 0, cost: 0 }),
    })),
    byInstanceType: [...totalsBy(rows, (r) => r.instanceType)]
      .map(([instanceType, t]) => ({ instanceType, pricePerHour: price.get(instanceType) ?? 0, ...t }))
      .sort(byCost),
    rows: rows.map((r) => ({
      ...r,
      resourceKind: r.resourceKind as UsageResponse['rows'][number]['resourceKind'],
      username: r.userId ? (usernames.get(r.userId) ?? null) : null,
    })),
  };
}

const CSV_COLUMNS = [
  'day',
  'username',
  'domainId',
  'userProfileName',
  'resourceKind',
  'resourceName',
  'instanceType',
  'instanceSeconds',
  'pricePerHour',
  'cost',
] as const;

/** RFC 4180: fields with a comma, quote or line break are quoted; a leading =+-@ is defused for spreadsheets. */
function field(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function usageCsv(report: UsageResponse): string {
  const price = new Map(report.byInstanceType.map((t) => [t.instanceType, t.pricePerHour]));
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.rows) {
    const row = {
      ...r,
      pricePerHour: price.get(r.instanceType) ?? 0,
      cost: r.cost.toFixed(6),
      instanceSeconds: r.instanceSeconds.toFixed(3),
    };
    lines.push(CSV_COLUMNS.map((c) => field(row[c as keyof typeof row])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
