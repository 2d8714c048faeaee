import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { planDataProcessing } from '../data-processing.ts';
import { PAYLOAD_CEILING_MB } from '../settings.ts';
import { checkBuckets, ownedOrInvalid } from '../../jobs/access.ts';
import { insertJob } from '../../jobs/insert-job.ts';
import { publishJobStatus } from '../../jobs/job-events.ts';
import { offeredInstanceType } from '../../catalog/offered-type.ts';

export async function createTransformJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateTransformJob'>,
): Promise<OperationOutput<'CreateTransformJob'>> {
  const { db, arns, reconciler } = ctx.services;
  const model = ownedOrInvalid(
    ctx.principal,
    await db.model.findUnique({ where: { name: input.ModelName } }),
    `Could not find model "${arns.named('model', input.ModelName)}".`,
  );
  const source = input.TransformInput.DataSource.S3DataSource;
  if (source.S3DataType !== 'S3Prefix' && source.S3DataType !== 'ManifestFile') {
    throw validation(
      `TransformInput.DataSource.S3DataSource.S3DataType ${source.S3DataType} is not supported; ` +
        'use S3Prefix or ManifestFile',
    );
  }
  const split = input.TransformInput.SplitType ?? 'None';
  if (split !== 'None' && split !== 'Line')
    throw validation(`TransformInput.SplitType ${split} is not supported; use Line or None`);
  const payload = input.MaxPayloadInMB;
  if (payload !== undefined && payload > PAYLOAD_CEILING_MB)
    throw validation(`MaxPayloadInMB ${payload} is more than ${PAYLOAD_CEILING_MB} MB`);
  if (payload && input.MaxConcurrentTransforms && payload * input.MaxConcurrentTransforms > PAYLOAD_CEILING_MB) {
    throw validation(
      `MaxConcurrentTransforms * MaxPayloadInMB (${input.MaxConcurrentTransforms} * ${payload}) must not exceed ` +
        `${PAYLOAD_CEILING_MB} MB`,
    );
  }
  for (const field of ['InputFilter', 'OutputFilter'] as const) {
    try {
      planDataProcessing({ [field]: input.DataProcessing?.[field] });
    } catch (err) {
      throw validation(`DataProcessing.${field}: ${(err as Error).message}`);
    }
  }
  const instanceType = input.TransformResources.InstanceType;
  await offeredInstanceType(db, instanceType, 'TransformResources.InstanceType');
  await checkBuckets(ctx.services, ctx.principal, [
    { field: 'TransformInput.DataSource.S3DataSource.S3Uri', uri: source.S3Uri },
    { field: 'TransformOutput.S3OutputPath', uri: input.TransformOutput.S3OutputPath },
  ]);

  const arn = arns.named('transform-job', input.TransformJobName);
  const job = await insertJob(
    ctx,
    {
      id: randomUUID(),
      kind: 'Transform',
      name: input.TransformJobName,
      arn,
      spec: input as never,
      status: 'InProgress',
      instanceType,
      instanceCount: input.TransformResources.InstanceCount,
      // The model as it is now: the job runs it whatever later happens to the name.
      origin: { model: { name: model.name, arn: model.arn, spec: model.spec } } as never,
    },
    input.Tags,
  );
  publishJobStatus(ctx.services, job, 'InProgress');
  reconciler.enqueue('transformJob', job.id);
  return { TransformJobArn: arn };
}
