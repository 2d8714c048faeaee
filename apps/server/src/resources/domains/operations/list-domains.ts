import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { visibleDomains } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { domainDetailsView } from '../views.ts';
import { decodeToken, page } from '../../../platform/pagination.ts';

const DEFAULT_PAGE = 50;

export async function listDomains(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListDomains'>,
): Promise<OperationOutput<'ListDomains'>> {
  const limit = input.MaxResults ?? DEFAULT_PAGE;
  const scope = { op: 'ListDomains', user: ctx.principal.userId };
  const cursor = decodeToken(input.NextToken, scope);
  const after = cursor
    ? {
        OR: [
          { createdAt: { gt: new Date(cursor.after[0]) } },
          { createdAt: new Date(cursor.after[0]), id: { gt: cursor.after[1] } },
        ],
      }
    : {};
  const rows = await ctx.services.db.domain.findMany({
    where: { AND: [visibleDomains(ctx.principal), after] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [r.createdAt.getTime(), r.id]);
  return { Domains: items.map(domainDetailsView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
