import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findSchedule } from '../lookup.ts';

/** No more executions until StartMonitoringSchedule; one already running goes on to its end. */
export async function stopMonitoringSchedule(
  ctx: OpContext<'db'>,
  input: OperationInput<'StopMonitoringSchedule'>,
): Promise<OperationOutput<'StopMonitoringSchedule'>> {
  const schedule = await findSchedule(ctx, input.MonitoringScheduleName);
  await ctx.services.db.monitoringSchedule.update({ where: { id: schedule.id }, data: { status: 'Stopped' } });
  return {};
}
