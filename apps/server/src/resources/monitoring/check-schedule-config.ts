// A MonitoringScheduleConfig as CreateMonitoringSchedule and UpdateMonitoringSchedule accept it:
// a schedule expression, and either a job definition of the caller's (by name and type) or an inline
// data-quality definition; the job it runs is checked as its executions will be.
import type { MonitoringScheduleConfig, MonitoringType } from '@tessera/contracts';
import { absentInvalid, validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { visibleTo } from '../jobs/access.ts';
import { checkMonitoringJob, type Watched } from './check-monitoring-job.ts';
import { definitionWords } from './lookup.ts';
import { fromDefinition, fromInline, type MonitoringJob } from './monitoring-job.ts';
import { parseSchedule, windowOffsetMs, type Schedule } from './schedule-expression.ts';

const DAY_MS = 24 * 3_600_000;

export interface CheckedSchedule {
  type: MonitoringType;
  definitionName?: string;
  job: MonitoringJob;
  watched: Watched;
  schedule: Schedule;
}

export async function checkScheduleConfig(
  ctx: OpContext<'db' | 'objects'>,
  config: MonitoringScheduleConfig,
): Promise<CheckedSchedule> {
  if (!config.ScheduleConfig)
    throw validation('MonitoringScheduleConfig.ScheduleConfig is required: give a ScheduleExpression (or NOW)');
  const when = config.ScheduleConfig;
  const schedule = parseSchedule(when.ScheduleExpression);
  const start = when.DataAnalysisStartTime;
  const end = when.DataAnalysisEndTime;
  if (schedule.kind === 'now' && (!start || !end))
    throw validation(
      'A NOW schedule needs ScheduleConfig.DataAnalysisStartTime and DataAnalysisEndTime (e.g. -PT1H and -PT0H)',
    );
  if (!!start !== !!end)
    throw validation('ScheduleConfig.DataAnalysisStartTime and DataAnalysisEndTime are given together or not at all');
  if (start && end) {
    const from = windowOffsetMs(start, 'ScheduleConfig.DataAnalysisStartTime');
    const to = windowOffsetMs(end, 'ScheduleConfig.DataAnalysisEndTime');
    if (from >= to) throw validation('ScheduleConfig.DataAnalysisStartTime must come before DataAnalysisEndTime');
    if (to - from > DAY_MS)
      throw validation('The analysis window (DataAnalysisStartTime to DataAnalysisEndTime) is at most 24 hours');
  }
  const named = config.MonitoringJobDefinitionName;
  if (!!named === !!config.MonitoringJobDefinition)
    throw validation(
      'MonitoringScheduleConfig needs exactly one of MonitoringJobDefinitionName (with MonitoringType) and ' +
        'MonitoringJobDefinition',
    );
  if (config.MonitoringJobDefinition) {
    if (config.MonitoringType && config.MonitoringType !== 'DataQuality')
      throw validation(
        `An inline MonitoringJobDefinition is a data quality job; for ${config.MonitoringType} create a job ` +
          `definition (Create${config.MonitoringType}JobDefinition) and name it`,
      );
    const job = fromInline(config.MonitoringJobDefinition);
    return { type: 'DataQuality', job, watched: await checkMonitoringJob(ctx, job, 'MonitoringInputs.'), schedule };
  }
  if (!config.MonitoringType)
    throw validation('MonitoringScheduleConfig.MonitoringType is required with MonitoringJobDefinitionName');
  const type = config.MonitoringType;
  const row = await ctx.services.db.monitoringJobDefinition.findUnique({
    where: { type_name: { type, name: named! } },
  });
  if (!row || !visibleTo(ctx.principal, row)) throw absentInvalid(`Could not find ${definitionWords(type)} ${named}`);
  const job = fromDefinition(type, row.spec as never);
  return {
    type,
    definitionName: row.name,
    job,
    watched: await checkMonitoringJob(ctx, job, `${type}JobInput.`),
    schedule,
  };
}

/**
 * When a NOW schedule runs: the next whole second. Captured records carry whole-second times and
 * windows end before their end, so the records of this very second are then still in the window.
 */
export const nowSchedule = () => new Date(Math.ceil(Date.now() / 1000) * 1000);
