import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../../platform/pagination.ts';

const FIELD = { Name: 'name', CreationTime: 'createdAt', Status: 'status' } as const;

export async function listEndpoints(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListEndpoints'>,
): Promise<OperationOutput<'ListEndpoints'>> {
  const limit = input.MaxResults ?? 10;
  const field = FIELD[input.SortBy ?? 'CreationTime'];
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc';
  const scope = {
    op: 'ListEndpoints',
    u: ctx.principal.userId,
    i: { ...input, NextToken: undefined, MaxResults: undefined },
  };
  const cursor = decodeToken(input.NextToken, scope);
  const created = timeRange(input.CreationTimeAfter, input.CreationTimeBefore);
  const modified = timeRange(input.LastModifiedTimeAfter, input.LastModifiedTimeBefore);
  const rows = await ctx.services.db.endpoint.findMany({
    where: {
      AND: [
        ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId },
        input.NameContains ? { name: { contains: input.NameContains } } : {},
        input.StatusEquals ? { status: input.StatusEquals } : {},
        created ? { createdAt: created } : {},
        modified ? { updatedAt: modified } : {},
        resumeAfter(cursor, field, 'name', dir, field === 'createdAt'),
      ],
    },
    orderBy: [{ [field]: dir }, ...(field === 'name' ? [] : [{ name: dir }])] as never,
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [
    field === 'createdAt' ? r.createdAt.getTime() : String(r[field]),
    r.name,
  ]);
  return {
    Endpoints: items.map((r) => ({
      EndpointName: r.name,
      EndpointArn: r.arn,
      CreationTime: epochSeconds(r.createdAt),
      LastModifiedTime: epochSeconds(r.updatedAt),
      EndpointStatus: r.status as never,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
