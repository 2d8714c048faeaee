import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { imageView } from '../views.ts';
import type { OpContext } from '../../services.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../../platform/pagination.ts';

const FIELDS = { CREATION_TIME: 'createdAt', LAST_MODIFIED_TIME: 'updatedAt', IMAGE_NAME: 'name' } as const;

export async function listImages(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListImages'>,
): Promise<OperationOutput<'ListImages'>> {
  const limit = input.MaxResults ?? 50;
  const field = FIELDS[input.SortBy ?? 'CREATION_TIME'];
  const dir = input.SortOrder === 'ASCENDING' ? 'asc' : 'desc';
  const scope = { op: 'ListImages', ...input, NextToken: undefined, MaxResults: undefined };
  const cursor = decodeToken(input.NextToken, scope);
  const after = resumeAfter(cursor, field, 'name', dir, field !== 'name');
  const rows = await ctx.services.db.image.findMany({
    where: {
      AND: [
        input.NameContains ? { name: { contains: input.NameContains } } : {},
        { createdAt: timeRange(input.CreationTimeAfter, input.CreationTimeBefore) },
        { updatedAt: timeRange(input.LastModifiedTimeAfter, input.LastModifiedTimeBefore) },
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
  return { Images: items.map(imageView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
