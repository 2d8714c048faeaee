import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findPackage } from '../lookup.ts';

// Its version number is not given again: the group's counter only moves forward.
export async function deleteModelPackage(
  ctx: OpContext<'db' | 'events'>,
  input: OperationInput<'DeleteModelPackage'>,
): Promise<OperationOutput<'DeleteModelPackage'>> {
  const p = await findPackage(ctx, input.ModelPackageName);
  await ctx.services.db.$transaction([
    ctx.services.db.tag.deleteMany({ where: { resourceArn: p.arn } }),
    ctx.services.db.modelPackage.delete({ where: { arn: p.arn } }),
  ]);
  ctx.services.events.publish({
    type: 'modelPackage.deleted',
    resourceArn: p.arn,
    detail: { group: p.groupName, version: p.version },
    audienceUserIds: p.ownerUserId ? [p.ownerUserId] : [],
  });
  return {};
}
