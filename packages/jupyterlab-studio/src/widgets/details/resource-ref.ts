// Which resource a Studio page or a notebook's link names, and the checks on a link's payload.
// Pure: no DOM, no JupyterLab, so the checks are tested on their own.
import type { JobKind } from './job-detail.ts';

/** A model package (a registry version) is named by its ARN; the others by name. */
export type ResourceKind = JobKind | 'HyperParameterTuningJob' | 'Experiment' | 'Endpoint' | 'Model' | 'ModelPackage';
export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

export const LABELS: Record<ResourceKind, string> = {
  TrainingJob: 'Training job',
  ProcessingJob: 'Processing job',
  TransformJob: 'Transform job',
  HyperParameterTuningJob: 'Tuning job',
  Experiment: 'Experiment',
  Endpoint: 'Endpoint',
  Model: 'Model',
  ModelPackage: 'Model version',
};

export const RESOURCE_MIME_TYPE = 'application/vnd.tessera.resource+json';

const ARN_KINDS: Record<string, ResourceKind> = {
  'training-job': 'TrainingJob',
  'processing-job': 'ProcessingJob',
  'transform-job': 'TransformJob',
  'hyper-parameter-tuning-job': 'HyperParameterTuningJob',
  endpoint: 'Endpoint',
  model: 'Model',
};
const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:([a-z-]+)\/(.+)$/;

/** The resource a link's payload names ({kind, name} or {arn}), or why it names none. */
export function parseResourceRef(data: unknown): ResourceRef | { error: string } {
  const d = (data ?? {}) as { kind?: unknown; name?: unknown; arn?: unknown };
  let kind: unknown = d.kind;
  let name: unknown = d.name;
  if (typeof d.arn === 'string') {
    const m = ARN.exec(d.arn);
    if (!m || !Object.hasOwn(ARN_KINDS, m[1]!)) return { error: `Not the ARN of a job, endpoint or model: ${d.arn}` };
    kind = ARN_KINDS[m[1]!];
    name = m[2];
  }
  const linkable = Object.values(ARN_KINDS);
  if (typeof kind !== 'string' || !linkable.includes(kind as ResourceKind))
    return { error: `Give "arn", or "kind" (one of ${linkable.join(', ')}) and "name"` };
  if (typeof name !== 'string' || !NAME.test(name)) return { error: `Not a SageMaker resource name: ${String(name)}` };
  return { kind: kind as ResourceKind, name };
}
