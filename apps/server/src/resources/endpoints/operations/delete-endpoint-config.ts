import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';

// As in SageMaker, a running endpoint keeps serving on a deleted config (its fleet is already built).
export async function deleteEndpointConfig(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DeleteEndpointConfig'>,
): Promise<OperationOutput<'DeleteEndpointConfig'>> {
  const { db, arns } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.endpointConfig.findUnique({ where: { name: input.EndpointConfigName } }),
    `Could not find endpoint configuration "${arns.named('endpoint-config', input.EndpointConfigName)}".`,
  );
  await db.endpointConfig.delete({ where: { name: row.name } });
  await db.tag.deleteMany({ where: { resourceArn: row.arn } });
  return {};
}
