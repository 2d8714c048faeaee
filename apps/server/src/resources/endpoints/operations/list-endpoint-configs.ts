import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { listNamed } from '../../common/list-named.ts';

export async function listEndpointConfigs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListEndpointConfigs'>,
): Promise<OperationOutput<'ListEndpointConfigs'>> {
  const { items, nextToken } = await listNamed(ctx, 'endpointConfig', input);
  return {
    EndpointConfigs: items.map((r) => ({
      EndpointConfigName: r.name,
      EndpointConfigArn: r.arn,
      CreationTime: epochSeconds(r.createdAt),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
