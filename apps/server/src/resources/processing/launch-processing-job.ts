// What CreateProcessingJob does, in two parts a monitoring schedule uses too: `checkProcessingRequest`
// refuses what cannot run (with the reason) before anything is written; `launchProcessingJob` writes
// the job's row (quota, tags, attribution: jobs/insert-job.ts), tells the owner and starts reconciling.
import { randomUUID } from 'node:crypto';
import type { CreateProcessingJobRequest } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { checkBuckets } from '../jobs/access.ts';
import { insertJob } from '../jobs/insert-job.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import { offeredInstanceType } from '../catalog/offered-type.ts';

/** Throws ValidationException (or AccessDenied for a bucket) for a request that cannot run here. */
export async function checkProcessingRequest(
  ctx: OpContext<'db' | 'objects'>,
  input: CreateProcessingJobRequest,
): Promise<void> {
  const cluster = input.ProcessingResources.ClusterConfig;
  await offeredInstanceType(ctx.services.db, cluster.InstanceType, 'ProcessingResources.ClusterConfig.InstanceType');
  const names = new Set<string>();
  for (const i of input.ProcessingInputs ?? []) {
    if (names.has(i.InputName)) throw validation(`ProcessingInputs: the input name ${i.InputName} is used twice`);
    names.add(i.InputName);
    if (i.DatasetDefinition)
      throw validation(
        `ProcessingInputs ${i.InputName}: DatasetDefinition (Athena, Redshift) is not supported; use S3Input`,
      );
    if (i.S3Input?.S3DataType === 'ManifestFile')
      throw validation(`ProcessingInputs ${i.InputName}: S3DataType ManifestFile is not supported; use S3Prefix`);
    if (i.S3Input?.S3InputMode === 'Pipe')
      throw validation(`ProcessingInputs ${i.InputName}: S3InputMode Pipe is not supported; use File`);
  }
  for (const o of input.ProcessingOutputConfig?.Outputs ?? []) {
    if (names.has(o.OutputName)) throw validation(`The name ${o.OutputName} is used by more than one input or output`);
    names.add(o.OutputName);
    if (o.FeatureStoreOutput)
      throw validation(`ProcessingOutputConfig ${o.OutputName}: FeatureStoreOutput is not supported; use S3Output`);
  }
  await checkBuckets(ctx.services, ctx.principal, [
    ...(input.ProcessingInputs ?? [])
      .filter((i) => i.S3Input)
      .map((i) => ({ field: `ProcessingInputs ${i.InputName}`, uri: i.S3Input!.S3Uri })),
    ...(input.ProcessingOutputConfig?.Outputs ?? [])
      .filter((o) => o.S3Output)
      .map((o) => ({ field: `ProcessingOutputConfig ${o.OutputName}`, uri: o.S3Output!.S3Uri })),
  ]);
}

/** Writes a checked request's row and starts it; ResourceInUse / ResourceLimitExceeded as insertJob throws them. */
export async function launchProcessingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler' | 'runtimes'>,
  input: CreateProcessingJobRequest,
  extra: Partial<Pick<Job, 'origin' | 'monitoringScheduleId' | 'scheduledTime'>> = {},
): Promise<Job> {
  const { arns, reconciler } = ctx.services;
  const cluster = input.ProcessingResources.ClusterConfig;
  const job = await insertJob(
    ctx,
    {
      id: randomUUID(),
      kind: 'Processing',
      name: input.ProcessingJobName,
      arn: arns.named('processing-job', input.ProcessingJobName),
      spec: input as never,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      instanceType: cluster.InstanceType,
      instanceCount: cluster.InstanceCount,
      ...extra,
    },
    input.Tags,
  );
  publishJobStatus(ctx.services, job, 'InProgress');
  reconciler.enqueue('processingJob', job.id);
  return job;
}
