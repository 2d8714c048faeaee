import type { Prisma } from '@tessera/db';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../../platform/pagination.ts';
import { groupNameOf } from '../lookup.ts';
import { validation } from '../../../platform/errors.ts';
import { summarizePackage } from '../views.ts';

// By name (a versioned package's name is its group's: then by version) or by creation time.
export async function listModelPackages(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListModelPackages'>,
): Promise<OperationOutput<'ListModelPackages'>> {
  const limit = input.MaxResults ?? 10;
  const byName = input.SortBy === 'Name';
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc';
  const scope = {
    op: 'ListModelPackages',
    u: ctx.principal.userId,
    i: { ...input, NextToken: undefined, MaxResults: undefined },
  };
  const cursor = decodeToken(input.NextToken, scope);
  if (cursor && byName && !/^\d{1,9}$/.test(cursor.after[1]))
    throw validation('Invalid NextToken: it was not issued for this listing. Repeat the request without NextToken.');
  // Unversioned packages do not exist here: asking for only those lists nothing.
  if (input.ModelPackageType === 'Unversioned') return { ModelPackageSummaryList: [] };
  const created = timeRange(input.CreationTimeAfter, input.CreationTimeBefore);
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const resume: Prisma.ModelPackageWhereInput = !cursor
    ? {}
    : byName
      ? {
          OR: [
            { groupName: { [cmp]: String(cursor.after[0]) } },
            { groupName: String(cursor.after[0]), version: { [cmp]: Number(cursor.after[1]) } },
          ],
        }
      : resumeAfter(cursor, 'createdAt', 'arn', dir, true);
  const rows = await ctx.services.db.modelPackage.findMany({
    where: {
      AND: [
        ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId },
        input.ModelPackageGroupName ? { groupName: await groupNameOf(ctx, input.ModelPackageGroupName) } : {},
        input.ModelApprovalStatus ? { approvalStatus: input.ModelApprovalStatus } : {},
        input.NameContains ? { groupName: { contains: input.NameContains } } : {},
        created ? { createdAt: created } : {},
        resume,
      ],
    },
    orderBy: byName ? [{ groupName: dir }, { version: dir }] : [{ createdAt: dir }, { arn: dir }],
    take: limit + 1,
  });
  const { items, nextToken } = page(rows, limit, scope, (r) =>
    byName ? [r.groupName, String(r.version)] : [r.createdAt.getTime(), r.arn],
  );
  return { ModelPackageSummaryList: items.map(summarizePackage), ...(nextToken ? { NextToken: nextToken } : {}) };
}
