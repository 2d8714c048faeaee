// What a monitoring job must be to run, checked when a definition or schedule is created and again
// when each execution is launched (as the schedule's owner: an endpoint, bucket or instance type may
// have changed hands or gone since).
import type { DataCaptureConfig, MonitoringType } from '@tessera/contracts';
import type { Endpoint } from '@tessera/db';
import { absentInvalid, validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { checkBuckets, visibleTo } from '../jobs/access.ts';
import { offeredInstanceType } from '../catalog/offered-type.ts';
import { captureOf, currentOrigin } from '../endpoints/origin.ts';
import { windowOffsetMs } from './schedule-expression.ts';
import { bucketsOf, type MonitoringJob } from './monitoring-job.ts';

/** Which side of the traffic each type reads: its inputs (features) and/or its outputs (predictions). */
const NEEDS: Record<MonitoringType, ('Input' | 'Output')[]> = {
  DataQuality: ['Input'],
  ModelQuality: ['Output'],
  ModelBias: ['Input', 'Output'],
  ModelExplainability: ['Input'],
};

export interface Watched {
  endpoint: Endpoint;
  capture: DataCaptureConfig;
  variants: string[];
}

export async function checkMonitoringJob(
  ctx: OpContext<'db' | 'objects'>,
  job: MonitoringJob,
  /** Where the fields came from, for messages ("DataQualityJobInput." say). */
  at: string,
): Promise<Watched> {
  if (job.input.BatchTransformInput)
    throw validation(
      `${at}BatchTransformInput is not supported: Tessera's batch transform jobs do not capture data; ` +
        'monitor an endpoint with EndpointInput',
    );
  const input = job.input.EndpointInput;
  if (!input) throw validation(`${at}EndpointInput is required: name the endpoint to monitor`);
  if (input.S3InputMode === 'Pipe') throw validation(`${at}EndpointInput.S3InputMode Pipe is not supported; use File`);
  // The defaults are windowOf's (reconcile-monitoring-schedule.ts): the hour before the scheduled time.
  const start = windowOffsetMs(input.StartTimeOffset ?? '-PT1H', `${at}EndpointInput.StartTimeOffset`);
  const end = windowOffsetMs(input.EndTimeOffset ?? 'PT0H', `${at}EndpointInput.EndTimeOffset`);
  if (start >= end)
    throw validation(
      `${at}EndpointInput.StartTimeOffset (${input.StartTimeOffset ?? '-PT1H by default'}) must come before ` +
        `EndTimeOffset (${input.EndTimeOffset ?? 'PT0H by default'})`,
    );
  if (job.type === 'ModelQuality' && !job.problemType)
    throw validation(
      'ModelQualityAppSpecification.ProblemType is required: BinaryClassification, MulticlassClassification ' +
        'or Regression',
    );
  if ((job.type === 'ModelQuality' || job.type === 'ModelBias') && !job.groundTruthUri)
    throw validation(`${at}GroundTruthS3Input.S3Uri is required: where you upload the ground truth labels`);
  await offeredInstanceType(ctx.services.db, job.cluster.InstanceType, 'JobResources.ClusterConfig.InstanceType');
  await checkBuckets(ctx.services, ctx.principal, bucketsOf(job));
  return watchedEndpoint(ctx, job.type, input.EndpointName);
}

/** The endpoint, if the caller may monitor it and it captures what the monitoring type reads. */
export async function watchedEndpoint(
  ctx: OpContext<'db' | 'objects'>,
  type: MonitoringType,
  name: string,
): Promise<Watched> {
  const endpoint = await ctx.services.db.endpoint.findUnique({ where: { name } });
  if (!endpoint || !visibleTo(ctx.principal, endpoint) || endpoint.desiredState !== 'Present')
    throw absentInvalid(`Could not find endpoint "${name}".`);
  const origin = currentOrigin(endpoint);
  const capture = captureOf(origin);
  const modes = new Set(capture?.CaptureOptions.map((o) => o.CaptureMode));
  const missing = NEEDS[type].filter((side) => !modes.has(side) && !modes.has('InputAndOutput'));
  if (!capture || missing.length)
    throw validation(
      `Endpoint ${name} does not capture its ${missing.join(' and ').toLowerCase() || 'traffic'}: ${type} ` +
        `monitoring reads captured ${NEEDS[type].join(' and ').toLowerCase()} data. Update the endpoint with an ` +
        'endpoint config whose DataCaptureConfig has EnableCapture true and CaptureMode ' +
        (NEEDS[type].length > 1 ? 'InputAndOutput' : `${NEEDS[type][0]} (or InputAndOutput)`),
    );
  await checkBuckets(ctx.services, ctx.principal, [
    { field: `Endpoint ${name}'s DataCaptureConfig.DestinationS3Uri`, uri: capture.DestinationS3Uri },
  ]);
  return { endpoint, capture, variants: origin!.config.ProductionVariants.map((v) => v.VariantName) };
}
