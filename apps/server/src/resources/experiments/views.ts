// Experiment, trial and trial component rows → the Describe / List shapes. A job's trial component
// is read from the job: its status, hyperparameters (and the SageMaker.* settings), input and
// output artifacts, and its metrics summarised by the database from every reported point (min,
// max, avg, count; last from the job).
import type { CreateTrialComponentRequest, DescribeTrialComponentResponse } from '@tessera/contracts';
import type { Db, Experiment, Job, Trial, TrialComponent } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';

const SOURCE_TYPES: Record<string, string> = {
  Training: 'SageMakerTrainingJob',
  Processing: 'SageMakerProcessingJob',
  Transform: 'SageMakerTransformJob',
};

export const experimentView = (e: Experiment) => ({
  ExperimentName: e.name,
  ExperimentArn: e.arn,
  ...(e.displayName ? { DisplayName: e.displayName } : { DisplayName: e.name }),
  ...(e.description ? { Description: e.description } : {}),
  ...(e.sourceArn ? { Source: { SourceArn: e.sourceArn, ...(e.sourceType ? { SourceType: e.sourceType } : {}) } } : {}),
  CreationTime: epochSeconds(e.createdAt),
  LastModifiedTime: epochSeconds(e.updatedAt),
});

export const trialView = (t: Trial, experimentName: string) => ({
  TrialName: t.name,
  TrialArn: t.arn,
  DisplayName: t.displayName ?? t.name,
  ExperimentName: experimentName,
  ...(t.sourceArn ? { Source: { SourceArn: t.sourceArn, ...(t.sourceType ? { SourceType: t.sourceType } : {}) } } : {}),
  CreationTime: epochSeconds(t.createdAt),
  LastModifiedTime: epochSeconds(t.updatedAt),
  ...(t.metadata ? { MetadataProperties: t.metadata as Record<string, string> } : {}),
});

type Parameter = { StringValue: string } | { NumberValue: number };
const parameter = (v: string): Parameter =>
  v.trim() !== '' && Number.isFinite(Number(v)) ? { NumberValue: Number(v) } : { StringValue: v };

interface JobSpec {
  HyperParameters?: Record<string, string>;
  AlgorithmSpecification?: { TrainingImage?: string };
  AppSpecification?: { ImageUri?: string };
  ResourceConfig?: { InstanceType?: string; InstanceCount?: number; VolumeSizeInGB?: number };
  InputDataConfig?: { ChannelName: string; ContentType?: string; DataSource: { S3DataSource?: { S3Uri: string } } }[];
  ProcessingInputs?: { InputName: string; S3Input?: { S3Uri: string } }[];
  ProcessingOutputConfig?: { Outputs: { OutputName: string; S3Output?: { S3Uri: string } }[] };
  TransformInput?: { ContentType?: string; DataSource: { S3DataSource: { S3Uri: string } } };
  TransformOutput?: { S3OutputPath: string };
  ModelName?: string;
  Environment?: Record<string, string>;
  OutputDataConfig?: { S3OutputPath: string };
}

/** What a job says about itself as a trial component. */
function fromJob(job: Job) {
  const spec = job.spec as JobSpec;
  const image = spec.AlgorithmSpecification?.TrainingImage ?? spec.AppSpecification?.ImageUri;
  const params: Record<string, Parameter> = {};
  for (const [k, v] of Object.entries(spec.HyperParameters ?? {})) params[k] = parameter(v);
  if (job.instanceType) params['SageMaker.InstanceType'] = { StringValue: job.instanceType };
  params['SageMaker.InstanceCount'] = { NumberValue: job.instanceCount };
  if (spec.ResourceConfig?.VolumeSizeInGB)
    params['SageMaker.VolumeSizeInGB'] = { NumberValue: spec.ResourceConfig.VolumeSizeInGB };
  if (image) params['SageMaker.ImageUri'] = { StringValue: image };
  const inputs: Record<string, { MediaType?: string; Value: string }> = {};
  for (const c of spec.InputDataConfig ?? [])
    if (c.DataSource.S3DataSource)
      inputs[c.ChannelName] = {
        Value: c.DataSource.S3DataSource.S3Uri,
        ...(c.ContentType ? { MediaType: c.ContentType } : {}),
      };
  for (const i of spec.ProcessingInputs ?? []) if (i.S3Input) inputs[i.InputName] = { Value: i.S3Input.S3Uri };
  if (spec.TransformInput)
    inputs.input = {
      Value: spec.TransformInput.DataSource.S3DataSource.S3Uri,
      ...(spec.TransformInput.ContentType ? { MediaType: spec.TransformInput.ContentType } : {}),
    };
  if (image) inputs['SageMaker.ImageUri'] = { Value: image };
  const outputs: Record<string, { MediaType?: string; Value: string }> = {};
  const model = (job.outputs as { modelArtifacts?: string } | null)?.modelArtifacts;
  if (model) outputs['SageMaker.ModelArtifact'] = { Value: model };
  for (const o of spec.ProcessingOutputConfig?.Outputs ?? [])
    if (o.S3Output) outputs[o.OutputName] = { Value: o.S3Output.S3Uri };
  if (spec.TransformOutput) outputs.output = { Value: spec.TransformOutput.S3OutputPath };
  const end = (job.outputs as { trainingEndedAt?: number } | null)?.trainingEndedAt ?? job.endedAt?.getTime();
  return {
    Source: { SourceArn: job.arn, SourceType: SOURCE_TYPES[job.kind]! },
    Status: {
      PrimaryStatus: job.status as 'InProgress',
      ...(job.failureReason || job.secondaryStatus ? { Message: job.failureReason ?? job.secondaryStatus! } : {}),
    },
    ...(job.startedAt ? { StartTime: epochSeconds(job.startedAt) } : {}),
    ...(end ? { EndTime: end / 1000 } : {}),
    Parameters: params,
    InputArtifacts: inputs,
    OutputArtifacts: outputs,
  };
}

