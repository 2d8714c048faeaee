// One monitoring execution: a processing job over the captured traffic of its window, as Model
// Monitor runs it. The window's hours that hold captured data (and ground truth, for the types that
// join it) become one input each, at SageMaker's paths; the baseline, Clarify's analysis config and
// the user's scripts are inputs too. Environment as the analyzer and Clarify containers read it
// (docker/README.md). Results go to <output>/<endpoint>/<schedule>/yyyy/mm/dd/hh.
import { randomBytes } from 'node:crypto';
import type { CreateProcessingJobRequest, ProcessingInput } from '@tessera/contracts';
import type { MonitoringSchedule } from '@tessera/db';
import { validation } from '../../platform/errors.ts';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';
import type { OpContext } from '../services.ts';
import type { MonitoringJob } from './monitoring-job.ts';
import type { Watched } from './check-monitoring-job.ts';
import { executionOrigin } from './execution-origin.ts';
import { checkProcessingRequest, launchProcessingJob } from '../processing/launch-processing-job.ts';
import { MAX_LOOKBACK_DAYS, MAX_LOOKBACK_MS } from './schedule-expression.ts';

const HOUR = 3_600_000;
const PROCESSING = '/opt/ml/processing';
const NAME_PREFIX: Record<MonitoringJob['type'], string> = {
  DataQuality: 'model-monitoring',
  ModelQuality: 'model-quality-monitoring',
  ModelBias: 'model-bias-monitoring',
  ModelExplainability: 'model-explainability-monitoring',
};

const pad = (n: number) => String(n).padStart(2, '0');
const hourPath = (t: Date) =>
  `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}`;
const iso = (t: Date) => t.toISOString().replace(/\.\d+Z$/, 'Z');
const join = (uri: string, path: string) => `${uri.replace(/\/+$/, '')}/${path}`;

/**
 * The hours (their starts) that overlap [from, to). Each is looked up in the object store, so a span
 * longer than any window the checks accept (a config stored before they did) is refused, not listed.
 */
function hoursBetween(from: Date, to: Date): Date[] {
  const span = to.getTime() - from.getTime();
  if (!Number.isFinite(span) || span > MAX_LOOKBACK_MS + 3 * HOUR)
    throw validation(
      `the analysis window reaches more than ${MAX_LOOKBACK_DAYS} days before the scheduled time; update the ` +
        'schedule with a later DataAnalysisStartTime (or the definition with a later StartTimeOffset)',
    );
  const out: Date[] = [];
  for (let t = Math.floor(from.getTime() / HOUR) * HOUR; t < to.getTime(); t += HOUR) out.push(new Date(t));
  return out;
}

async function hasObjects(store: ObjectStore, uri: string): Promise<boolean> {
  const loc = parseS3Uri(uri);
  if (!loc || !(await store.bucketExists(loc.bucket))) return false;
  for await (const _ of store.list(loc.bucket, `${loc.key}/`)) return true;
  return false;
}

export interface Execution {
  schedule: MonitoringSchedule;
  job: MonitoringJob;
  watched: Watched;
  scheduledTime: Date;
  window: { start: Date; end: Date };
  definitionName?: string | undefined;
}

