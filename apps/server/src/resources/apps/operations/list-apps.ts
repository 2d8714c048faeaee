import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { appDetailsView } from '../views.ts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { decodeToken, page, resumeAfter } from '../../../platform/pagination.ts';

const DEFAULT_PAGE = 50;

export async function listApps(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListApps'>,
): Promise<OperationOutput<'ListApps'>> {
  if (input.SpaceNameEquals) throw validation('Spaces are not supported yet; filter by UserProfileNameEquals');
  const limit = input.MaxResults ?? DEFAULT_PAGE;
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc'; // SageMaker lists newest first
  const scope = {
    op: 'ListApps',
    user: ctx.principal.userId,
    d: input.DomainIdEquals,
    p: input.UserProfileNameEquals,
    dir,
  };
  const cursor = decodeToken(input.NextToken, scope);
  const after = resumeAfter(cursor, 'createdAt', 'id', dir, true);
  // Apps of the profiles the caller owns (all of them for admins).
  const owned = ctx.principal.isAdmin ? undefined : await ownedProfiles(ctx);
  if (owned && owned.length === 0) return { Apps: [] };
  const visible = owned ? { OR: owned.map((p) => ({ domainId: p.domainId, userProfileName: p.name })) } : {};
  const rows = await ctx.services.db.app.findMany({
    where: {
      AND: [
        visible,
        input.DomainIdEquals ? { domainId: input.DomainIdEquals } : {},
        input.UserProfileNameEquals ? { userProfileName: input.UserProfileNameEquals } : {},
        after,
      ],
    },
    orderBy: [{ createdAt: dir }, { id: dir }],
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) => [r.createdAt.getTime(), r.id]);
  return {
    Apps: items.map(appDetailsView),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function ownedProfiles(ctx: OpContext<'db'>) {
  return ctx.services.db.userProfile.findMany({
    where: { ownerUserId: ctx.principal.userId },
    select: { domainId: true, name: true },
  });
}
