import type { MonitoringScheduleConfig, OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findSchedule } from '../lookup.ts';
import { lastFire, parseSchedule } from '../schedule-expression.ts';

/**
 * Scheduled again from the next fire: fires passed while it was stopped are not made up. A schedule
 * that was not stopped keeps its place (a fire due but not yet launched still runs).
 */
export async function startMonitoringSchedule(
  ctx: OpContext<'db' | 'reconciler'>,
  input: OperationInput<'StartMonitoringSchedule'>,
): Promise<OperationOutput<'StartMonitoringSchedule'>> {
  const schedule = await findSchedule(ctx, input.MonitoringScheduleName);
  if (schedule.status === 'Failed')
    throw validation(
      `Monitoring schedule ${schedule.name} failed (${schedule.failureReason ?? 'see its FailureReason'}); ` +
        'update it with a config that works',
    );
  const parsed = parseSchedule(
    (schedule.config as unknown as MonitoringScheduleConfig).ScheduleConfig!.ScheduleExpression,
  );
  const now = new Date();
  const last = schedule.lastScheduledTime?.getTime() ?? 0;
  await ctx.services.db.monitoringSchedule.update({
    where: { id: schedule.id },
    data: {
      status: 'Scheduled',
      ...(parsed.kind === 'cron' && schedule.status === 'Stopped'
        ? { lastScheduledTime: new Date(Math.max(last, lastFire(parsed, now).getTime())) }
        : {}),
    },
  });
  ctx.services.reconciler.enqueue('monitoringSchedule', schedule.id);
  return {};
}