/** The processing job an execution runs. */
export async function executionRequest(store: ObjectStore, e: Execution): Promise<CreateProcessingJobRequest> {
  const { job, watched, schedule, window } = e;
  const endpoint = watched.endpoint.name;
  const inputs: ProcessingInput[] = [];
  const local = job.input.EndpointInput!.LocalPath.replace(/\/+$/, '');
  // The capture is filed by the hour it was written, which can trail the inference time a little.
  for (const hour of hoursBetween(new Date(window.start.getTime() - HOUR), new Date(window.end.getTime() + HOUR)))
    for (const variant of watched.variants) {
      const uri = join(watched.capture.DestinationS3Uri, `${endpoint}/${variant}/${hourPath(hour)}`);
      if (await hasObjects(store, uri))
        inputs.push(
          s3Input(`endpoint_input_${inputs.length + 1}`, uri, `${local}/${endpoint}/${variant}/${hourPath(hour)}`),
        );
    }
  if (job.groundTruthUri) {
    // Labels arrive after the predictions: every hour from the window's start until the execution
    // (a NOW execution launched long after it was armed looks no further than the lookback).
    let n = 0;
    const until = Math.min(
      Math.max(e.scheduledTime.getTime(), Date.now()) + HOUR,
      window.start.getTime() + MAX_LOOKBACK_MS + HOUR,
    );
    for (const hour of hoursBetween(window.start, new Date(until))) {
      const uri = join(job.groundTruthUri, hourPath(hour));
      if (await hasObjects(store, uri))
        inputs.push(s3Input(`groundtruth_input_${++n}`, uri, `${PROCESSING}/groundtruth/${hourPath(hour)}`));
    }
  }
  const env: Record<string, string> = {
    ...job.environment,
    dataset_format: JSON.stringify({
      sagemakerCaptureJson: { captureIndexNames: ['endpointInput', 'endpointOutput'] },
    }),
    dataset_source: local,
    output_path: job.output.LocalPath,
    publish_cloudwatch_metrics: job.environment.publish_cloudwatch_metrics ?? 'Enabled',
    start_time: iso(window.start),
    end_time: iso(window.end),
    metric_time: iso(window.start),
    sagemaker_endpoint_name: endpoint,
    sagemaker_monitoring_schedule_name: schedule.name,
    sagemaker_endpoint_datacapture_prefix: watched.capture.DestinationS3Uri,
  };
  const file = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
  if (job.constraintsUri) {
    inputs.push(s3Input('constraints', job.constraintsUri, `${PROCESSING}/baseline/constraints`));
    env.baseline_constraints = `${PROCESSING}/baseline/constraints/${file(job.constraintsUri)}`;
  }
  if (job.statisticsUri) {
    inputs.push(s3Input('baseline', job.statisticsUri, `${PROCESSING}/baseline/stats`));
    env.baseline_statistics = `${PROCESSING}/baseline/stats/${file(job.statisticsUri)}`;
  }
  if (job.recordPreprocessorUri) {
    inputs.push(s3Input('pre_processor_script', job.recordPreprocessorUri, `${PROCESSING}/code/preprocessing`));
    env.record_preprocessor_script = `${PROCESSING}/code/preprocessing/${file(job.recordPreprocessorUri)}`;
  }
  if (job.postAnalyticsUri) {
    inputs.push(s3Input('post_processor_script', job.postAnalyticsUri, `${PROCESSING}/code/postprocessing`));
    env.post_analytics_processor_script = `${PROCESSING}/code/postprocessing/${file(job.postAnalyticsUri)}`;
  }
  if (job.groundTruthUri) env.ground_truth_source = `${PROCESSING}/groundtruth`;
  // What the analyzer (model quality) and Clarify (bias, explainability) are asked to do.
  if (job.type === 'ModelQuality') {
    env.analysis_type = 'MODEL_QUALITY';
    env.problem_type = job.problemType!;
  }
  if (job.type === 'ModelBias') env.analysis_type = 'MODEL_BIAS';
  if (job.type === 'ModelExplainability') env.analysis_type = 'MODEL_EXPLAINABILITY';
  const columns = job.input.EndpointInput!;
  const attributes: [string, string | number | undefined][] = [
    ['features_attribute', columns.FeaturesAttribute],
    ['inference_attribute', columns.InferenceAttribute],
    ['probability_attribute', columns.ProbabilityAttribute],
    ['probability_threshold_attribute', columns.ProbabilityThresholdAttribute],
  ];
  for (const [k, v] of attributes) if (v !== undefined) env[k] = String(v);
  if (job.configUri) {
    inputs.push(s3Input('analysis_config', job.configUri, `${PROCESSING}/input/config`));
    env.analysis_config = `${PROCESSING}/input/config/${file(job.configUri)}`;
  }
  const at = e.scheduledTime;
  return {
    ProcessingJobName: executionName(job.type, at),
    ProcessingInputs: inputs,
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: 'result',
          S3Output: {
            S3Uri: join(job.output.S3Uri, `${endpoint}/${schedule.name}/${hourPath(at)}`),
            LocalPath: job.output.LocalPath,
            S3UploadMode: job.output.S3UploadMode ?? 'Continuous',
          },
        },
      ],
    },
    ProcessingResources: { ClusterConfig: job.cluster },
    StoppingCondition: { MaxRuntimeInSeconds: job.maxRuntimeInSeconds ?? 3600 },
    AppSpecification: {
      ImageUri: job.image,
      ...(job.entrypoint ? { ContainerEntrypoint: job.entrypoint } : {}),
      ...(job.arguments ? { ContainerArguments: job.arguments } : {}),
    },
    Environment: env,
    ...(job.isolated ? { NetworkConfig: { EnableNetworkIsolation: true } } : {}),
    RoleArn: job.roleArn,
  };
}

/** model-monitoring-YYYYMMDDHHMM-<random>: random, so nobody can take an execution's name before it runs. */
export function executionName(type: MonitoringJob['type'], at: Date): string {
  const stamp = [at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()].map(pad).join('');
  return `${NAME_PREFIX[type]}-${at.getUTCFullYear()}${stamp}-${randomBytes(6).toString('hex')}`;
}

function s3Input(name: string, uri: string, localPath: string): ProcessingInput {
  return {
    InputName: name,
    S3Input: { S3Uri: uri, LocalPath: localPath, S3DataType: 'S3Prefix', S3InputMode: 'File' },
  };
}

/** Checks the request as CreateProcessingJob would and launches it as the schedule's owner. */
export async function launchExecution(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  e: Execution,
): Promise<void> {
  const request = await executionRequest(ctx.services.objects, e);
  await checkProcessingRequest(ctx, request);
  await launchProcessingJob(ctx, request, {
    monitoringScheduleId: e.schedule.id,
    scheduledTime: e.scheduledTime,
    origin: executionOrigin(e.schedule, e.job, e.definitionName, e.window) as never,
  });
}
