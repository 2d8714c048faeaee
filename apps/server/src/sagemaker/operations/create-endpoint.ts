import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../errors.ts';
import type { OpContext } from '../../services.ts';
import { visibleTo } from '../../work/access.ts';

export async function createEndpoint(ctx: OpContext, input: OperationInput<'CreateEndpoint'>): Promise<OperationOutput<'CreateEndpoint'>> {
  const { db, arns, reconciler } = ctx.services;
  const arn = arns.named('endpoint', input.EndpointName);
  const config = await db.endpointConfig.findUnique({ where: { name: input.EndpointConfigName } });
  if (!config || !visibleTo(ctx.principal, config)) throw validation(`Could not find endpoint configuration "${arns.named('endpoint-config', input.EndpointConfigName)}".`);
  if (await db.endpoint.findUnique({ where: { name: input.EndpointName } })) throw validation(`Cannot create already existing endpoint "${arn}".`);
  const row = await db.endpoint.create({
    data: { name: input.EndpointName, arn, ownerUserId: ctx.principal.userId, configName: input.EndpointConfigName, desiredConfigName: input.EndpointConfigName, status: 'Creating' },
  });
  if (input.Tags?.length) await db.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  ctx.services.events.publish({ type: 'endpoint.status', resourceArn: arn, status: 'Creating', detail: { name: row.name }, audienceUserIds: [ctx.principal.userId] });
  reconciler.enqueue('endpoint', row.name);
  return { EndpointArn: arn };
}
