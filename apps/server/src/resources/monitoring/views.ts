// Monitoring schedules as the SageMaker API shows them.
import type { MonitoringType } from '@tessera/contracts';
import type { Db, MonitoringSchedule } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';
import { EXECUTION_COLUMNS, executionSummary } from './executions.ts';

export function scheduleSummaryView(s: MonitoringSchedule) {
  return {
    MonitoringScheduleName: s.name,
    MonitoringScheduleArn: s.arn,
    CreationTime: epochSeconds(s.createdAt),
    LastModifiedTime: epochSeconds(s.updatedAt),
    MonitoringScheduleStatus: s.status as 'Pending' | 'Failed' | 'Scheduled' | 'Stopped',
    ...(s.endpointName ? { EndpointName: s.endpointName } : {}),
    ...(s.jobDefinitionName ? { MonitoringJobDefinitionName: s.jobDefinitionName } : {}),
    MonitoringType: s.type as MonitoringType,
  };
}

export async function describeScheduleView(db: Db, s: MonitoringSchedule) {
  const last = await db.job.findFirst({
    where: { monitoringScheduleId: s.id },
    orderBy: [{ scheduledTime: 'desc' }, { createdAt: 'desc' }],
    select: EXECUTION_COLUMNS,
  });
  return {
    ...scheduleSummaryView(s),
    ...(s.failureReason ? { FailureReason: s.failureReason } : {}),
    MonitoringScheduleConfig: s.config as Record<string, unknown>,
    ...(last ? { LastMonitoringExecutionSummary: executionSummary(last) } : {}),
  };
}
