import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { inUse, limitExceeded } from '../../../platform/errors.ts';

const MAX_SCHEDULES = 100;
import { writeTransaction } from '../../../platform/db/transaction.ts';
import type { OpContext } from '../../services.ts';
import { checkScheduleConfig, nowSchedule } from '../check-schedule-config.ts';

export async function createMonitoringSchedule(
  ctx: OpContext<'arns' | 'db' | 'objects' | 'reconciler'>,
  input: OperationInput<'CreateMonitoringSchedule'>,
): Promise<OperationOutput<'CreateMonitoringSchedule'>> {
  const { db, arns, reconciler } = ctx.services;
  const checked = await checkScheduleConfig(ctx, input.MonitoringScheduleConfig);
  const arn = arns.named('monitoring-schedule', input.MonitoringScheduleName);
  const id = randomUUID();
  await writeTransaction(db, async (tx) => {
    if (await tx.monitoringSchedule.findUnique({ where: { name: input.MonitoringScheduleName } }))
      throw inUse(`A monitoring schedule named ${input.MonitoringScheduleName} already exists (${arn})`);
    // Each schedule wakes the server and launches work: as SageMaker's account quota, a user has a bounded number.
    if ((await tx.monitoringSchedule.count({ where: { ownerUserId: ctx.principal.userId } })) >= MAX_SCHEDULES)
      throw limitExceeded(
        `You have ${MAX_SCHEDULES} monitoring schedules, the most a user may have; delete one you no longer need`,
      );
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
    await tx.monitoringSchedule.create({
      data: {
        id,
        name: input.MonitoringScheduleName,
        arn,
        ownerUserId: ctx.principal.userId,
        status: 'Scheduled',
        type: checked.type,
        jobDefinitionName: checked.definitionName ?? null,
        endpointName: checked.watched.endpoint.name,
        config: input.MonitoringScheduleConfig as never,
        // A NOW schedule runs once, at once; a cron schedule from its next fire.
        runOnceAt: checked.schedule.kind === 'now' ? nowSchedule() : null,
      },
    });
  });
  reconciler.enqueue('monitoringSchedule', id);
  return { MonitoringScheduleArn: arn };
}
