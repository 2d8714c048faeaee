import type { MonitoringSchedule } from '@tessera/db';
import { describe, expect, it } from 'vitest';
import { dueTime } from './reconcile-monitoring-schedule.ts';
import { lastFire, nextFire, offsetMs, parseSchedule } from './schedule-expression.ts';

const at = (iso: string) => new Date(iso);

describe('schedule expressions', () => {
  it('reads the forms SageMaker documents, UTC hours', () => {
    expect(parseSchedule('NOW')).toEqual({ kind: 'now' });
    expect(parseSchedule('cron(0 * ? * * *)')).toEqual({ kind: 'cron', hours: [...Array(24).keys()] });
    expect(parseSchedule('cron(0 12 ? * * *)')).toEqual({ kind: 'cron', hours: [12] });
    expect(parseSchedule('cron(0 17/12 ? * * *)')).toEqual({ kind: 'cron', hours: [17] });
    expect(parseSchedule('cron(0 0/6 ? * * *)')).toEqual({ kind: 'cron', hours: [0, 6, 12, 18] });
    expect(parseSchedule('cron(0 */8 ? * * *)')).toEqual({ kind: 'cron', hours: [0, 8, 16] });
    expect(parseSchedule('cron(0 13,1 ? * * *)')).toEqual({ kind: 'cron', hours: [1, 13] });
  });

  it('refuses the rest with the forms it takes', () => {
    for (const e of [
      'rate(1 hour)',
      'cron(15 * ? * * *)',
      'cron(0 25 ? * * *)',
      'cron(0 * 1 * * *)',
      'cron(0 * ? 1 * *)',
      'cron(0 0/0 ? * * *)',
      'cron(0 * ? * *)',
      'now',
    ])
      expect(() => parseSchedule(e), e).toThrow(/is not supported: use NOW, cron\(0 \* \? \* \* \*\)/);
  });

  it('fires on the listed hours, strictly after and at-or-before a time', () => {
    const sixHourly = parseSchedule('cron(0 0/6 ? * * *)') as { kind: 'cron'; hours: number[] };
    expect(nextFire(sixHourly, at('2026-12-07T05:59:59Z'))).toEqual(at('2026-12-07T06:00:00Z'));
    expect(nextFire(sixHourly, at('2026-12-07T06:00:00Z'))).toEqual(at('2026-12-07T12:00:00Z'));
    expect(nextFire(sixHourly, at('2026-12-31T23:30:00Z'))).toEqual(at('2027-01-01T00:00:00Z'));
    expect(lastFire(sixHourly, at('2026-12-07T11:59:00Z'))).toEqual(at('2026-12-07T06:00:00Z'));
    expect(lastFire(sixHourly, at('2026-12-07T00:00:00Z'))).toEqual(at('2026-12-07T00:00:00Z'));
  });

  it('reads ISO-8601 offsets, signed', () => {
    expect(offsetMs('-PT1H', 'x')).toBe(-3_600_000);
    expect(offsetMs('-P1D', 'x')).toBe(-86_400_000);
    expect(offsetMs('-P1DT2H30M', 'x')).toBe(-(24 * 60 + 150) * 60_000);
    expect(offsetMs('PT0H', 'x')).toBe(0);
    for (const bad of ['-PT', 'P', '1H', '-PTH', 'soon'])
      expect(() => offsetMs(bad, 'Start')).toThrow(/is not an ISO-8601/);
  });
});

describe('when a schedule is due', () => {
  const schedule = (config: object, extra: Partial<MonitoringSchedule> = {}) =>
    ({
      config: { ScheduleConfig: config },
      createdAt: at('2026-12-07T09:10:00Z'),
      lastScheduledTime: null,
      runOnceAt: null,
      ...extra,
    }) as MonitoringSchedule;

  it('an hourly schedule is first due at the hour after its creation, then each hour once', () => {
    const hourly = schedule({ ScheduleExpression: 'cron(0 * ? * * *)' });
    expect(dueTime(hourly, at('2026-12-07T09:30:00Z'))).toEqual(at('2026-12-07T10:00:00Z'));
    expect(dueTime(hourly, at('2026-12-07T10:00:05Z'))).toEqual(at('2026-12-07T10:00:00Z'));
    const ran = { ...hourly, lastScheduledTime: at('2026-12-07T10:00:00Z') };
    expect(dueTime(ran, at('2026-12-07T10:20:00Z'))).toEqual(at('2026-12-07T11:00:00Z'));
  });

  it('after a long stop only the latest missed fire is due, not every one', () => {
    const ran = schedule(
      { ScheduleExpression: 'cron(0 * ? * * *)' },
      { lastScheduledTime: at('2026-12-07T10:00:00Z') },
    );
    expect(dueTime(ran, at('2026-12-07T15:42:00Z'))).toEqual(at('2026-12-07T15:00:00Z'));
  });

  it('a NOW schedule is due once, at the time it was armed', () => {
    const once = schedule(
      { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H', DataAnalysisEndTime: '-PT0H' },
      { runOnceAt: at('2026-12-07T09:10:01Z') },
    );
    expect(dueTime(once, at('2026-12-07T09:10:02Z'))).toEqual(at('2026-12-07T09:10:01Z'));
    expect(
      dueTime({ ...once, lastScheduledTime: at('2026-12-07T09:10:01Z') }, at('2026-12-07T12:00:00Z')),
    ).toBeUndefined();
  });
});
