// What CreateTrainingJob does, in two parts a tuning job uses too: `checkTrainingRequest` refuses
// what cannot run (with the reason) before anything is written; `launchTrainingJob` writes the
// job's row (quota, tags, attribution: jobs/insert-job.ts), tells the owner and starts reconciling.
import { randomUUID } from 'node:crypto';
import type { CreateTrainingJobRequest } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { checkBuckets } from '../jobs/access.ts';
import { insertJob } from '../jobs/insert-job.ts';
import { BUILT_IN_REPOSITORIES } from '../jobs/images.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import { compileMetrics, MetricDefinitionError } from './metric-definitions.ts';
import { advance } from '../jobs/transitions.ts';
import { decodeHyperParameter } from './reconcile-training-job.ts';
import { offeredInstanceType } from '../catalog/offered-type.ts';

/** Throws ValidationException (or AccessDenied for a bucket) for a request that cannot run here. */
export async function checkTrainingRequest(
  ctx: OpContext<'db' | 'objects'>,
  input: CreateTrainingJobRequest,
  /** Where the request's fields came from, for messages ("" for CreateTrainingJob itself). */
  at = '',
): Promise<void> {
  const { db } = ctx.services;
  const algo = input.AlgorithmSpecification;
  if (!algo.TrainingImage) {
    throw validation(
      `${at}AlgorithmSpecification.TrainingImage is required: AlgorithmName (marketplace algorithms) is not ` +
        `supported. Use a built-in algorithm's image URI (${BUILT_IN_REPOSITORIES.join(', ')}) or a local Docker image`,
    );
  }
  if (algo.TrainingInputMode === 'Pipe')
    throw validation(`${at}TrainingInputMode Pipe is not supported: use File (or FastFile, which is served as File)`);
  const instanceType = input.ResourceConfig.InstanceType;
  if (!instanceType)
    throw validation(`${at}ResourceConfig.InstanceType is required (instance groups are not supported)`);
  if ((input.ResourceConfig.InstanceCount ?? 1) < 1)
    throw validation(`${at}ResourceConfig.InstanceCount must be at least 1`);
  await offeredInstanceType(db, instanceType, `${at}ResourceConfig.InstanceType`);
  const channels = input.InputDataConfig ?? [];
  const names = new Set<string>();
  for (const ch of channels) {
    const where = `${at}InputDataConfig ${ch.ChannelName}`;
    if (names.has(ch.ChannelName))
      throw validation(`${at}InputDataConfig: the channel name ${ch.ChannelName} is used twice`);
    names.add(ch.ChannelName);
    const src = ch.DataSource.S3DataSource;
    if (!src) throw validation(`${where}: only S3DataSource is supported`);
    if (src.S3DataType !== 'S3Prefix')
      throw validation(`${where}: S3DataType ${src.S3DataType} is not supported; use S3Prefix`);
    if ((ch.InputMode ?? 'File') === 'Pipe') throw validation(`${where}: InputMode Pipe is not supported; use File`);
  }
  try {
    compileMetrics(algo.MetricDefinitions);
  } catch (err) {
    if (err instanceof MetricDefinitionError) throw validation(`${at}AlgorithmSpecification.${err.message}`);
    throw err;
  }
  const submit = decodeHyperParameter(input.HyperParameters?.sagemaker_submit_directory);
  await checkBuckets(ctx.services, ctx.principal, [
    ...channels.map((c) => ({
      field: `${at}InputDataConfig ${c.ChannelName}`,
      uri: c.DataSource.S3DataSource!.S3Uri,
    })),
    { field: `${at}OutputDataConfig.S3OutputPath`, uri: input.OutputDataConfig.S3OutputPath },
    ...(submit?.startsWith('s3://') ? [{ field: 'HyperParameters.sagemaker_submit_directory', uri: submit }] : []),
  ]);
}

/** Writes a checked request's row and starts it; ResourceInUse / ResourceLimitExceeded as insertJob throws them. */
export async function launchTrainingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler' | 'runtimes'>,
  input: CreateTrainingJobRequest,
  extra: Partial<Pick<Job, 'origin' | 'tuningJobId' | 'tuningSeq'>> = {},
): Promise<Job> {
  const { arns, reconciler } = ctx.services;
  const job = await insertJob(
    ctx,
    {
      id: randomUUID(),
      kind: 'Training',
      name: input.TrainingJobName,
      arn: arns.named('training-job', input.TrainingJobName),
      spec: input as never,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      statusTransitions: advance([], 'Starting', 'Preparing the instances for training', Date.now()) as never,
      instanceType: input.ResourceConfig.InstanceType!,
      instanceCount: input.ResourceConfig.InstanceCount ?? 1,
      ...extra,
    },
    input.Tags,
  );
  publishJobStatus(ctx.services, job, 'InProgress', { secondaryStatus: 'Starting' });
  reconciler.enqueue('trainingJob', job.id);
  return job;
}