/** Metric summaries of jobs, by job id: every reported point, not only the last. */
export async function metricSummaries(db: Db, jobs: Job[]) {
  const out = new Map<string, DescribeTrialComponentResponse['Metrics']>();
  if (!jobs.length) return out;
  const groups = await db.metricPoint.groupBy({
    by: ['jobId', 'name'],
    where: { jobId: { in: jobs.map((j) => j.id) } },
    _min: { value: true },
    _max: { value: true },
    _avg: { value: true },
    _count: { value: true },
  });
  const byJob = new Map<string, typeof groups>();
  for (const g of groups) (byJob.get(g.jobId) ?? byJob.set(g.jobId, []).get(g.jobId)!).push(g);
  for (const job of jobs) {
    const last = (job.finalMetrics ?? {}) as Record<string, { value: number; timestamp: number }>;
    const metrics = (byJob.get(job.id) ?? [])
      .map((g) => {
        return {
          MetricName: g.name,
          SourceArn: job.arn,
          ...(last[g.name] ? { TimeStamp: last[g.name]!.timestamp / 1000, Last: last[g.name]!.value } : {}),
          Max: g._max.value ?? undefined,
          Min: g._min.value ?? undefined,
          Avg: g._avg.value ?? undefined,
          Count: g._count.value,
        };
      })
      .sort((a, b) => a.MetricName.localeCompare(b.MetricName));
    out.set(job.id, metrics);
  }
  return out;
}

export function componentView(
  c: TrialComponent,
  job: Job | undefined,
  metrics: DescribeTrialComponentResponse['Metrics'] | undefined,
): DescribeTrialComponentResponse {
  const spec = c.spec as Partial<CreateTrialComponentRequest>;
  return {
    TrialComponentName: c.name,
    TrialComponentArn: c.arn,
    DisplayName: c.displayName ?? c.name,
    CreationTime: epochSeconds(c.createdAt),
    LastModifiedTime: epochSeconds(c.updatedAt),
    ...(spec.Status ? { Status: spec.Status } : {}),
    ...(spec.StartTime !== undefined ? { StartTime: spec.StartTime } : {}),
    ...(spec.EndTime !== undefined ? { EndTime: spec.EndTime } : {}),
    ...(spec.Parameters ? { Parameters: spec.Parameters } : {}),
    ...(spec.InputArtifacts ? { InputArtifacts: spec.InputArtifacts } : {}),
    ...(spec.OutputArtifacts ? { OutputArtifacts: spec.OutputArtifacts } : {}),
    ...(spec.MetadataProperties ? { MetadataProperties: spec.MetadataProperties } : {}),
    ...(job ? fromJob(job) : {}),
    ...(metrics?.length ? { Metrics: metrics } : {}),
  };
}

/** Components with their jobs and metrics, read in three queries for any number of them. */
export async function componentViews(db: Db, components: TrialComponent[]): Promise<DescribeTrialComponentResponse[]> {
  const ids = components.map((c) => c.sourceJobId).filter((id): id is string => !!id);
  const jobs = ids.length ? await db.job.findMany({ where: { id: { in: ids } } }) : [];
  const metrics = await metricSummaries(db, jobs);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return components.map((c) => {
    const job = c.sourceJobId ? byId.get(c.sourceJobId) : undefined;
    return componentView(c, job, job ? metrics.get(job.id) : undefined);
  });
}
