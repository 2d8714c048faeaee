import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { listJobRows } from '../../jobs/list-jobs.ts';
import { scheduleSummaryView } from '../views.ts';

export async function listMonitoringSchedules(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListMonitoringSchedules'>,
): Promise<OperationOutput<'ListMonitoringSchedules'>> {
  const where = {
    ...(input.EndpointName ? { endpointName: input.EndpointName } : {}),
    ...(input.MonitoringJobDefinitionName ? { jobDefinitionName: input.MonitoringJobDefinitionName } : {}),
    ...(input.MonitoringTypeEquals ? { type: input.MonitoringTypeEquals } : {}),
  };
  const { items, nextToken } = await listJobRows(
    ctx,
    'ListMonitoringSchedules',
    ctx.services.db.monitoringSchedule,
    where,
    input,
  );
  return {
    MonitoringScheduleSummaries: items.map(scheduleSummaryView),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
