import type { CreateModelRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';

export async function describeModel(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DescribeModel'>,
): Promise<OperationOutput<'DescribeModel'>> {
  const row = ownedOrInvalid(
    ctx.principal,
    await ctx.services.db.model.findUnique({ where: { name: input.ModelName } }),
    `Could not find model "${ctx.services.arns.named('model', input.ModelName)}".`,
  );
  const spec = row.spec as unknown as CreateModelRequest;
  return {
    ModelName: row.name,
    ModelArn: row.arn,
    ...(spec.PrimaryContainer ? { PrimaryContainer: spec.PrimaryContainer } : {}),
    ...(spec.Containers ? { Containers: spec.Containers } : {}),
    ...(spec.ExecutionRoleArn ? { ExecutionRoleArn: spec.ExecutionRoleArn } : {}),
    CreationTime: epochSeconds(row.createdAt),
    EnableNetworkIsolation: spec.EnableNetworkIsolation ?? false,
  };
}
