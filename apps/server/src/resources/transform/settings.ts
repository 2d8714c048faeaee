// The batch settings a transform runs with. What the job names wins; what it leaves out comes
// from the container's GET /execution-parameters (SageMaker asks there when MaxConcurrentTransforms,
// MaxPayloadInMB or BatchStrategy are unset or 0), else SageMaker's defaults: 1 request in flight
// per instance, 6 MB, MultiRecord. The container learns the job's own values from SAGEMAKER_*.
import type { CreateTransformJobRequest } from '@tessera/contracts';
import type { BatchStrategy } from './records.ts';

export interface BatchSettings {
  /** Requests in flight per instance. */
  maxConcurrent: number;
  maxPayloadInMB: number;
  strategy: BatchStrategy;
}

export interface ExecutionParameters {
  MaxConcurrentTransforms?: number;
  MaxPayloadInMB?: number;
  BatchStrategy?: string;
}

/** A MaxPayloadInMB of 0 asks for unlimited (streamed) requests; the containers read at most 100 MB. */
export const PAYLOAD_CEILING_MB = 100;

export function batchSettings(
  spec: Pick<CreateTransformJobRequest, 'MaxConcurrentTransforms' | 'MaxPayloadInMB' | 'BatchStrategy'>,
  params?: ExecutionParameters,
): BatchSettings {
  const positive = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined);
  const strategy =
    spec.BatchStrategy ??
    (params?.BatchStrategy === 'SingleRecord' || params?.BatchStrategy === 'MultiRecord'
      ? params.BatchStrategy
      : 'MultiRecord');
  const payload = spec.MaxPayloadInMB !== undefined ? spec.MaxPayloadInMB : (positive(params?.MaxPayloadInMB) ?? 6);
  return {
    maxConcurrent: positive(spec.MaxConcurrentTransforms) ?? positive(params?.MaxConcurrentTransforms) ?? 1,
    maxPayloadInMB: payload === 0 ? PAYLOAD_CEILING_MB : Math.min(payload, PAYLOAD_CEILING_MB),
    strategy,
  };
}

/** The variables SageMaker sets in a batch container, for the values the job names. */
export function batchEnvironment(
  spec: Pick<CreateTransformJobRequest, 'MaxConcurrentTransforms' | 'MaxPayloadInMB' | 'BatchStrategy' | 'Environment'>,
): Record<string, string> {
  return {
    ...spec.Environment,
    SAGEMAKER_BATCH: 'true',
    ...(spec.MaxPayloadInMB !== undefined ? { SAGEMAKER_MAX_PAYLOAD_IN_MB: String(spec.MaxPayloadInMB) } : {}),
    ...(spec.BatchStrategy
      ? { SAGEMAKER_BATCH_STRATEGY: spec.BatchStrategy === 'SingleRecord' ? 'SINGLE_RECORD' : 'MULTI_RECORD' }
      : {}),
    ...(spec.MaxConcurrentTransforms
      ? { SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: String(spec.MaxConcurrentTransforms) }
      : {}),
  };
}
