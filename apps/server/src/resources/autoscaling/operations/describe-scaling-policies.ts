import type { AutoScalingInput, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, encodeToken, resumeWhere } from '../tokens.ts';
import { policyView } from '../views.ts';

export async function describeScalingPolicies(
  ctx: OpContext<'db'>,
  input: AutoScalingInput<'DescribeScalingPolicies'>,
): Promise<AutoScalingOutput<'DescribeScalingPolicies'>> {
  const limit = input.MaxResults ?? 50;
  const scope = {
    op: 'DescribeScalingPolicies',
    u: ctx.principal.userId,
    n: input.ServiceNamespace,
    r: input.ResourceId,
    d: input.ScalableDimension,
    p: input.PolicyNames,
  };
  const after = decodeToken(input.NextToken, scope);
  const rows = await ctx.services.db.scalingPolicy.findMany({
    where: {
      AND: [
        {
          target: {
            serviceNamespace: input.ServiceNamespace,
            ...(input.ResourceId ? { resourceId: input.ResourceId } : {}),
            ...(input.ScalableDimension ? { scalableDimension: input.ScalableDimension } : {}),
            ...(ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId }),
          },
          ...(input.PolicyNames?.length ? { name: { in: input.PolicyNames } } : {}),
        },
        resumeWhere(after, 'createdAt', 'asc'),
      ],
    },
    include: { target: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    ScalingPolicies: page.map(policyView),
    ...(rows.length > limit && last ? { NextToken: encodeToken(scope, [last.createdAt.getTime(), last.id]) } : {}),
  };
}
