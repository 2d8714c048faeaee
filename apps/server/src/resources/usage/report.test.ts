import { describe, expect, it } from 'vitest';
import { daysOf, totalsBy, usageRows, type MeteredRecord } from './report.ts';

const rec = (over: Partial<MeteredRecord>): MeteredRecord => ({
  resourceKind: 'TrainingJob',
  resourceName: 'job',
  userId: 'u1',
  domainId: 'd-1',
  userProfileName: 'alice',
  instanceType: 'ml.m5.large',
  startedAt: new Date('2026-11-01T10:00:00Z'),
  endedAt: new Date('2026-11-01T11:00:00Z'),
  ...over,
});
const prices: Record<string, number> = { 'ml.m5.large': 0.115, 'ml.t3.medium': 0.05, system: 0 };
const price = (t: string) => prices[t] ?? 0;
const window = {
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-04T00:00:00Z'),
  now: new Date('2026-11-10T00:00:00Z'),
};

describe('usage arithmetic', () => {
  it('prices one hour of one instance at its hourly price', () => {
    const [row] = usageRows([rec({})], price, window);
    expect(row).toMatchObject({ day: '2026-11-01', instanceSeconds: 3600, cost: 0.115 });
  });

  it('counts each instance of a multi-instance job (one record each)', () => {
    const rows = usageRows([rec({}), rec({})], price, window);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ instanceSeconds: 7200, cost: 0.23 });
  });

  it('splits a record that runs over midnight between the two days', () => {
    const rows = usageRows(
      [rec({ startedAt: new Date('2026-11-01T23:30:00Z'), endedAt: new Date('2026-11-02T00:45:00Z') })],
      price,
      window,
    );
    expect(rows.map((r) => [r.day, r.instanceSeconds])).toEqual([
      ['2026-11-01', 1800],
      ['2026-11-02', 2700],
    ]);
  });

  it('clips to the window and counts open records up to now', () => {
    const w = {
      from: new Date('2026-11-02T00:00:00Z'),
      to: new Date('2026-11-03T00:00:00Z'),
      now: new Date('2026-11-02T06:00:00Z'),
    };
    const rows = usageRows(
      [rec({ startedAt: new Date('2026-11-01T20:00:00Z'), endedAt: null, instanceType: 'ml.t3.medium' })],
      price,
      w,
    );
    expect(rows).toEqual([expect.objectContaining({ day: '2026-11-02', instanceSeconds: 6 * 3600, cost: 0.3 })]);
  });

  it('leaves out records wholly outside the window and prices free instance types at zero', () => {
    const rows = usageRows(
      [
        rec({ startedAt: new Date('2026-10-01T00:00:00Z'), endedAt: new Date('2026-10-02T00:00:00Z') }),
        rec({ instanceType: 'system', resourceKind: 'App' }),
      ],
      price,
      window,
    );
    expect(rows).toEqual([expect.objectContaining({ instanceType: 'system', instanceSeconds: 3600, cost: 0 })]);
  });

  it('sums per user and per day', () => {
    const rows = usageRows(
      [
        rec({}),
        rec({
          userId: 'u2',
          startedAt: new Date('2026-11-02T00:00:00Z'),
          endedAt: new Date('2026-11-02T00:30:00Z'),
          instanceType: 'ml.t3.medium',
        }),
      ],
      price,
      window,
    );
    expect(Object.fromEntries(totalsBy(rows, (r) => r.userId ?? ''))).toEqual({
      u1: { instanceSeconds: 3600, cost: 0.115 },
      u2: { instanceSeconds: 1800, cost: 0.025 },
    });
    expect([...totalsBy(rows, (r) => r.day).keys()]).toEqual(['2026-11-01', '2026-11-02']);
    expect(daysOf(window.from, window.to)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });
});
