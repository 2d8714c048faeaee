import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findSchedule } from '../lookup.ts';
import { describeScheduleView } from '../views.ts';

export async function describeMonitoringSchedule(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeMonitoringSchedule'>,
): Promise<OperationOutput<'DescribeMonitoringSchedule'>> {
  return describeScheduleView(ctx.services.db, await findSchedule(ctx, input.MonitoringScheduleName));
}
