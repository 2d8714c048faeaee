import { randomBytes } from 'node:crypto';
import { AutoScalingErrorCode, type AutoScalingInput, type AutoScalingOutput } from '@tessera/contracts';
import { ApiError } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { suspendedOf } from '../rows.ts';
import { validation } from '../errors.ts';
import { scalableVariant, variantOf } from '../scalable-resource.ts';
import { targetArn } from '../views.ts';

// Registers a variant, or updates the registration: omitted members keep their values, as in
// AWS. A variant needs at least one instance to serve, so MinCapacity starts at 1.
export async function registerScalableTarget(
  ctx: OpContext<'arns' | 'db'>,
  input: AutoScalingInput<'RegisterScalableTarget'>,
): Promise<AutoScalingOutput<'RegisterScalableTarget'>> {
  const { endpointName, variantName } = variantOf(input);
  if (input.Tags !== undefined)
    throw validation('Tags on scalable targets are not supported by this server; register the target without Tags');
  const { ownerUserId } = await scalableVariant(ctx, endpointName, variantName, input.ResourceId);
  const { db } = ctx.services;
  const key = {
    serviceNamespace: input.ServiceNamespace,
    resourceId: input.ResourceId,
    scalableDimension: input.ScalableDimension,
  };
  const existing = await db.scalableTarget.findUnique({
    where: { serviceNamespace_resourceId_scalableDimension: key },
  });
  if (!existing && (input.MinCapacity === undefined || input.MaxCapacity === undefined)) {
    throw validation('MinCapacity and MaxCapacity are required to register a new scalable target');
  }
  const min = input.MinCapacity ?? existing!.minCapacity;
  const max = input.MaxCapacity ?? existing!.maxCapacity;
  if (min < 1) throw validation(`MinCapacity ${min} is too small: an endpoint variant runs at least 1 instance`);
  if (min > max) throw validation('Minimum capacity cannot be greater than maximum capacity');
  const suspendedState = { ...suspendedOf(existing?.suspendedState), ...input.SuspendedState };

  if (existing) {
    await db.scalableTarget.update({
      where: { id: existing.id },
      data: {
        minCapacity: min,
        maxCapacity: max,
        suspendedState,
        ...(input.RoleARN !== undefined ? { roleArn: input.RoleARN } : {}),
      },
    });
    return { ScalableTargetARN: targetArn(ctx, existing.id) };
  }
  const id = randomBytes(16).toString('hex');
  try {
    await db.scalableTarget.create({
      data: {
        id,
        ...key,
        minCapacity: min,
        maxCapacity: max,
        suspendedState,
        roleArn: input.RoleARN ?? null,
        ownerUserId,
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002' || /Unique constraint/.test(String((err as Error).message))) {
      throw new ApiError(
        AutoScalingErrorCode.ConcurrentUpdate,
        'Another request registered this scalable target at the same time; repeat the request',
      );
    }
    throw err;
  }
  return { ScalableTargetARN: targetArn(ctx, id) };
}
