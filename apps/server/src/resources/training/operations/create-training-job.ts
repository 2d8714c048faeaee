import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets } from '../../jobs/access.ts';
import { insertJob } from '../../jobs/insert-job.ts';
import { BUILT_IN_REPOSITORIES } from '../../jobs/images.ts';
import { publishJobStatus } from '../../jobs/job-events.ts';
import { compileMetrics, MetricDefinitionError } from '../metric-definitions.ts';
import { advance } from '../../jobs/transitions.ts';
import { decodeHyperParameter } from '../reconcile-training-job.ts';

export async function createTrainingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateTrainingJob'>,
): Promise<OperationOutput<'CreateTrainingJob'>> {
  const { db, arns, reconciler } = ctx.services;
  const algo = input.AlgorithmSpecification;
  if (!algo.TrainingImage) {
    throw validation(
      'AlgorithmSpecification.TrainingImage is required: AlgorithmName (marketplace algorithms) is not supported. ' +
        `Use a built-in algorithm's image URI (${BUILT_IN_REPOSITORIES.join(', ')}) or a local Docker image`,
    );
  }
  if (algo.TrainingInputMode === 'Pipe')
    throw validation('TrainingInputMode Pipe is not supported: use File (or FastFile, which is served as File)');
  const instanceType = input.ResourceConfig.InstanceType;
  if (!instanceType) throw validation('ResourceConfig.InstanceType is required (instance groups are not supported)');
  const count = input.ResourceConfig.InstanceCount ?? 1;
  if (count < 1) throw validation('ResourceConfig.InstanceCount must be at least 1');
  const type = await db.instanceType.findUnique({ where: { name: instanceType } });
  if (!type) {
    const offered = (
      await db.instanceType.findMany({
        where: { name: { not: 'system' } },
        select: { name: true },
        orderBy: { name: 'asc' },
      })
    ).map((t) => t.name);
    throw validation(
      `ResourceConfig.InstanceType ${instanceType} is not offered here; choose one of ${offered.join(', ')}`,
    );
  }
  const channels = input.InputDataConfig ?? [];
  const names = new Set<string>();
  for (const ch of channels) {
    if (names.has(ch.ChannelName))
      throw validation(`InputDataConfig: the channel name ${ch.ChannelName} is used twice`);
    names.add(ch.ChannelName);
    const src = ch.DataSource.S3DataSource;
    if (!src) throw validation(`InputDataConfig ${ch.ChannelName}: only S3DataSource is supported`);
    if (src.S3DataType !== 'S3Prefix')
      throw validation(
        `InputDataConfig ${ch.ChannelName}: S3DataType ${src.S3DataType} is not supported; use S3Prefix`,
      );
    if ((ch.InputMode ?? 'File') === 'Pipe')
      throw validation(`InputDataConfig ${ch.ChannelName}: InputMode Pipe is not supported; use File`);
  }
  try {
    compileMetrics(algo.MetricDefinitions);
  } catch (err) {
    if (err instanceof MetricDefinitionError) throw validation(`AlgorithmSpecification.${err.message}`);
    throw err;
  }
  const submit = decodeHyperParameter(input.HyperParameters?.sagemaker_submit_directory);
  await checkBuckets(ctx.services, ctx.principal, [
    ...channels.map((c) => ({ field: `InputDataConfig ${c.ChannelName}`, uri: c.DataSource.S3DataSource!.S3Uri })),
    { field: 'OutputDataConfig.S3OutputPath', uri: input.OutputDataConfig.S3OutputPath },
    ...(submit?.startsWith('s3://') ? [{ field: 'HyperParameters.sagemaker_submit_directory', uri: submit }] : []),
  ]);

  const arn = arns.named('training-job', input.TrainingJobName);
  const job = await insertJob(
    ctx,
    {
      id: randomUUID(),
      kind: 'Training',
      name: input.TrainingJobName,
      arn,
      spec: input as never,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      statusTransitions: advance([], 'Starting', 'Preparing the instances for training', Date.now()) as never,
      instanceType,
      instanceCount: count,
    },
    input.Tags,
  );
  publishJobStatus(ctx.services, job, 'InProgress', { secondaryStatus: 'Starting' });
  reconciler.enqueue('trainingJob', job.id);
  return { TrainingJobArn: arn };
}
