// REST for Studio's detail views of jobs, models and endpoints. The SageMaker operations a view
// needs are offered one route each (their own request and response shapes), so each is validated
// and documented like any other route; beside them, what the SageMaker API has no operation for:
// metric series, log events, a test invocation and endpoint metrics. Live changes come over the
// events socket (/api/v1/events); these routes give the state to start from.
import { z } from 'zod';
import { ZEntityName } from '../sagemaker/common.ts';
import { sageMakerOperations, type SageMakerOperation } from '../sagemaker/operations.ts';
import type { RestRoute } from './routes.ts';

/**
 * What the views may call, and nothing more: a session cookie is a weaker credential than a signed
 * request (any page of this origin holds it), so it reaches only these, never Create*Job, Delete of
 * models and configs, domains or images.
 */
export const STUDIO_SAGEMAKER_OPERATIONS = [
  'DescribeTrainingJob',
  'ListTrainingJobs',
  'StopTrainingJob',
  'DescribeProcessingJob',
  'ListProcessingJobs',
  'StopProcessingJob',
  'DescribeTransformJob',
  'ListTransformJobs',
  'StopTransformJob',
  'DescribeModel',
  'ListModels',
  'CreateModel',
  'DescribeEndpointConfig',
  'ListEndpointConfigs',
  'CreateEndpointConfig',
  'DescribeEndpoint',
  'ListEndpoints',
  'CreateEndpoint',
  'UpdateEndpointWeightsAndCapacities',
  'DeleteEndpoint',
  'ListModelPackageGroups',
  'DescribeModelPackageGroup',
  'ListModelPackages',
  'DescribeModelPackage',
  'UpdateModelPackage',
  'CreateModelPackageGroup',
  'CreateModelPackage',
  'DescribeHyperParameterTuningJob',
  'ListHyperParameterTuningJobs',
  'ListTrainingJobsForHyperParameterTuningJob',
  'StopHyperParameterTuningJob',
  'DescribeExperiment',
  'ListExperiments',
  'Search',
  'ListMonitoringSchedules',
  'DescribeMonitoringSchedule',
  'ListMonitoringExecutions',
  'StopMonitoringSchedule',
  'StartMonitoringSchedule',
] as const satisfies readonly SageMakerOperation[];
export type StudioSageMakerOperation = (typeof STUDIO_SAGEMAKER_OPERATIONS)[number];
export type StudioSageMakerRouteName = `studioSageMaker${StudioSageMakerOperation}`;
export const studioSageMakerRouteName = (op: StudioSageMakerOperation): StudioSageMakerRouteName =>
  `studioSageMaker${op}`;

const ZIsoTime = z.string();

export const ZStudioJobKind = z.enum(['training']);
export const ZJobMetricsQuerySchema = z.strictObject({
  /** Only points after this time (ISO 8601): a view that has the series so far asks for what is new. */
  since: z.iso.datetime({ offset: true }).optional(),
});
export const ZJobMetricsResponseSchema = z.object({
  Metrics: z.array(
    z.object({
      MetricName: z.string(),
      /** Oldest first. */
      Points: z.array(z.object({ Timestamp: ZIsoTime, Value: z.number() })),
      /** More points follow the last one: ask again with `since` = its Timestamp. */
      Truncated: z.boolean(),
    }),
  ),
});
export type JobMetricsResponse = z.infer<typeof ZJobMetricsResponseSchema>;

