import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { checkTrainingRequest, launchTrainingJob } from '../launch-training-job.ts';

export async function createTrainingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateTrainingJob'>,
): Promise<OperationOutput<'CreateTrainingJob'>> {
  await checkTrainingRequest(ctx, input);
  const job = await launchTrainingJob(ctx, input);
  return { TrainingJobArn: job.arn };
}
