// Job rows → the DescribeTrainingJob / ListTrainingJobs shapes.
import type { CreateTrainingJobRequest, DescribeTrainingJobResponse } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';
import type { Transition } from '../jobs/transitions.ts';

const seconds = (ms: number) => ms / 1000;

export function describeTrainingJobView(job: Job): DescribeTrainingJobResponse {
  const spec = job.spec as unknown as CreateTrainingJobRequest;
  const outputs = (job.outputs ?? {}) as { modelArtifacts?: string; trainingEndedAt?: number };
  const metrics = (job.finalMetrics ?? {}) as Record<string, { value: number; timestamp: number }>;
  const transitions = (job.statusTransitions ?? []) as unknown as Transition[];
  const end = outputs.trainingEndedAt ?? job.endedAt?.getTime();
  const tuning = (job.origin as { tuningJob?: { arn: string } } | null)?.tuningJob;
  return {
    TrainingJobName: job.name,
    TrainingJobArn: job.arn,
    ...(tuning ? { TuningJobArn: tuning.arn } : {}),
    ModelArtifacts: { S3ModelArtifacts: outputs.modelArtifacts ?? '' },
    TrainingJobStatus: job.status as DescribeTrainingJobResponse['TrainingJobStatus'],
    SecondaryStatus: (job.secondaryStatus ?? 'Starting') as DescribeTrainingJobResponse['SecondaryStatus'],
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
    ...(spec.HyperParameters ? { HyperParameters: spec.HyperParameters } : {}),
    AlgorithmSpecification: { TrainingInputMode: 'File', ...spec.AlgorithmSpecification },
    RoleArn: spec.RoleArn,
    ...(spec.InputDataConfig ? { InputDataConfig: spec.InputDataConfig } : {}),
    OutputDataConfig: spec.OutputDataConfig,
    ResourceConfig: spec.ResourceConfig,
    StoppingCondition: spec.StoppingCondition,
    CreationTime: epochSeconds(job.createdAt),
    ...(job.startedAt ? { TrainingStartTime: epochSeconds(job.startedAt) } : {}),
    ...(end && job.startedAt ? { TrainingEndTime: seconds(end) } : {}),
    LastModifiedTime: epochSeconds(job.updatedAt),
    SecondaryStatusTransitions: transitions.map((t) => ({
      Status: t.Status as never,
      StartTime: seconds(t.StartTime),
      ...(t.EndTime !== undefined ? { EndTime: seconds(t.EndTime) } : {}),
      ...(t.StatusMessage ? { StatusMessage: t.StatusMessage } : {}),
    })),
    ...(Object.keys(metrics).length
      ? {
          FinalMetricDataList: Object.entries(metrics).map(([MetricName, m]) => ({
            MetricName,
            Value: m.value,
            Timestamp: seconds(m.timestamp),
          })),
        }
      : {}),
    EnableNetworkIsolation: spec.EnableNetworkIsolation ?? false,
    EnableInterContainerTrafficEncryption: spec.EnableInterContainerTrafficEncryption ?? false,
    EnableManagedSpotTraining: spec.EnableManagedSpotTraining ?? false,
    ...(end && job.startedAt
      ? { TrainingTimeInSeconds: Math.max(1, Math.ceil((end - job.startedAt.getTime()) / 1000)) }
      : {}),
    ...(job.billableTimeInSeconds !== null ? { BillableTimeInSeconds: job.billableTimeInSeconds } : {}),
    ...(spec.Environment ? { Environment: spec.Environment } : {}),
  };
}

export function trainingJobSummaryView(job: Job) {
  const outputs = (job.outputs ?? {}) as { trainingEndedAt?: number };
  return {
    TrainingJobName: job.name,
    TrainingJobArn: job.arn,
    CreationTime: epochSeconds(job.createdAt),
    ...(job.endedAt ? { TrainingEndTime: seconds(outputs.trainingEndedAt ?? job.endedAt.getTime()) } : {}),
    LastModifiedTime: epochSeconds(job.updatedAt),
    TrainingJobStatus: job.status as DescribeTrainingJobResponse['TrainingJobStatus'],
    ...(job.secondaryStatus
      ? { SecondaryStatus: job.secondaryStatus as DescribeTrainingJobResponse['SecondaryStatus'] }
      : {}),
  };
}
