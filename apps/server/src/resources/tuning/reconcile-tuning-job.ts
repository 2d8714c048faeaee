// reconcileTuningJob: one step of a hyperparameter tuning job. Its state is its training jobs' rows;
// each step reads them and
//   - stops running jobs the median rule says trail (TrainingJobEarlyStoppingType=Auto),
//   - decides whether to launch more (the limits, the completion criteria, MaxRuntimeInSeconds),
//   - launches up to MaxParallelTrainingJobs, each numbered 1..n: (tuning job, number) is unique
//     in the database, so a step interrupted by a crash and redone cannot launch a number twice,
//   - ends the tuning job once nothing runs and nothing more will be launched.
// The strategies choose from the jobs' recorded hyperparameters and objectives alone, so a resumed
// tuning job goes on from what its jobs say.
import { createHash } from 'node:crypto';
import type { CreateHyperParameterTuningJobRequest, CreateTrainingJobRequest } from '@tessera/contracts';
import type { TuningJob } from '@tessera/db';
import { ApiError } from '../../platform/errors.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import type { Services } from '../services.ts';
import { checkTrainingRequest, launchTrainingJob } from '../training/launch-training-job.ts';
import { medianRule } from './early-stopping.ts';
import {
  bestOf,
  type Child,
  CHILD_COLUMNS,
  definitionOf,
  finalObjective,
  isRunning,
  loss,
  objectiveOf,
  tunedOf,
} from './progress.ts';
import { type Dimension, gridPoint, gridSize, paramsOf, parseSpace, unitOf } from './space.ts';
import { initialRandomPoints, type Observation, suggestBayesian } from './strategies/bayesian.ts';
import { randomPoint, seededRandom } from './strategies/random.ts';
import { publishTuningStatus } from './tuning-events.ts';

type Deps = Pick<Services, 'db' | 'logger' | 'events' | 'reconciler' | 'arns' | 'runtimes' | 'objects'>;

const POLL_MS = 1_000;
const QUOTA_RETRY_MS = 5_000;
/** This many jobs failing with a client error before any succeeds fails the tuning job. */
const EARLY_CLIENT_FAILURES = 3;

export interface Completion {
  reason: 'TargetObjectiveMetricValue' | 'BestObjectiveNotImproving' | 'MaxRuntimeInSeconds';
  at: number;
}

/** The n-th training job's name: the tuning job's, the number, and a hash of the two with the tuning job's id. */
export function childName(tuning: Pick<TuningJob, 'id' | 'name'>, seq: number): string {
  const hash = createHash('sha256').update(`${tuning.id}/${seq}`).digest('hex').slice(0, 8);
  return `${tuning.name}-${String(seq).padStart(3, '0')}-${hash}`;
}

