// The server side of the detail views of jobs, models and endpoints (routes in @tessera/contracts,
// studio-details.ts). SageMaker operations go through as themselves, as the signed-in user; live
// changes (statuses, log lines) come over the events socket, so these give the state to start from.
import type {
  EndpointHistoryResponse,
  EndpointMetricsResponse,
  JobMetricsResponse,
  MonitoringMetricsResponse,
  ProcessingResultsResponse,
  OperationInput,
  OperationOutput,
  StudioInvokeResponse,
  StudioLogsResponse,
  StudioSageMakerOperation,
} from '@tessera/contracts';
import { requestJson } from './api-error.ts';

/** One of the SageMaker operations Studio may call (STUDIO_SAGEMAKER_OPERATIONS). */
export function sageMaker<Op extends StudioSageMakerOperation>(
  op: Op,
  input: OperationInput<Op>,
): Promise<OperationOutput<Op>> {
  return requestJson(`/api/v1/studio/sagemaker/${op}`, { method: 'POST', body: input });
}

/** A training job's metric series; with `since` (the last point's Timestamp), only newer points. */
export function trainingJobMetrics(name: string, since?: string): Promise<JobMetricsResponse> {
  const q = since ? `?${new URLSearchParams({ since })}` : '';
  return requestJson(`/api/v1/studio/jobs/training/${encodeURIComponent(name)}/metrics${q}`);
}

export function resourceLogs(q: {
  kind: 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'Endpoint';
  name: string;
  startTime?: number;
  nextToken?: string;
  limit?: number;
}): Promise<StudioLogsResponse> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, String(v));
  return requestJson(`/api/v1/studio/logs?${params}`);
}

export function invokeEndpoint(
  name: string,
  request: {
    Body: string;
    BodyEncoding?: 'utf8' | 'base64';
    ContentType?: string;
    Accept?: string;
    TargetVariant?: string;
  },
): Promise<StudioInvokeResponse> {
  return requestJson(`/api/v1/studio/endpoints/${encodeURIComponent(name)}/invocations`, {
    method: 'POST',
    body: request,
  });
}

export function endpointMetrics(name: string, minutes?: number): Promise<EndpointMetricsResponse> {
  const q = minutes ? `?minutes=${minutes}` : '';
  return requestJson(`/api/v1/studio/endpoints/${encodeURIComponent(name)}/metrics${q}`);
}

export function endpointHistory(name: string): Promise<EndpointHistoryResponse> {
  return requestJson(`/api/v1/studio/endpoints/${encodeURIComponent(name)}/history`);
}

/** A processing job's Model Monitor / Clarify results and the baseline it compared with. */
export function processingResults(name: string): Promise<ProcessingResultsResponse> {
  return requestJson(`/api/v1/studio/jobs/processing/${encodeURIComponent(name)}/results`);
}

/** The metrics an endpoint's monitoring executions published, over time. */
export function monitoringMetrics(endpoint: string): Promise<MonitoringMetricsResponse> {
  return requestJson(`/api/v1/studio/endpoints/${encodeURIComponent(endpoint)}/monitoring-metrics`);
}
