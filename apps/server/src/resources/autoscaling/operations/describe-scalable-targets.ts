import type { AutoScalingInput, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, encodeToken, resumeWhere } from '../tokens.ts';
import { targetView } from '../views.ts';

export async function describeScalableTargets(
  ctx: OpContext<'arns' | 'db'>,
  input: AutoScalingInput<'DescribeScalableTargets'>,
): Promise<AutoScalingOutput<'DescribeScalableTargets'>> {
  const limit = input.MaxResults ?? 50;
  const scope = {
    op: 'DescribeScalableTargets',
    u: ctx.principal.userId,
    n: input.ServiceNamespace,
    r: input.ResourceIds,
    d: input.ScalableDimension,
  };
  const after = decodeToken(input.NextToken, scope);
  const rows = await ctx.services.db.scalableTarget.findMany({
    where: {
      AND: [
        {
          serviceNamespace: input.ServiceNamespace,
          ...(input.ResourceIds?.length ? { resourceId: { in: input.ResourceIds } } : {}),
          ...(input.ScalableDimension ? { scalableDimension: input.ScalableDimension } : {}),
          ...(ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId }),
        },
        resumeWhere(after, 'createdAt', 'asc'),
      ],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    ScalableTargets: page.map((r) => targetView(ctx, r)),
    ...(rows.length > limit && last ? { NextToken: encodeToken(scope, [last.createdAt.getTime(), last.id]) } : {}),
  };
}
