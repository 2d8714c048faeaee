import type { AutoScalingInput, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { noTarget } from '../errors.ts';
import { assertMayScale, variantOf } from '../scalable-resource.ts';

// Deletes the target and (by cascade) its policies, as AWS does. Recorded activities stay.
export async function deregisterScalableTarget(
  ctx: OpContext<'db'>,
  input: AutoScalingInput<'DeregisterScalableTarget'>,
): Promise<AutoScalingOutput<'DeregisterScalableTarget'>> {
  variantOf(input);
  const { db } = ctx.services;
  const key = {
    serviceNamespace: input.ServiceNamespace,
    resourceId: input.ResourceId,
    scalableDimension: input.ScalableDimension,
  };
  const target = await db.scalableTarget.findUnique({ where: { serviceNamespace_resourceId_scalableDimension: key } });
  if (!target) throw noTarget(input);
  assertMayScale(ctx, target.ownerUserId, input.ResourceId);
  const { count } = await db.scalableTarget.deleteMany({ where: { id: target.id } });
  if (count === 0) throw noTarget(input);
  return {};
}
