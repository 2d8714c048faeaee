import type { CreateProcessingJobRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { ownedOr404 } from '../../jobs/access.ts';
import { monitoringOf } from '../../monitoring/execution-origin.ts';

export async function describeProcessingJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeProcessingJob'>,
): Promise<OperationOutput<'DescribeProcessingJob'>> {
  const job = ownedOr404(
    ctx.principal,
    await ctx.services.db.job.findUnique({
      where: { kind_name: { kind: 'Processing', name: input.ProcessingJobName } },
    }),
    `Requested resource not found: processing job ${input.ProcessingJobName} does not exist`,
  );
  const spec = job.spec as unknown as CreateProcessingJobRequest;
  return {
    ...(spec.ProcessingInputs ? { ProcessingInputs: spec.ProcessingInputs } : {}),
    ...(spec.ProcessingOutputConfig ? { ProcessingOutputConfig: spec.ProcessingOutputConfig } : {}),
    ProcessingJobName: job.name,
    ProcessingResources: spec.ProcessingResources,
    ...(spec.StoppingCondition ? { StoppingCondition: spec.StoppingCondition } : {}),
    AppSpecification: spec.AppSpecification,
    ...(spec.Environment ? { Environment: spec.Environment } : {}),
    RoleArn: spec.RoleArn,
    ProcessingJobArn: job.arn,
    ProcessingJobStatus: job.status as never,
    ...(job.exitMessage ? { ExitMessage: job.exitMessage } : {}),
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
    ...(job.endedAt ? { ProcessingEndTime: epochSeconds(job.endedAt) } : {}),
    ...(job.startedAt ? { ProcessingStartTime: epochSeconds(job.startedAt) } : {}),
    LastModifiedTime: epochSeconds(job.updatedAt),
    CreationTime: epochSeconds(job.createdAt),
    ...(monitoringOf(job) ? { MonitoringScheduleArn: monitoringOf(job)!.scheduleArn } : {}),
  };
}
