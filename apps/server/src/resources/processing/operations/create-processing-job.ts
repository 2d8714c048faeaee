import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { checkProcessingRequest, launchProcessingJob } from '../launch-processing-job.ts';

export async function createProcessingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateProcessingJob'>,
): Promise<OperationOutput<'CreateProcessingJob'>> {
  await checkProcessingRequest(ctx, input);
  const job = await launchProcessingJob(ctx, input);
  return { ProcessingJobArn: job.arn };
}
