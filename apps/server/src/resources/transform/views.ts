// Job rows → the DescribeTransformJob / ListTransformJobs shapes: the request echoed, with the
// batch settings the job ran with where the request left them to the container.
import type { CreateTransformJobRequest, DescribeTransformJobResponse } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import type { TransformOutputs } from './reconcile-transform-job.ts';
import { epochSeconds } from '../domains/views.ts';

type Status = DescribeTransformJobResponse['TransformJobStatus'];

export function describeTransformJobView(job: Job): DescribeTransformJobResponse {
  const spec = job.spec as unknown as CreateTransformJobRequest;
  const settings = ((job.outputs ?? {}) as TransformOutputs).settings;
  const concurrent = spec.MaxConcurrentTransforms || settings?.maxConcurrent;
  const payload = spec.MaxPayloadInMB ?? settings?.maxPayloadInMB;
  const strategy = spec.BatchStrategy ?? settings?.strategy;
  return {
    TransformJobName: job.name,
    TransformJobArn: job.arn,
    TransformJobStatus: job.status as Status,
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
    ModelName: spec.ModelName,
    ...(concurrent !== undefined ? { MaxConcurrentTransforms: concurrent } : {}),
    ...(spec.ModelClientConfig ? { ModelClientConfig: spec.ModelClientConfig } : {}),
    ...(payload !== undefined ? { MaxPayloadInMB: payload } : {}),
    ...(strategy ? { BatchStrategy: strategy } : {}),
    ...(spec.Environment ? { Environment: spec.Environment } : {}),
    TransformInput: spec.TransformInput,
    TransformOutput: spec.TransformOutput,
    ...(spec.DataCaptureConfig ? { DataCaptureConfig: spec.DataCaptureConfig } : {}),
    TransformResources: spec.TransformResources,
    CreationTime: epochSeconds(job.createdAt),
    ...(job.startedAt ? { TransformStartTime: epochSeconds(job.startedAt) } : {}),
    ...(job.endedAt ? { TransformEndTime: epochSeconds(job.endedAt) } : {}),
    ...(spec.DataProcessing ? { DataProcessing: spec.DataProcessing } : {}),
    ...(spec.ExperimentConfig ? { ExperimentConfig: spec.ExperimentConfig as Record<string, unknown> } : {}),
  };
}

export function transformJobSummaryView(job: Job) {
  return {
    TransformJobName: job.name,
    TransformJobArn: job.arn,
    CreationTime: epochSeconds(job.createdAt),
    ...(job.endedAt ? { TransformEndTime: epochSeconds(job.endedAt) } : {}),
    LastModifiedTime: epochSeconds(job.updatedAt),
    TransformJobStatus: job.status as Status,
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
  };
}
