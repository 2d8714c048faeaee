import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { absentInvalid, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { attributeTo } from '../../quotas/attribution.ts';
import { checkEndpointQuota, endpointDelta } from '../../quotas/endpoint-claims.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { visibleTo } from '../../jobs/access.ts';
import { isMissing, takeOrigin } from '../origin.ts';
import { checkGpuCapacity } from '../../quotas/gpu-capacity.ts';
import { recordHistory } from '../history.ts';

export async function createEndpoint(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateEndpoint'>,
): Promise<OperationOutput<'CreateEndpoint'>> {
  const { db, arns, reconciler } = ctx.services;
  const arn = arns.named('endpoint', input.EndpointName);
  // The config and its models are copied now: what the endpoint runs cannot change with the names.
  const origin = await takeOrigin(db, input.EndpointConfigName, (r) => visibleTo(ctx.principal, r), arns);
  if (isMissing(origin)) throw absentInvalid(origin.missing);
  const variants =
    (origin.config as { ProductionVariants?: { InstanceType?: string; InitialInstanceCount?: number }[] })
      .ProductionVariants ?? [];
  for (const v of variants) {
    if (v.InstanceType)
      await checkGpuCapacity(ctx.services, v.InstanceType, v.InitialInstanceCount ?? 1, 'endpoint usage');
  }
  const exists = () => validation(`Cannot create already existing endpoint "${arn}".`);
  const row = await writeTransaction(db, async (tx) => {
    if (await tx.endpoint.findUnique({ where: { name: input.EndpointName } })) throw exists();
    const who = await attributeTo(tx, ctx.principal, input.Tags);
    await checkEndpointQuota(
      tx,
      who,
      endpointDelta(null, null, { configSpec: origin.config }),
      `endpoint ${input.EndpointName}`,
      ctx.principal,
    );
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
    const created = await tx.endpoint.create({
      data: {
        name: input.EndpointName,
        arn,
        ownerUserId: ctx.principal.userId,
        ...who,
        configName: input.EndpointConfigName,
        desiredConfigName: input.EndpointConfigName,
        desiredOrigin: origin as never,
        status: 'Creating',
      },
    });
    // Rows an earlier endpoint of this name could have left (a writer still at work on it when it
    // was removed) are not this one's. Written after the row, so that its time is not before the
    // endpoint's creation, from which readers read.
    await tx.endpointHistory.deleteMany({ where: { endpointName: input.EndpointName } });
    await recordHistory(tx, input.EndpointName, {
      status: 'Creating',
      configName: input.EndpointConfigName,
      change: 'Created',
    });
    return created;
  }).catch((err) => {
    throw (err as { code?: string }).code === 'P2002' ? exists() : err;
  });
  ctx.services.events.publish({
    type: 'endpoint.status',
    resourceArn: arn,
    status: 'Creating',
    detail: { name: row.name },
    audienceUserIds: [ctx.principal.userId],
  });
  reconciler.enqueue('endpoint', row.name);
  return { EndpointArn: arn };
}
