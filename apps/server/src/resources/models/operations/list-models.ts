import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { listNamed } from '../../common/list-named.ts';

export async function listModels(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListModels'>,
): Promise<OperationOutput<'ListModels'>> {
  const { items, nextToken } = await listNamed(ctx, 'model', input);
  return {
    Models: items.map((r) => ({ ModelName: r.name, ModelArn: r.arn, CreationTime: epochSeconds(r.createdAt) })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