export function createTuningJobReconciler(s: Deps) {
  const { db, logger } = s;
  /** Objective series of ended training jobs, which no longer change (for the median rule). */
  const endedSeries = new Map<string, number[]>();
  /** Observations from warm-start parents, which have ended. */
  const parentObservations = new Map<string, { observed: Observation[]; best?: Child }>();

  async function setStatus(t: TuningJob, status: string, data: Partial<TuningJob> = {}): Promise<TuningJob> {
    const updated = await db.tuningJob.update({ where: { id: t.id }, data: { ...(data as object), status } });
    publishTuningStatus(s, updated);
    if (['Completed', 'Failed', 'Stopped'].includes(status))
      logger.info({ tuningJob: t.name, status, reason: updated.failureReason }, 'tuning job ended');
    return updated;
  }

  async function stopChildren(children: Child[], why: string) {
    for (const c of children.filter((c) => c.status === 'InProgress' && c.desiredState !== 'Stopped')) {
      await db.job.updateMany({
        where: { id: c.id, status: 'InProgress' },
        data: { desiredState: 'Stopped', exitMessage: why },
      });
      s.reconciler.enqueue('trainingJob', c.id);
    }
  }

  async function seriesOf(ids: string[], metric: string): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    if (!ids.length) return out;
    const points = await db.metricPoint.findMany({
      where: { jobId: { in: ids }, name: metric },
      orderBy: { timestamp: 'asc' },
      select: { jobId: true, value: true },
    });
    for (const p of points) out.set(p.jobId, [...(out.get(p.jobId) ?? []), p.value]);
    return out;
  }

  async function earlyStop(spec: CreateHyperParameterTuningJobRequest, children: Child[]) {
    const objective = objectiveOf(spec);
    const running = children.filter((c) => c.status === 'InProgress' && c.desiredState !== 'Stopped');
    if (!running.length) return;
    const ended = children.filter((c) => c.status === 'Completed' || c.status === 'Stopped');
    const missing = ended.filter((c) => !endedSeries.has(c.id)).map((c) => c.id);
    for (const [id, values] of await seriesOf(missing, objective.MetricName)) endedSeries.set(id, values);
    for (const id of missing) if (!endedSeries.has(id)) endedSeries.set(id, []);
    const earlier = ended.map((c) => endedSeries.get(c.id)!.map((v) => loss(objective, v)));
    const current = await seriesOf(
      running.map((c) => c.id),
      objective.MetricName,
    );
    for (const c of running) {
      const d = medianRule(
        (current.get(c.id) ?? []).map((v) => loss(objective, v)),
        earlier,
      );
      if (!d.stop) continue;
      const shown = (v: number) => loss(objective, v).toPrecision(6);
      await stopChildren(
        [c],
        `Stopped early by the tuning job (median rule): its best ${objective.MetricName} after ` +
          `${d.reports} reports, ${shown(d.best!)}, trails the median of earlier jobs' running averages, ` +
          `${shown(d.median!)}`,
      );
      logger.info({ job: c.name, ...d }, 'training job stopped early');
    }
  }

  /** The warm-start parents' jobs, as observations in this job's space, and their best. */
  async function parents(t: TuningJob, spec: CreateHyperParameterTuningJobRequest, space: Dimension[]) {
    const cached = parentObservations.get(t.id);
    if (cached) return cached;
    const names = spec.WarmStartConfig?.ParentHyperParameterTuningJobs.map((p) => p.HyperParameterTuningJobName);
    const objective = objectiveOf(spec);
    const rows = names?.length
      ? await db.tuningJob.findMany({ where: { name: { in: names }, ownerUserId: t.ownerUserId } })
      : [];
    const jobs = rows.length
      ? await db.job.findMany({ where: { tuningJobId: { in: rows.map((r) => r.id) } }, select: CHILD_COLUMNS })
      : [];
    const observed: Observation[] = [];
    for (const c of jobs) {
      const v = finalObjective(c, objective.MetricName);
      const u = unitOf(
        space,
        tunedOf(
          c,
          space.map((d) => d.name),
        ),
      );
      if (v !== undefined && u) observed.push({ u, y: loss(objective, v) });
    }
    const result = { observed, best: bestOf(jobs, objective) };
    parentObservations.set(t.id, result);
    return result;
  }

  function nextParams(
    t: TuningJob,
    spec: CreateHyperParameterTuningJobRequest,
    space: Dimension[],
    seq: number,
    observed: Observation[],
    pending: number[][],
    /** Observations a warm start brought: they stand in for as many random first points. */
    warm: number,
  ): Record<string, string> {
    const config = spec.HyperParameterTuningJobConfig;
    if (config.Strategy === 'Grid') return gridPoint(space, seq - 1);
    const seed = config.RandomSeed ?? t.id;
    const rand = seededRandom(seed, `${config.Strategy}/${seq}`);
    if (config.Strategy === 'Bayesian' && seq > initialRandomPoints(space) - warm) {
      const u = suggestBayesian(space, observed, pending, rand);
      if (u) return paramsOf(space, u);
    }
    return paramsOf(space, randomPoint(space.length, rand));
  }

  /** Why no more jobs are launched though the limit is not reached, if that is so now. */
  function completionReached(
    t: TuningJob,
    spec: CreateHyperParameterTuningJobRequest,
    children: Child[],
  ): Completion | undefined {
    const stored = t.completion as Completion | null;
    if (stored) return stored;
    const config = spec.HyperParameterTuningJobConfig;
    const objective = objectiveOf(spec);
    const max = config.ResourceLimits.MaxRuntimeInSeconds;
    if (max && Date.now() - t.createdAt.getTime() >= max * 1000)
      return { reason: 'MaxRuntimeInSeconds', at: Date.now() };
    const criteria = config.TuningJobCompletionCriteria;
    const best = bestOf(children, objective);
    const target = criteria?.TargetObjectiveMetricValue;
    if (best && target !== undefined) {
      const v = finalObjective(best, objective.MetricName)!;
      if (loss(objective, v) <= loss(objective, target))
        return { reason: 'TargetObjectiveMetricValue', at: Date.now() };
    }
    const patience = criteria?.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving;
    if (patience && notImproving(children, spec) >= patience)
      return { reason: 'BestObjectiveNotImproving', at: Date.now() };
    return undefined;
  }

  async function finish(t: TuningJob, spec: CreateHyperParameterTuningJobRequest, children: Child[]) {
    const objective = objectiveOf(spec);
    const ended = { endedAt: new Date() };
    if (t.desiredState === 'Stopped') return setStatus(t, 'Stopped', ended);
    if (!children.some((c) => finalObjective(c, objective.MetricName) !== undefined)) {
      const first = children.find((c) => c.failureReason)?.failureReason;
      return setStatus(t, 'Failed', {
        ...ended,
        failureReason:
          `No training job reported the objective metric ${objective.MetricName}` +
          (first ? `; the first failure: ${first}` : ': check that the jobs print it as its MetricDefinitions expect'),
      });
    }
    return setStatus(t, 'Completed', ended);
  }

  async function fail(t: TuningJob, children: Child[], reason: string) {
    await stopChildren(children, `Stopped: the tuning job failed (${reason})`);
    return setStatus(t, 'Failed', { failureReason: reason.slice(0, 1024), endedAt: new Date() });
  }

  /** The training job launched as the owner, who may have lost access since the tuning job was created. */
  async function launch(
    t: TuningJob,
    spec: CreateHyperParameterTuningJobRequest,
    seq: number,
    tuned: Record<string, string>,
  ) {
    const owner = t.ownerUserId ? await db.user.findUnique({ where: { id: t.ownerUserId } }) : null;
    if (!owner || owner.disabled) throw new LaunchRefused('its owner no longer exists or is disabled');
    const def = definitionOf(spec);
    const objective = objectiveOf(spec);
    const input: CreateTrainingJobRequest = {
      TrainingJobName: childName(t, seq),
      HyperParameters: {
        ...def.StaticHyperParameters,
        ...tuned,
        _tuning_objective_metric: objective.MetricName,
      },
      AlgorithmSpecification: def.AlgorithmSpecification,
      RoleArn: def.RoleArn,
      ...(def.InputDataConfig ? { InputDataConfig: def.InputDataConfig } : {}),
      OutputDataConfig: def.OutputDataConfig,
      ResourceConfig: def.ResourceConfig,
      ...(def.VpcConfig ? { VpcConfig: def.VpcConfig } : {}),
      StoppingCondition: def.StoppingCondition,
      ...(def.EnableNetworkIsolation !== undefined ? { EnableNetworkIsolation: def.EnableNetworkIsolation } : {}),
      ...(def.Environment ? { Environment: def.Environment } : {}),
      // Tags given to a tuning job are given to every training job it launches, as in SageMaker.
      ...(spec.Tags?.length ? { Tags: spec.Tags } : {}),
    };
    const ctx = {
      services: s,
      principal: {
        userId: owner.id,
        username: owner.username,
        isAdmin: owner.isAdmin,
        via: { kind: 'session' as const },
      },
    };
    try {
      await checkTrainingRequest(ctx, input, 'TrainingJobDefinition.');
    } catch (err) {
      if (err instanceof ApiError) throw new LaunchRefused(err.message);
      throw err;
    }
    try {
      await launchTrainingJob(ctx, input, {
        tuningJobId: t.id,
        tuningSeq: seq,
        origin: { tuningJob: { name: t.name, arn: t.arn } } as never,
      });
    } catch (err) {
      // A profile tag that names a profile since deleted, say: waiting would not help.
      if (err instanceof ApiError && ['ValidationException', 'AccessDeniedException'].includes(err.code))
        throw new LaunchRefused(err.message);
      throw err;
    }
  }

  return async function reconcileTuningJob(id: string): Promise<ReconcileResult> {
    let t = await db.tuningJob.findUnique({ where: { id } });
    if (!t || ['Completed', 'Failed', 'Stopped'].includes(t.status)) return;
    const spec = t.spec as unknown as CreateHyperParameterTuningJobRequest;
    const config = spec.HyperParameterTuningJobConfig;
    const objective = objectiveOf(spec);
    const def = definitionOf(spec);
    const space = parseSpace(
      def.HyperParameterRanges ?? config.ParameterRanges,
      Object.keys(def.StaticHyperParameters ?? {}),
    );
    const children = await db.job.findMany({
      where: { tuningJobId: t.id },
      select: CHILD_COLUMNS,
      orderBy: { tuningSeq: 'asc' },
    });

    if (t.desiredState === 'Stopped') {
      if (t.status !== 'Stopping') t = await setStatus(t, 'Stopping');
      await stopChildren(children, 'Stopped: the tuning job was stopped');
      if (children.some(isRunning)) return { requeueAfterMs: POLL_MS };
      await finish(t, spec, children);
      return;
    }
    if (config.TrainingJobEarlyStoppingType === 'Auto') await earlyStop(spec, children);

    const clientFailures = children.filter((c) => c.status === 'Failed' && /^ClientError/.test(c.failureReason ?? ''));
    if (
      clientFailures.length >= EARLY_CLIENT_FAILURES &&
      !children.some((c) => finalObjective(c, objective.MetricName) !== undefined)
    ) {
      await fail(
        t,
        children,
        `The first ${clientFailures.length} training jobs failed: ${clientFailures[0]!.failureReason}`,
      );
      return;
    }

    const completion = completionReached(t, spec, children);
    if (completion && !t.completion) {
      t = await db.tuningJob.update({ where: { id: t.id }, data: { completion: completion as never } });
      if (completion.reason === 'MaxRuntimeInSeconds')
        await stopChildren(children, 'Stopped: the tuning job reached its MaxRuntimeInSeconds');
    }
    const limit =
      config.Strategy === 'Grid'
        ? Math.min(gridSize(space), config.ResourceLimits.MaxNumberOfTrainingJobs ?? Infinity)
        : config.ResourceLimits.MaxNumberOfTrainingJobs!;
    let launched = children.length;
    let running = children.filter(isRunning).length;
    let seq = children.reduce((m, c) => Math.max(m, c.tuningSeq ?? 0), 0);
    if (!completion && launched < limit && running < config.ResourceLimits.MaxParallelTrainingJobs) {
      const names = space.map((d) => d.name);
      const fromParents = await parents(t, spec, space);
      const observed: Observation[] = [...fromParents.observed];
      const pending: number[][] = [];
      for (const c of children) {
        const u = unitOf(space, tunedOf(c, names));
        const v = finalObjective(c, objective.MetricName);
        if (u && v !== undefined) observed.push({ u, y: loss(objective, v) });
        else if (u && isRunning(c)) pending.push(u);
      }
      while (launched < limit && running < config.ResourceLimits.MaxParallelTrainingJobs) {
        seq++;
        const tuned = nextParams(t, spec, space, seq, observed, pending, fromParents.observed.length);
        try {
          await launch(t, spec, seq, tuned);
        } catch (err) {
          if (err instanceof LaunchRefused) {
            await fail(t, children, `Training job ${seq} could not be launched: ${err.message}`);
            return;
          }
          if (err instanceof ApiError && err.code === 'ResourceLimitExceeded') {
            // A quota or the free GPUs: the job waits for room rather than fail (as SageMaker's capacity waits).
            logger.info({ tuningJob: t.name, reason: err.message }, 'tuning job waits for capacity');
            return { requeueAfterMs: QUOTA_RETRY_MS };
          }
          // Another server (or this one, before a crash) launched this number: read the rows again.
          if (err instanceof ApiError && err.code === 'ResourceInUse') return { requeueAfterMs: 0 };
          throw err;
        }
        launched++;
        running++;
        const u = unitOf(space, tuned);
        if (u) pending.push(u);
      }
      if (launched !== children.length) publishTuningStatus(s, t);
    }
    if (!running && (launched >= limit || completion)) {
      const latest = await db.job.findMany({ where: { tuningJobId: t.id }, select: CHILD_COLUMNS });
      if (!latest.some(isRunning)) {
        await finish(t, spec, latest);
        return;
      }
    }
    return { requeueAfterMs: POLL_MS };
  };
}

/** How many jobs have ended, in order, since the last that improved on the best before it. */
export function notImproving(children: Child[], spec: CreateHyperParameterTuningJobRequest): number {
  const objective = objectiveOf(spec);
  const ended = children
    .filter((c) => finalObjective(c, objective.MetricName) !== undefined && c.endedAt)
    .sort((a, b) => a.endedAt!.getTime() - b.endedAt!.getTime());
  let best = Infinity;
  let since = 0;
  for (const c of ended) {
    const l = loss(objective, finalObjective(c, objective.MetricName)!);
    if (l < best) {
      best = l;
      since = 0;
    } else since++;
  }
  return since;
}

class LaunchRefused extends Error {}
