// REST handlers behind Studio's detail views of jobs, models and endpoints. Every route authorises
// through the SageMaker operation the same thing would need over the SageMaker API (Describe* for
// reading, the operation itself for changing), so a session can do exactly what the user's access
// key can, and someone else's job, model or endpoint is as absent here as it is there.
import {
  STUDIO_SAGEMAKER_OPERATIONS,
  studioSageMakerRouteName,
  ZStudioJobKind,
  type EndpointHistoryResponse,
  type EndpointMetricsResponse,
  type StudioInvokeResponse,
  type StudioLogsResponse,
  type StudioSageMakerRouteName,
} from '@tessera/contracts';
import { notFound, validation } from '../../platform/errors.ts';
import { LogStoreError } from '../../platform/logs/log-store.ts';
import { modelErrorOf } from '../../resources/endpoints/invoke-endpoint.ts';
import { WINDOW_MINUTES } from '../../resources/endpoints/invocation-metrics.ts';
import { readHistory } from '../../resources/endpoints/history.ts';
import { monitoringMetricSeries } from '../../resources/monitoring/metric-series.ts';
import { processingResults } from '../../resources/monitoring/results.ts';
import { PROCESSING_LOG_GROUP } from '../../resources/processing/reconcile-processing-job.ts';
import { handlers as sm } from '../../resources/sagemaker-operations.ts';
import { trainingMetricSeries } from '../../resources/training/metric-series.ts';
import { TRAINING_LOG_GROUP } from '../../resources/training/reconcile-training-job.ts';
import { TRANSFORM_LOG_GROUP } from '../../resources/transform/reconcile-transform-job.ts';
import type { RestContext } from './context.ts';

const op = (c: RestContext) => ({ services: c.services, principal: c.principal! });

const sageMakerHandlers = Object.fromEntries(
  STUDIO_SAGEMAKER_OPERATIONS.map((name) => [
    studioSageMakerRouteName(name),
    // The body was parsed by the operation's own request shape (the route's body).
    (c: RestContext) => (sm[name] as (ctx: ReturnType<typeof op>, input: unknown) => Promise<unknown>)(op(c), c.body),
  ]),
) as Record<StudioSageMakerRouteName, (c: RestContext) => Promise<unknown>>;

async function studioJobMetrics(c: RestContext) {
  if (!ZStudioJobKind.safeParse(c.params.kind).success)
    throw notFound(`Metric series are kept for training jobs only (/api/v1/studio/jobs/training/<name>/metrics)`);
  return trainingMetricSeries(op(c), {
    TrainingJobName: c.params.name!,
    ...(c.query.since ? { since: new Date(c.query.since) } : {}),
  });
}

/** Where each kind's streams are, and the Describe operation that says whether the caller may see it. */
const LOGS = {
  TrainingJob: (c: RestContext, name: string) =>
    sm.DescribeTrainingJob(op(c), { TrainingJobName: name }).then(() => ({ group: TRAINING_LOG_GROUP, prefix: name })),
  ProcessingJob: (c: RestContext, name: string) =>
    sm
      .DescribeProcessingJob(op(c), { ProcessingJobName: name })
      .then(() => ({ group: PROCESSING_LOG_GROUP, prefix: name })),
  TransformJob: (c: RestContext, name: string) =>
    sm
      .DescribeTransformJob(op(c), { TransformJobName: name })
      .then(() => ({ group: TRANSFORM_LOG_GROUP, prefix: name })),
  Endpoint: (c: RestContext, name: string) =>
    sm
      .DescribeEndpoint(op(c), { EndpointName: name })
      .then(() => ({ group: `/aws/sagemaker/Endpoints/${name}`, prefix: undefined })),
} satisfies Record<string, (c: RestContext, name: string) => Promise<{ group: string; prefix: string | undefined }>>;

// A token names the resource it was given for, so it cannot be replayed against another.
const encodeToken = (kind: string, name: string, resume: Record<string, number>) =>
  Buffer.from(JSON.stringify({ k: kind, n: name, r: resume })).toString('base64url');
function decodeToken(token: string, kind: string, name: string): Record<string, number> {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k: string; n: string; r: unknown };
    const r = t.r as Record<string, number>;
    if (
      t.k === kind &&
      t.n === name &&
      r &&
      typeof r === 'object' &&
      Object.values(r).every((v) => Number.isSafeInteger(v) && v >= 0)
    )
      return r;
  } catch {
    // answered below
  }
  throw validation('The nextToken is not one this route gave for this resource');
}

