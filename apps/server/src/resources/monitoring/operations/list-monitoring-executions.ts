// ListMonitoringExecutions: the caller's executions (processing jobs of their schedules), filtered
// and sorted as SageMaker's (by scheduled time, newest first, by default), in keyset pages. The
// filters on what the execution recorded (endpoint, type, definition) are applied to the caller's
// newest 10,000 executions, in memory: JSON columns are not queried alike on SQLite and PostgreSQL.
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, page, timeRange } from '../../../platform/pagination.ts';
import { monitoringOf } from '../execution-origin.ts';
import { EXECUTION_COLUMNS, executionStatus, executionSummary } from '../executions.ts';

const WINDOW = 10_000;

export async function listMonitoringExecutions(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListMonitoringExecutions'>,
): Promise<OperationOutput<'ListMonitoringExecutions'>> {
  const { db } = ctx.services;
  const limit = input.MaxResults ?? 10;
  const scope = {
    op: 'ListMonitoringExecutions',
    u: ctx.principal.userId,
    i: { ...input, NextToken: 0, MaxResults: 0 },
  };
  const cursor = decodeToken(input.NextToken, scope);
  let scheduleId: string | undefined;
  if (input.MonitoringScheduleName) {
    const s = await db.monitoringSchedule.findUnique({ where: { name: input.MonitoringScheduleName } });
    if (!s || (!ctx.principal.isAdmin && s.ownerUserId !== ctx.principal.userId))
      return { MonitoringExecutionSummaries: [] };
    scheduleId = s.id;
  }
  const scheduled = timeRange(input.ScheduledTimeAfter, input.ScheduledTimeBefore);
  const created = timeRange(input.CreationTimeAfter, input.CreationTimeBefore);
  const modified = timeRange(input.LastModifiedTimeAfter, input.LastModifiedTimeBefore);
  const rows = await db.job.findMany({
    where: {
      AND: [
        scheduleId ? { monitoringScheduleId: scheduleId } : { monitoringScheduleId: { not: null } },
        ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId },
        scheduled ? { scheduledTime: scheduled } : {},
        created ? { createdAt: created } : {},
        modified ? { updatedAt: modified } : {},
      ],
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: WINDOW,
    select: EXECUTION_COLUMNS,
  });
  const matching = rows.filter((j) => {
    const m = monitoringOf(j);
    if (!m) return false;
    if (input.EndpointName && m.endpointName !== input.EndpointName) return false;
    if (input.MonitoringTypeEquals && m.type !== input.MonitoringTypeEquals) return false;
    if (input.MonitoringJobDefinitionName && m.definitionName !== input.MonitoringJobDefinitionName) return false;
    return !input.StatusEquals || executionStatus(j) === input.StatusEquals;
  });
  const sortBy = input.SortBy ?? 'ScheduledTime';
  const key = (j: (typeof rows)[number]): number | string =>
    sortBy === 'Status'
      ? executionStatus(j)
      : (sortBy === 'CreationTime' ? j.createdAt : (j.scheduledTime ?? j.createdAt)).getTime();
  const sign = (input.SortOrder ?? 'Descending') === 'Ascending' ? 1 : -1;
  const compare = (a: [number | string, string], b: [number | string, string]) =>
    sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const sorted = matching.sort((a, b) => compare([key(a), a.id], [key(b), b.id]));
  const after = cursor ? sorted.filter((j) => compare([key(j), j.id], cursor.after) > 0) : sorted;
  const { items, nextToken } = page(after.slice(0, limit + 1), limit, scope, (j) => [key(j), j.id]);
  return {
    MonitoringExecutionSummaries: items.map(executionSummary),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
