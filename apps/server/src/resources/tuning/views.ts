// TuningJob rows and their training jobs → the Describe / List shapes.
import type { CreateHyperParameterTuningJobRequest, DescribeHyperParameterTuningJobResponse } from '@tessera/contracts';
import type { TuningJob } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';
import { bestOf, type Child, childSummary, counters, objectiveOf } from './progress.ts';
import { notImproving, type Completion } from './reconcile-tuning-job.ts';

type Status = DescribeHyperParameterTuningJobResponse['HyperParameterTuningJobStatus'];

export function describeTuningJobView(
  t: TuningJob,
  children: Child[],
  overallBest: Child | undefined,
): DescribeHyperParameterTuningJobResponse {
  const spec = t.spec as unknown as CreateHyperParameterTuningJobRequest;
  const objective = objectiveOf(spec);
  const best = bestOf(children, objective);
  const completion = t.completion as Completion | null;
  const runtime = Math.round(((t.endedAt ?? new Date()).getTime() - t.createdAt.getTime()) / 1000);
  return {
    HyperParameterTuningJobName: t.name,
    HyperParameterTuningJobArn: t.arn,
    HyperParameterTuningJobConfig: spec.HyperParameterTuningJobConfig,
    ...(spec.TrainingJobDefinition ? { TrainingJobDefinition: spec.TrainingJobDefinition } : {}),
    ...(spec.TrainingJobDefinitions ? { TrainingJobDefinition: spec.TrainingJobDefinitions[0] } : {}),
    HyperParameterTuningJobStatus: t.status as Status,
    CreationTime: epochSeconds(t.createdAt),
    ...(t.endedAt ? { HyperParameterTuningEndTime: epochSeconds(t.endedAt) } : {}),
    LastModifiedTime: epochSeconds(t.updatedAt),
    ...counters(children, objective.MetricName),
    ...(best ? { BestTrainingJob: childSummary(best, t.name, objective) } : {}),
    ...(overallBest ? { OverallBestTrainingJob: overallBestSummary(overallBest, best, t, spec) } : {}),
    ...(spec.WarmStartConfig ? { WarmStartConfig: spec.WarmStartConfig } : {}),
    ...(t.failureReason ? { FailureReason: t.failureReason } : {}),
    TuningJobCompletionDetails: {
      NumberOfTrainingJobsObjectiveNotImproving: notImproving(children, spec),
      ...(completion?.reason === 'BestObjectiveNotImproving' ? { ConvergenceDetectedTime: completion.at / 1000 } : {}),
    },
    ConsumedResources: { RuntimeInSeconds: Math.max(0, runtime) },
  };
}

/** The best of this job and its warm-start parents: whichever reported the better objective. */
function overallBestSummary(
  parentBest: Child,
  best: Child | undefined,
  t: TuningJob,
  spec: CreateHyperParameterTuningJobRequest,
) {
  const objective = objectiveOf(spec);
  return childSummary(best ? (bestOf([best, parentBest], objective) ?? best) : parentBest, t.name, objective);
}

export function tuningJobSummaryView(t: TuningJob, children: Child[]) {
  const spec = t.spec as unknown as CreateHyperParameterTuningJobRequest;
  const config = spec.HyperParameterTuningJobConfig;
  return {
    HyperParameterTuningJobName: t.name,
    HyperParameterTuningJobArn: t.arn,
    HyperParameterTuningJobStatus: t.status as Status,
    Strategy: config.Strategy,
    CreationTime: epochSeconds(t.createdAt),
    ...(t.endedAt ? { HyperParameterTuningEndTime: epochSeconds(t.endedAt) } : {}),
    LastModifiedTime: epochSeconds(t.updatedAt),
    ...counters(children, objectiveOf(spec).MetricName),
    ResourceLimits: config.ResourceLimits,
  };
}
