// The monitoring job a schedule runs: its inline definition, or the named definition of its type
// (read when each execution is launched, as SageMaker does; a definition in use cannot be deleted).
import type { MonitoringScheduleConfig, MonitoringType } from '@tessera/contracts';
import type { Db, MonitoringSchedule } from '@tessera/db';
import { fromDefinition, fromInline, type MonitoringJob } from './monitoring-job.ts';

export async function scheduleJob(
  db: Db,
  schedule: Pick<MonitoringSchedule, 'config' | 'type' | 'ownerUserId'>,
): Promise<{ job: MonitoringJob; definitionName?: string } | undefined> {
  const config = schedule.config as unknown as MonitoringScheduleConfig;
  if (config.MonitoringJobDefinition) return { job: fromInline(config.MonitoringJobDefinition) };
  const name = config.MonitoringJobDefinitionName!;
  const type = schedule.type as MonitoringType;
  const row = await db.monitoringJobDefinition.findUnique({ where: { type_name: { type, name } } });
  if (!row || row.ownerUserId !== schedule.ownerUserId) return undefined;
  return { job: fromDefinition(type, row.spec as never), definitionName: name };
}
