import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { checkScheduleConfig, nowSchedule } from '../check-schedule-config.ts';
import { findSchedule } from '../lookup.ts';

/** A new config from now on; a NOW config runs once more, at once. Executions already run stay as they were. */
export async function updateMonitoringSchedule(
  ctx: OpContext<'db' | 'objects' | 'reconciler'>,
  input: OperationInput<'UpdateMonitoringSchedule'>,
): Promise<OperationOutput<'UpdateMonitoringSchedule'>> {
  const { db, reconciler } = ctx.services;
  const schedule = await findSchedule(ctx, input.MonitoringScheduleName);
  const checked = await checkScheduleConfig(ctx, input.MonitoringScheduleConfig);
  await db.monitoringSchedule.update({
    where: { id: schedule.id },
    data: {
      type: checked.type,
      jobDefinitionName: checked.definitionName ?? null,
      endpointName: checked.watched.endpoint.name,
      config: input.MonitoringScheduleConfig as never,
      runOnceAt: checked.schedule.kind === 'now' ? nowSchedule() : null,
      // A Failed schedule (its owner's definition gone, say) is scheduled again by a config that checks out.
      ...(schedule.status === 'Failed' ? { status: 'Scheduled', failureReason: null } : {}),
    },
  });
  reconciler.enqueue('monitoringSchedule', schedule.id);
  return { MonitoringScheduleArn: schedule.arn };
}
