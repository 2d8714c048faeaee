import type { CreateEndpointConfigRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';

export async function describeEndpointConfig(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DescribeEndpointConfig'>,
): Promise<OperationOutput<'DescribeEndpointConfig'>> {
  const row = ownedOrInvalid(
    ctx.principal,
    await ctx.services.db.endpointConfig.findUnique({ where: { name: input.EndpointConfigName } }),
    `Could not find endpoint configuration "${ctx.services.arns.named('endpoint-config', input.EndpointConfigName)}".`,
  );
  const spec = row.spec as unknown as CreateEndpointConfigRequest;
  return {
    EndpointConfigName: row.name,
    EndpointConfigArn: row.arn,
    ProductionVariants: spec.ProductionVariants.map((v) => ({ InitialVariantWeight: 1, ...v })),
    ...(spec.DataCaptureConfig ? { DataCaptureConfig: spec.DataCaptureConfig } : {}),
    CreationTime: epochSeconds(row.createdAt),
  };
}