async function studioLogs(c: RestContext): Promise<StudioLogsResponse> {
  const { kind, name } = c.query as { kind: keyof typeof LOGS; name: string };
  const { group, prefix } = await LOGS[kind](c, name);
  const reader = { userId: c.principal!.userId, isAdmin: c.principal!.isAdmin };
  try {
    // The log store's own check (the reader's streams only) applies on top, as for the Logs API.
    const r = await c.services.logs.filterEvents(reader, group, {
      ...(prefix ? { streamPrefix: `${prefix}/` } : {}),
      ...(c.query.startTime !== undefined ? { startTime: c.query.startTime } : {}),
      matches: () => true,
      limit: c.query.limit ?? 1_000,
      ...(c.query.nextToken ? { resume: decodeToken(c.query.nextToken, kind, name) } : {}),
    });
    return {
      LogGroupName: group,
      Events: r.events.map((e) => ({ LogStreamName: e.logStreamName, Timestamp: e.timestamp, Message: e.message })),
      ...(r.resume ? { NextToken: encodeToken(kind, name, r.resume) } : {}),
    };
  } catch (err) {
    // A job that has not started has no streams yet: nothing to show, not an error.
    if (err instanceof LogStoreError && err.code !== 'BadPosition') return { LogGroupName: group, Events: [] };
    if (err instanceof LogStoreError) throw validation(err.message);
    throw err;
  }
}

/** Text the view can show as typed when it is UTF-8, else base64. */
function encodeBody(body: Buffer): { Body: string; BodyEncoding: 'utf8' | 'base64' } {
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body)
    ? { Body: text, BodyEncoding: 'utf8' }
    : { Body: body.toString('base64'), BodyEncoding: 'base64' };
}

async function studioInvokeEndpoint(c: RestContext): Promise<StudioInvokeResponse> {
  const name = c.params.name!;
  const b = c.body as { Body: string; BodyEncoding?: 'utf8' | 'base64'; ContentType?: string; Accept?: string };
  const answer = await c.invoker.invoke(c.principal!, {
    endpoint: name,
    body: Buffer.from(b.Body, b.BodyEncoding === 'base64' ? 'base64' : 'utf8'),
    contentType: b.ContentType ?? 'application/octet-stream',
    ...(b.Accept ? { accept: b.Accept } : {}),
    ...(c.body.TargetVariant ? { targetVariant: c.body.TargetVariant as string } : {}),
  });
  const ok = answer.status >= 200 && answer.status < 300;
  return {
    StatusCode: answer.status,
    ...encodeBody(answer.body),
    ContentType: answer.contentType,
    InvokedProductionVariant: answer.variant,
    ...(ok ? {} : { ModelError: modelErrorOf(name, answer).message }),
  };
}

async function studioEndpointMetrics(c: RestContext): Promise<EndpointMetricsResponse> {
  const name = c.params.name!;
  const d = await sm.DescribeEndpoint(op(c), { EndpointName: name });
  const minutes = c.query.minutes ?? WINDOW_MINUTES;
  // Figures of an earlier endpoint of the same name are not this one's.
  const since = Math.floor(Math.max(Date.now() - (minutes - 1) * 60_000, d.CreationTime * 1000) / 60_000) * 60_000;
  const metrics = c.invoker.metrics;
  return {
    EndpointName: name,
    Variants: metrics.read(name, since).map(({ variant, buckets }) => ({
      VariantName: variant,
      Buckets: buckets.map((b) => ({
        Timestamp: new Date(b.minute).toISOString(),
        Invocations: b.invocations,
        Invocation4XXErrors: b.errors4xx,
        Invocation5XXErrors: b.errors5xx,
        ModelErrors: b.modelErrors,
        ModelLatencyAverageMs: b.answered ? b.latencySumMs / b.answered : 0,
        ModelLatencyMaxMs: b.latencyMaxMs,
      })),
    })),
    WindowMinutes: WINDOW_MINUTES,
    KeptSince: new Date(metrics.keptSince()).toISOString(),
  };
}

async function studioEndpointHistory(c: RestContext): Promise<EndpointHistoryResponse> {
  const name = c.params.name!;
  const d = await sm.DescribeEndpoint(op(c), { EndpointName: name });
  // The clock's second is the description's unit: rows written within it count.
  const rows = await readHistory(c.services.db, name, new Date(Math.floor(d.CreationTime) * 1000));
  return {
    EndpointName: name,
    Events: rows.map((r) => ({
      Time: r.time.toISOString(),
      Status: r.status,
      ...(r.configName ? { EndpointConfigName: r.configName } : {}),
      ...(r.change ? { Change: r.change } : {}),
      ...(r.reason ? { Reason: r.reason } : {}),
    })),
  };
}

/** A processing job's Model Monitor / Clarify results: visible as DescribeProcessingJob is. */
async function studioProcessingResults(c: RestContext) {
  const name = c.params.name!;
  await sm.DescribeProcessingJob(op(c), { ProcessingJobName: name });
  const job = await c.services.db.job.findUnique({ where: { kind_name: { kind: 'Processing', name } } });
  return processingResults(c.services, job!);
}

async function studioMonitoringMetrics(c: RestContext) {
  const name = c.params.name!;
  await sm.DescribeEndpoint(op(c), { EndpointName: name });
  return monitoringMetricSeries(op(c), name);
}

export const studioDetailHandlers = {
  ...sageMakerHandlers,
  studioJobMetrics,
  studioLogs,
  studioInvokeEndpoint,
  studioEndpointMetrics,
  studioEndpointHistory,
  studioProcessingResults,
  studioMonitoringMetrics,
};
