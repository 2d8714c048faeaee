import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { ownedOr404 } from '../../jobs/access.ts';
import { describeTrainingJobView } from '../views.ts';

export async function describeTrainingJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeTrainingJob'>,
): Promise<OperationOutput<'DescribeTrainingJob'>> {
  const row = await ctx.services.db.job.findUnique({
    where: { kind_name: { kind: 'Training', name: input.TrainingJobName } },
  });
  return describeTrainingJobView(
    ownedOr404(
      ctx.principal,
      row,
      `Requested resource not found: training job ${input.TrainingJobName} does not exist`,
    ),
  );
}
