import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { ownedOr404 } from '../../jobs/access.ts';
import { describeTransformJobView } from '../views.ts';

export async function describeTransformJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeTransformJob'>,
): Promise<OperationOutput<'DescribeTransformJob'>> {
  const row = await ctx.services.db.job.findUnique({
    where: { kind_name: { kind: 'Transform', name: input.TransformJobName } },
  });
  return describeTransformJobView(
    ownedOr404(
      ctx.principal,
      row,
      `Could not find job to describe: transform job ${input.TransformJobName} does not exist`,
    ),
  );
}
