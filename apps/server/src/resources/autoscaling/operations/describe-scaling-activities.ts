import type { AutoScalingInput, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, encodeToken, resumeWhere } from '../tokens.ts';
import { activityView } from '../views.ts';

// Newest first, as AWS lists them.
export async function describeScalingActivities(
  ctx: OpContext<'db'>,
  input: AutoScalingInput<'DescribeScalingActivities'>,
): Promise<AutoScalingOutput<'DescribeScalingActivities'>> {
  const limit = input.MaxResults ?? 50;
  const scope = {
    op: 'DescribeScalingActivities',
    u: ctx.principal.userId,
    n: input.ServiceNamespace,
    r: input.ResourceId,
    d: input.ScalableDimension,
  };
  const after = decodeToken(input.NextToken, scope);
  const rows = await ctx.services.db.scalingActivity.findMany({
    where: {
      AND: [
        {
          serviceNamespace: input.ServiceNamespace,
          ...(input.ResourceId ? { resourceId: input.ResourceId } : {}),
          ...(input.ScalableDimension ? { scalableDimension: input.ScalableDimension } : {}),
          ...(ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId }),
        },
        resumeWhere(after, 'startTime', 'desc'),
      ],
    },
    orderBy: [{ startTime: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    ScalingActivities: page.map(activityView),
    ...(rows.length > limit && last ? { NextToken: encodeToken(scope, [last.startTime.getTime(), last.id]) } : {}),
  };
}
