import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets } from '../../jobs/access.ts';
import { insertJob } from '../../jobs/insert-job.ts';
import { publishJobStatus } from '../../jobs/job-events.ts';
import { offeredInstanceType } from '../../catalog/offered-type.ts';

export async function createProcessingJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateProcessingJob'>,
): Promise<OperationOutput<'CreateProcessingJob'>> {
  const { db, arns, reconciler } = ctx.services;
  const cluster = input.ProcessingResources.ClusterConfig;
  await offeredInstanceType(db, cluster.InstanceType, 'ProcessingResources.ClusterConfig.InstanceType');
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
  const arn = arns.named('processing-job', input.ProcessingJobName);
  const job = await insertJob(
    ctx,
    {
      id: randomUUID(),
      kind: 'Processing',
      name: input.ProcessingJobName,
      arn,
      spec: input as never,
      status: 'InProgress',
      secondaryStatus: 'Starting',
      instanceType: cluster.InstanceType,
      instanceCount: cluster.InstanceCount,
    },
    input.Tags,
  );
  publishJobStatus(ctx.services, job, 'InProgress');
  reconciler.enqueue('processingJob', job.id);
  return { ProcessingJobArn: arn };
}
