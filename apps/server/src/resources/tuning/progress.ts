// What a tuning job's training jobs add up to: their summaries (tuned hyperparameters, the final
// objective and its status), the status counters and the best job, as SageMaker reports them.
// Derived from the Job rows each time, so nothing can drift from what the jobs say.
import type {
  CreateHyperParameterTuningJobRequest,
  HyperParameterTrainingJobSummary,
  TuningObjective,
} from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';

/** The columns of a training job the tuning job reads. */
export type Child = Pick<
  Job,
  | 'id'
  | 'name'
  | 'arn'
  | 'status'
  | 'desiredState'
  | 'secondaryStatus'
  | 'finalMetrics'
  | 'failureReason'
  | 'exitMessage'
  | 'tuningSeq'
  | 'createdAt'
  | 'startedAt'
  | 'endedAt'
  | 'outputs'
  | 'origin'
>;
export const CHILD_COLUMNS = {
  id: true,
  name: true,
  arn: true,
  status: true,
  desiredState: true,
  secondaryStatus: true,
  finalMetrics: true,
  failureReason: true,
  exitMessage: true,
  tuningSeq: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
  outputs: true,
  origin: true,
} as const;

export const isRunning = (c: Pick<Child, 'status'>) => c.status === 'InProgress' || c.status === 'Stopping';

/** The tuning job's one training job definition (TrainingJobDefinitions of one is the same). */
export const definitionOf = (spec: CreateHyperParameterTuningJobRequest) =>
  (spec.TrainingJobDefinition ?? spec.TrainingJobDefinitions![0])!;

export function objectiveOf(spec: CreateHyperParameterTuningJobRequest): TuningObjective {
  const def = definitionOf(spec);
  return (def.TuningObjective ?? spec.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective)!;
}

/** The objective's last reported value, for a job that ended (early stopping ends jobs as Stopped). */
export function finalObjective(c: Child, metric: string): number | undefined {
  if (c.status !== 'Completed' && c.status !== 'Stopped') return undefined;
  const v = (c.finalMetrics as Record<string, { value: number }> | null)?.[metric]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Smaller is better: the objective as the strategies and the ordering see it. */
export const loss = (objective: TuningObjective, value: number) => (objective.Type === 'Maximize' ? -value : value);

/** What a tuning job launches a training job with besides its request (Job.origin). */
export interface TuningOrigin {
  tuningJob: { name: string; arn: string };
  /** The hyperparameters the tuning job chose (the job's spec holds them with the static ones). */
  tuned: Record<string, string>;
}

/** The hyperparameters the tuning job chose for the job, from its origin (not its larger spec). */
export const tunedOf = (c: Pick<Child, 'origin'>): Record<string, string> =>
  (c.origin as TuningOrigin | null)?.tuned ?? {};

export function childSummary(
  c: Child,
  tuningJobName: string,
  objective: TuningObjective,
): HyperParameterTrainingJobSummary {
  const value = finalObjective(c, objective.MetricName);
  const end = (c.outputs as { trainingEndedAt?: number } | null)?.trainingEndedAt ?? c.endedAt?.getTime();
  return {
    TrainingJobName: c.name,
    TrainingJobArn: c.arn,
    TuningJobName: (c.origin as { tuningJob?: { name: string } } | null)?.tuningJob?.name ?? tuningJobName,
    CreationTime: epochSeconds(c.createdAt),
    ...(c.startedAt ? { TrainingStartTime: epochSeconds(c.startedAt) } : {}),
    ...(end && c.startedAt ? { TrainingEndTime: end / 1000 } : {}),
    TrainingJobStatus: c.status as HyperParameterTrainingJobSummary['TrainingJobStatus'],
    TunedHyperParameters: tunedOf(c),
    ...(c.failureReason ? { FailureReason: c.failureReason } : {}),
    ...(value !== undefined
      ? {
          FinalHyperParameterTuningJobObjectiveMetric: {
            Type: objective.Type,
            MetricName: objective.MetricName,
            Value: value,
          },
        }
      : {}),
    ObjectiveStatus: value !== undefined ? 'Succeeded' : isRunning(c) ? 'Pending' : 'Failed',
  };
}

/** SageMaker's retryable failures are the platform's, not the algorithm's or the request's. */
const retryable = (reason: string | null) => /^(InternalServerError|CapacityError)/.test(reason ?? '');

export function counters(children: Child[], metric: string) {
  const status = { Completed: 0, InProgress: 0, RetryableError: 0, NonRetryableError: 0, Stopped: 0 };
  const objective = { Succeeded: 0, Pending: 0, Failed: 0 };
  for (const c of children) {
    if (isRunning(c)) status.InProgress++;
    else if (c.status === 'Completed') status.Completed++;
    else if (c.status === 'Stopped') status.Stopped++;
    else if (retryable(c.failureReason)) status.RetryableError++;
    else status.NonRetryableError++;
    if (finalObjective(c, metric) !== undefined) objective.Succeeded++;
    else if (isRunning(c)) objective.Pending++;
    else objective.Failed++;
  }
  return { TrainingJobStatusCounters: status, ObjectiveStatusCounters: objective };
}

/** The job with the best final objective (the earliest among equals), if any reported one. */
export function bestOf(children: Child[], objective: TuningObjective): Child | undefined {
  let best: { c: Child; l: number } | undefined;
  for (const c of [...children].sort((a, b) => (a.tuningSeq ?? 0) - (b.tuningSeq ?? 0))) {
    const v = finalObjective(c, objective.MetricName);
    if (v === undefined) continue;
    const l = loss(objective, v);
    if (!best || l < best.l) best = { c, l };
  }
  return best?.c;
}
