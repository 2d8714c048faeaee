import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { visibleProfiles } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { userProfileDetailsView } from '../../domains/views.ts';
import { decodeToken, page } from '../../../platform/pagination.ts';

const DEFAULT_PAGE = 50;

export async function listUserProfiles(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListUserProfiles'>,
): Promise<OperationOutput<'ListUserProfiles'>> {
  const limit = input.MaxResults ?? DEFAULT_PAGE;
  const field = input.SortBy === 'LastModifiedTime' ? 'updatedAt' : 'createdAt';
  const dir = input.SortOrder === 'Descending' ? 'desc' : 'asc';
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const scope = {
    op: 'ListUserProfiles',
    user: ctx.principal.userId,
    d: input.DomainIdEquals,
    c: input.UserProfileNameContains,
    field,
    dir,
  };
  const cursor = decodeToken(input.NextToken, scope);
  const after = cursor
    ? {
        OR: [
          { [field]: { [cmp]: new Date(cursor.after[0]) } },
          { [field]: new Date(cursor.after[0]), id: { [cmp]: cursor.after[1] } },
        ],
      }
    : {};
  const rows = await ctx.services.db.userProfile.findMany({
    where: {
      AND: [
        visibleProfiles(ctx.principal),
        input.DomainIdEquals ? { domainId: input.DomainIdEquals } : {},
        input.UserProfileNameContains ? { name: { contains: input.UserProfileNameContains } } : {},
        after,
      ],
    },
    orderBy: [{ [field]: dir }, { id: dir }],
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [r[field].getTime(), r.id]);
  return { UserProfiles: items.map(userProfileDetailsView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
