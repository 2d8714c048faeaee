import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { listJobs } from '../../jobs/list-jobs.ts';

export async function listProcessingJobs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListProcessingJobs'>,
): Promise<OperationOutput<'ListProcessingJobs'>> {
  const { items, nextToken } = await listJobs(ctx, 'Processing', input);
  return {
    ProcessingJobSummaries: items.map((j) => ({
      ProcessingJobName: j.name,
      ProcessingJobArn: j.arn,
      CreationTime: epochSeconds(j.createdAt),
      ...(j.endedAt ? { ProcessingEndTime: epochSeconds(j.endedAt) } : {}),
      LastModifiedTime: epochSeconds(j.updatedAt),
      ProcessingJobStatus: j.status as never,
      ...(j.failureReason ? { FailureReason: j.failureReason } : {}),
      ...(j.exitMessage ? { ExitMessage: j.exitMessage } : {}),
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
