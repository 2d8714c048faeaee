import type { MonitoringType } from '@tessera/contracts';
import { inUse } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { definitionWords, findDefinition } from '../lookup.ts';

/** Delete*JobDefinition: refused while a schedule runs it, as SageMaker refuses it. */
export function deleteJobDefinition(type: MonitoringType) {
  return async (ctx: OpContext<'db'>, input: { JobDefinitionName: string }) => {
    const { db } = ctx.services;
    const row = await findDefinition(ctx, type, input.JobDefinitionName);
    const user = await db.monitoringSchedule.findFirst({
      where: { type, jobDefinitionName: row.name, ownerUserId: row.ownerUserId },
      select: { name: true },
    });
    if (user)
      throw inUse(
        `The ${definitionWords(type)} ${row.name} is used by the monitoring schedule ${user.name}; delete the ` +
          'schedule first',
      );
    await db.$transaction([
      db.tag.deleteMany({ where: { resourceArn: row.arn } }),
      db.monitoringJobDefinition.delete({ where: { id: row.id } }),
    ]);
    return {};
  };
}
