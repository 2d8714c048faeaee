import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findSchedule } from '../lookup.ts';

/**
 * The schedule goes; its executions stay listed as the processing jobs they are. They keep the
 * schedule's id, not its name, so a schedule made later under the name starts with none.
 */
export async function deleteMonitoringSchedule(
  ctx: OpContext<'db'>,
  input: OperationInput<'DeleteMonitoringSchedule'>,
): Promise<OperationOutput<'DeleteMonitoringSchedule'>> {
  const { db } = ctx.services;
  const schedule = await findSchedule(ctx, input.MonitoringScheduleName);
  await db.$transaction([
    db.tag.deleteMany({ where: { resourceArn: schedule.arn } }),
    db.monitoringSchedule.delete({ where: { id: schedule.id } }),
  ]);
  return {};
}
