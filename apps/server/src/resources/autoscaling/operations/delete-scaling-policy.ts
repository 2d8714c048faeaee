import type { AutoScalingInput, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { noPolicy } from '../errors.ts';
import { assertMayScale, variantOf } from '../scalable-resource.ts';

export async function deleteScalingPolicy(
  ctx: OpContext<'db'>,
  input: AutoScalingInput<'DeleteScalingPolicy'>,
): Promise<AutoScalingOutput<'DeleteScalingPolicy'>> {
  variantOf(input);
  const { db } = ctx.services;
  const key = {
    serviceNamespace: input.ServiceNamespace,
    resourceId: input.ResourceId,
    scalableDimension: input.ScalableDimension,
  };
  const target = await db.scalableTarget.findUnique({ where: { serviceNamespace_resourceId_scalableDimension: key } });
  if (!target) throw noPolicy(input, input.PolicyName);
  assertMayScale(ctx, target.ownerUserId, input.ResourceId);
  const { count } = await db.scalingPolicy.deleteMany({ where: { targetId: target.id, name: input.PolicyName } });
  if (count === 0) throw noPolicy(input, input.PolicyName);
  return {};
}