export const ZStudioLogKind = z.enum(['TrainingJob', 'ProcessingJob', 'TransformJob', 'Endpoint']);
export const ZStudioLogsQuerySchema = z.strictObject({
  kind: ZStudioLogKind,
  name: ZEntityName,
  /** Epoch ms, inclusive. */
  startTime: z.coerce.number().int().min(0).optional(),
  /** From a previous answer: where each stream's reading stopped. */
  nextToken: z.string().max(8192).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export const ZStudioLogsResponseSchema = z.object({
  /** The CloudWatch Logs group the events are in (`/aws/sagemaker/TrainingJobs`, ...). */
  LogGroupName: z.string(),
  /** Interleaved across the resource's streams, oldest first. */
  Events: z.array(z.object({ LogStreamName: z.string(), Timestamp: z.number(), Message: z.string() })),
  /** Present while there is more to read now; once absent, newer lines arrive on the events socket. */
  NextToken: z.string().optional(),
});
export type StudioLogsResponse = z.infer<typeof ZStudioLogsResponseSchema>;

const ZBodyEncoding = z.enum(['utf8', 'base64']);
export const ZStudioInvokeRequestSchema = z.strictObject({
  /** The payload as typed in the view (utf8), or base64 for binary payloads. */
  Body: z.string().max(8 * 1024 * 1024),
  BodyEncoding: ZBodyEncoding.optional(),
  ContentType: z.string().min(1).max(1024).optional(),
  Accept: z.string().min(1).max(1024).optional(),
  TargetVariant: z.string().min(1).max(63).optional(),
});
export const ZStudioInvokeResponseSchema = z.object({
  /** What the model answered: 2xx, or the model's own error status (the runtime API's ModelError). */
  StatusCode: z.number().int(),
  Body: z.string(),
  /** utf8 when the answer is valid UTF-8 text, else base64. */
  BodyEncoding: ZBodyEncoding,
  ContentType: z.string(),
  InvokedProductionVariant: z.string(),
  /** The model's error, as InvokeEndpoint reports it (ModelError), when StatusCode is not 2xx. */
  ModelError: z.string().optional(),
});
export type StudioInvokeResponse = z.infer<typeof ZStudioInvokeResponseSchema>;

export const ZEndpointMetricsQuerySchema = z.strictObject({
  /** Minutes back from now, at most the window the server keeps (180). */
  minutes: z.coerce.number().int().min(1).max(180).optional(),
});
export const ZEndpointMetricBucket = z.object({
  /** The start of the minute. */
  Timestamp: ZIsoTime,
  Invocations: z.number().int(),
  /** The model answered 4xx / 5xx. */
  Invocation4XXErrors: z.number().int(),
  Invocation5XXErrors: z.number().int(),
  /** Every invocation answered with ModelError: the model's 4xx and 5xx, and a model that could not be reached. */
  ModelErrors: z.number().int(),
  /** Time the model took, over the invocations it answered. */
  ModelLatencyAverageMs: z.number(),
  ModelLatencyMaxMs: z.number(),
});
export const ZEndpointMetricsResponseSchema = z.object({
  EndpointName: z.string(),
  /** Minutes with no invocation are left out. */
  Variants: z.array(z.object({ VariantName: z.string(), Buckets: z.array(ZEndpointMetricBucket) })),
  /** How far back the server keeps them, and since when (they are kept in memory: see the recorder). */
  WindowMinutes: z.number().int(),
  KeptSince: ZIsoTime,
});
export type EndpointMetricsResponse = z.infer<typeof ZEndpointMetricsResponseSchema>;

export const ZEndpointHistoryResponseSchema = z.object({
  EndpointName: z.string(),
  /** Oldest first; the latest 200 are kept. */
  Events: z.array(
    z.object({
      Time: ZIsoTime,
      /** The endpoint's status after this event. */
      Status: z.string(),
      EndpointConfigName: z.string().optional(),
      /** What was asked ("Created", "Update from a to b", a variant's new weight or instance count). */
      Change: z.string().optional(),
      /** Why it failed or was rolled back. */
      Reason: z.string().optional(),
    }),
  ),
});
export type EndpointHistoryResponse = z.infer<typeof ZEndpointHistoryResponseSchema>;

/**
 * What a processing job wrote that Studio shows: Model Monitor's statistics.json and
 * constraint_violations.json, Clarify's analysis.json (each as written, if the job wrote it), and
 * the baseline files its inputs named (a monitoring execution's statistics and constraints, or
 * Clarify's baseline analysis).
 */
export const ZProcessingResultsResponseSchema = z.object({
  ProcessingJobName: z.string(),
  Outputs: z.record(z.string(), z.unknown()),
  Baseline: z.record(z.string(), z.unknown()),
});
export type ProcessingResultsResponse = z.infer<typeof ZProcessingResultsResponseSchema>;

export const ZMonitoringMetricsResponseSchema = z.object({
  EndpointName: z.string(),
  /** Each metric the endpoint's monitoring executions published (feature_baseline_drift_x, ...), oldest first. */
  Series: z.array(
    z.object({
      MetricName: z.string(),
      Points: z.array(
        z.object({
          Timestamp: ZIsoTime,
          Value: z.number(),
          MonitoringScheduleName: z.string(),
          ProcessingJobName: z.string(),
        }),
      ),
    }),
  ),
  /** More points were published than one answer holds: the oldest are left out. */
  Truncated: z.boolean().optional(),
});
export type MonitoringMetricsResponse = z.infer<typeof ZMonitoringMetricsResponseSchema>;

const sageMakerRoutes = Object.fromEntries<RestRoute>(
  STUDIO_SAGEMAKER_OPERATIONS.map((op) => [
    studioSageMakerRouteName(op),
    {
      method: 'post',
      path: `/api/v1/studio/sagemaker/${op}`,
      summary: `SageMaker ${op} as the signed-in user (the SageMaker API's shapes and authorization)`,
      access: 'user',
      body: sageMakerOperations[op].input,
      response: sageMakerOperations[op].output,
    },
  ]),
) as Record<StudioSageMakerRouteName, RestRoute>;

export const studioDetailRoutes = {
  ...sageMakerRoutes,
  studioJobMetrics: {
    method: 'get',
    path: '/api/v1/studio/jobs/:kind/:name/metrics',
    summary: "A job's metric series (its MetricDefinitions matched in its output), oldest first",
    access: 'user',
    query: ZJobMetricsQuerySchema,
    response: ZJobMetricsResponseSchema,
  },
  studioLogs: {
    method: 'get',
    path: '/api/v1/studio/logs',
    summary: "Log events of a job's or endpoint's streams, as the CloudWatch Logs API shows them to the user",
    access: 'user',
    query: ZStudioLogsQuerySchema,
    response: ZStudioLogsResponseSchema,
  },
  studioInvokeEndpoint: {
    method: 'post',
    path: '/api/v1/studio/endpoints/:name/invocations',
    summary: 'Invoke an endpoint as the signed-in user (routed and authorised as InvokeEndpoint)',
    access: 'user',
    body: ZStudioInvokeRequestSchema,
    response: ZStudioInvokeResponseSchema,
  },
  studioEndpointMetrics: {
    method: 'get',
    path: '/api/v1/studio/endpoints/:name/metrics',
    summary: "An endpoint's invocations, errors and latency per variant and minute",
    access: 'user',
    query: ZEndpointMetricsQuerySchema,
    response: ZEndpointMetricsResponseSchema,
  },
  studioProcessingResults: {
    method: 'get',
    path: '/api/v1/studio/jobs/processing/:name/results',
    summary: "A processing job's Model Monitor or Clarify results and the baseline it compared with",
    access: 'user',
    response: ZProcessingResultsResponseSchema,
  },
  studioMonitoringMetrics: {
    method: 'get',
    path: '/api/v1/studio/endpoints/:name/monitoring-metrics',
    summary: "The metrics an endpoint's monitoring executions published, over time (a feature's drift, say)",
    access: 'user',
    response: ZMonitoringMetricsResponseSchema,
  },
  studioEndpointHistory: {
    method: 'get',
    path: '/api/v1/studio/endpoints/:name/history',
    summary: "An endpoint's history: created, updates, weight and capacity changes, statuses and their reasons",
    access: 'user',
    response: ZEndpointHistoryResponseSchema,
  },
} as const satisfies Record<string, RestRoute>;
