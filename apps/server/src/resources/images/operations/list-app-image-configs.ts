import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { appImageConfigView } from '../views.ts';
import type { OpContext } from '../../services.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../../platform/pagination.ts';

const FIELDS = { CreationTime: 'createdAt', LastModifiedTime: 'updatedAt', Name: 'name' } as const;

export async function listAppImageConfigs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListAppImageConfigs'>,
): Promise<OperationOutput<'ListAppImageConfigs'>> {
  const limit = input.MaxResults ?? 50;
  const field = FIELDS[input.SortBy ?? 'CreationTime'];
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc';
  const scope = { op: 'ListAppImageConfigs', ...input, NextToken: undefined, MaxResults: undefined };
  const cursor = decodeToken(input.NextToken, scope);
  const after = resumeAfter(cursor, field, 'name', dir, field !== 'name');
  const rows = await ctx.services.db.appImageConfig.findMany({
    where: {
      AND: [
        input.NameContains ? { name: { contains: input.NameContains } } : {},
        { createdAt: timeRange(input.CreationTimeAfter, input.CreationTimeBefore) },
        { updatedAt: timeRange(input.ModifiedTimeAfter, input.ModifiedTimeBefore) },
        after,
      ],
    },
    orderBy: [{ [field]: dir }, { name: dir }],
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [
    field === 'name' ? r.name : r[field].getTime(),
    r.name,
  ]);
  return { AppImageConfigs: items.map(appImageConfigView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
