import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import { decodeToken, encodeToken } from '../../../platform/pagination.ts';
import type { OpContext } from '../../services.ts';
import { depthOf, matches, sortKey } from '../expression.ts';
import { loadSearchable, SEARCHABLE } from '../sources.ts';

// Filters, sorts (by LastModifiedTime, newest first, unless told) and pages the caller's resources
// of one kind; resources without the sort property come last. Pages are offsets into that order,
// bound by the token to this search.
export async function search(
  ctx: OpContext<'db'>,
  input: OperationInput<'Search'>,
): Promise<OperationOutput<'Search'>> {
  if (!SEARCHABLE.includes(input.Resource))
    throw validation(`Resource ${input.Resource} is not searchable here; search one of ${SEARCHABLE.join(', ')}`);
  if (depthOf(input.SearchExpression) > 5) throw validation('SearchExpression: SubExpressions nest at most 5 deep');
  const limit = input.MaxResults ?? 10;
  const scope = { op: 'Search', u: ctx.principal.userId, i: { ...input, NextToken: undefined, MaxResults: undefined } };
  const start = Number(decodeToken(input.NextToken, scope)?.after[0] ?? 0);
  const { items, capped } = await loadSearchable(ctx.services.db, ctx.principal, input.Resource);
  const sortBy = input.SortBy ?? 'LastModifiedTime';
  const sign = input.SortOrder === 'Ascending' ? 1 : -1;
  const hits = items
    .filter((i) => matches(i.doc, input.SearchExpression))
    .map((i) => ({ i, key: sortKey(i.doc, sortBy) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
      const c =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key) < String(b.key)
            ? -1
            : String(a.key) > String(b.key)
              ? 1
              : 0;
      return sign * c;
    });
  const pageRows = hits.slice(start, start + limit);
  return {
    Results: pageRows.map(({ i }) => ({ [i.key]: i.record })),
    ...(start + limit < hits.length ? { NextToken: encodeToken(scope, { after: [start + limit, 'search'] }) } : {}),
    TotalHits: { Value: hits.length, Relation: capped ? 'GreaterThanOrEqualTo' : 'EqualTo' },
  };
}
