import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findTaggable } from '../taggable.ts';
import { decodeToken, page } from '../../../platform/pagination.ts';

export async function listTags(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'ListTags'>,
): Promise<OperationOutput<'ListTags'>> {
  const { arn } = await findTaggable(ctx, 'ListTags', input.ResourceArn);
  const limit = input.MaxResults ?? 50;
  const scope = { op: 'ListTags', arn };
  const cursor = decodeToken(input.NextToken, scope);
  const rows = await ctx.services.db.tag.findMany({
    where: { resourceArn: arn, ...(cursor ? { key: { gt: cursor.after[1] } } : {}) },
    orderBy: { key: 'asc' },
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [0, r.key]);
  return { Tags: items.map((t) => ({ Key: t.key, Value: t.value })), ...(nextToken ? { NextToken: nextToken } : {}) };
}
