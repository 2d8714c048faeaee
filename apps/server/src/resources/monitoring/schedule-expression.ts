// ScheduleExpression as SageMaker accepts it: `NOW` (one execution, at once) or a cron expression of
// six fields (minute hour day-of-month month day-of-week year) that fires on the hour: hourly
// `cron(0 * ? * * *)`, daily `cron(0 12 ? * * *)`, every N hours `cron(0 0/6 ? * * *)` (a star for
// the first hour means 0) or a list of hours `cron(0 1,13 ? * * *)`. Times are UTC. Analysis windows are
// ISO-8601 offsets before the scheduled time (`-PT1H`, `-P1D`), at most MAX_LOOKBACK_DAYS before it.
import { validation } from '../../platform/errors.ts';

export type Schedule = { kind: 'now' } | { kind: 'cron'; hours: number[] };

const FORMS =
  'NOW, cron(0 * ? * * *) (hourly), cron(0 H ? * * *) (daily at hour H), cron(0 H/N ? * * *) (every N hours from H) ' +
  'or cron(0 H1,H2 ? * * *)';

export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  if (text === 'NOW') return { kind: 'now' };
  const m = /^cron\((.*)\)$/.exec(text);
  const fields = m ? m[1]!.trim().split(/\s+/) : [];
  const refuse = () =>
    validation(`ScheduleExpression ${JSON.stringify(expression.slice(0, 80))} is not supported: use ${FORMS} (UTC)`);
  if (fields.length !== 6) throw refuse();
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (!/^0+$/.test(minute)) throw refuse();
  if (!['?', '*'].includes(dom) || month !== '*' || !['?', '*'].includes(dow) || year !== '*') throw refuse();
  const hours = hoursOf(hour);
  if (!hours) throw refuse();
  return { kind: 'cron', hours };
}

function hoursOf(field: string): number[] | undefined {
  const int = (s: string) => (/^\d{1,2}$/.test(s) ? Number(s) : NaN);
  if (field === '*') return [...Array(24).keys()];
  const step = /^(\*|\d{1,2})\/(\d{1,2})$/.exec(field);
  if (step) {
    const from = step[1] === '*' ? 0 : int(step[1]!);
    const every = int(step[2]!);
    if (!(from >= 0 && from <= 23 && every >= 1 && every <= 24)) return undefined;
    const out: number[] = [];
    for (let h = from; h < 24; h += every) out.push(h);
    return out;
  }
  const list = field.split(',').map(int);
  if (list.some((h) => !(h >= 0 && h <= 23))) return undefined;
  return [...new Set(list)].sort((a, b) => a - b);
}

/** The first time the cron schedule fires strictly after `after`. */
export function nextFire(schedule: Extract<Schedule, { kind: 'cron' }>, after: Date): Date {
  const t = new Date(after.getTime());
  t.setUTCMinutes(0, 0, 0);
  for (let i = 0; i < 48; i++) {
    t.setUTCHours(t.getUTCHours() + 1);
    if (schedule.hours.includes(t.getUTCHours())) return new Date(t.getTime());
  }
  throw new Error('a cron schedule with no hours');
}

/** The most recent fire at or before `now`. */
export function lastFire(schedule: Extract<Schedule, { kind: 'cron' }>, now: Date): Date {
  const t = new Date(now.getTime());
  t.setUTCMinutes(0, 0, 0);
  for (let i = 0; i < 48; i++) {
    if (schedule.hours.includes(t.getUTCHours())) return new Date(t.getTime());
    t.setUTCHours(t.getUTCHours() - 1);
  }
  throw new Error('a cron schedule with no hours');
}

const DURATION = /^([-+])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO-8601 duration as signed milliseconds; `field` names it in the error. */
export function offsetMs(text: string, field: string): number {
  const m = DURATION.exec(text);
  if (!m || text.endsWith('T') || /^[-+]?P$/.test(text))
    throw validation(`${field} ${JSON.stringify(text)} is not an ISO-8601 duration such as -PT1H or -P1D`);
  const [, sign, w, d, h, min, s] = m;
  const ms = ((+(w ?? 0) * 7 + +(d ?? 0)) * 24 * 3600 + +(h ?? 0) * 3600 + +(min ?? 0) * 60 + +(s ?? 0)) * 1000;
  return sign === '-' ? -ms : ms;
}

/**
 * How far before its scheduled time an execution's window may reach. Every hour from there on is
 * looked up in the object store (the capture's, and the ground truth's until the execution), so an
 * offset of years would keep the server listing for days.
 */
export const MAX_LOOKBACK_DAYS = 31;
export const MAX_LOOKBACK_MS = MAX_LOOKBACK_DAYS * 24 * 3_600_000;

/** An analysis window's offset (start or end): at the scheduled time or before it, by at most MAX_LOOKBACK_DAYS. */
export function windowOffsetMs(text: string, field: string): number {
  const ms = offsetMs(text, field);
  if (ms > 0)
    throw validation(
      `${field} ${JSON.stringify(text)} is after the scheduled time: a window ends at it or before ` +
        '(use -PT0H or earlier)',
    );
  if (-ms > MAX_LOOKBACK_MS)
    throw validation(
      `${field} ${JSON.stringify(text)} reaches more than ${MAX_LOOKBACK_DAYS} days before the scheduled time ` +
        `(-P${MAX_LOOKBACK_DAYS}D at most)`,
    );
  return ms;
}
