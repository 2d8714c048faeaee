// reconcileTuningJob: one step of a hyperparameter tuning job. Its state is its training jobs' rows;
// each step reads them and
//   - stops running jobs the median rule says trail (TrainingJobEarlyStoppingType=Auto),
//   - decides whether to launch more (the limits, the completion criteria, MaxRuntimeInSeconds),
//   - launches a few, up to MaxParallelTrainingJobs, each numbered 1..n: (tuning job, number) is
//     unique in the database, so a step interrupted by a crash and redone cannot launch a number twice,
//   - ends the tuning job once nothing runs and nothing more will be launched.
// The strategies choose from the jobs' recorded hyperparameters and objectives alone, so a resumed
// tuning job goes on from what its jobs say. Status writes are conditional on the row's state, so a
// Stop that arrives mid-step is never overwritten.
import { createHash } from 'node:crypto';
import type { CreateHyperParameterTuningJobRequest, CreateTrainingJobRequest } from '@tessera/contracts';
import type { TuningJob } from '@tessera/db';
import { ApiError } from '../../platform/errors.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import type { Services } from '../services.ts';
import { actingAs } from '../../platform/identity/principal.ts';
import { attributeTo, requireProfile } from '../quotas/attribution.ts';
import { checkTrainingRequest, launchTrainingJob } from '../training/launch-training-job.ts';
import { medianRule, MAX_REPORTS } from './early-stopping.ts';
import {
  bestOf,
  type Child,
  CHILD_COLUMNS,
  definitionOf,
  finalObjective,
  isRunning,
  loss,
  objectiveOf,
  type TuningOrigin,
  tunedOf,
} from './progress.ts';
import { type Dimension, gridPoint, gridSize, paramsOf, parseSpace, unitOf } from './space.ts';
import { initialRandomPoints, type Observation, suggestBayesian } from './strategies/bayesian.ts';
import { randomPoint, seededRandom } from './strategies/random.ts';
import { publishTuningStatus } from './tuning-events.ts';
import { ensureTuningExperiment, tuningExperimentName } from './tuning-experiment.ts';

type Deps = Pick<Services, 'db' | 'logger' | 'events' | 'reconciler' | 'arns' | 'runtimes' | 'objects'>;

const POLL_MS = 1_000;
const QUOTA_RETRY_MS = 5_000;
/** This many jobs failing with a client error before any succeeds fails the tuning job. */
const EARLY_CLIENT_FAILURES = 3;
/** Launches per step: a tuning job of 100 parallel jobs does not hold a reconciler slot for long. */
const LAUNCHES_PER_STEP = 4;

export interface Completion {
  reason: 'TargetObjectiveMetricValue' | 'BestObjectiveNotImproving' | 'MaxRuntimeInSeconds';
  at: number;
}

/** What the tuning job keeps beside its request: its warm-start parents' ids, fixed at creation. */
export interface StoredTuningSpec extends CreateHyperParameterTuningJobRequest {
  parentIds?: string[];
}

/** The n-th training job's name: the tuning job's, the number, and a hash of the two with the tuning job's id. */
export function childName(tuning: Pick<TuningJob, 'id' | 'name'>, seq: number): string {
  const hash = createHash('sha256').update(`${tuning.id}/${seq}`).digest('hex').slice(0, 8);
  return `${tuning.name}-${String(seq).padStart(3, '0')}-${hash}`;
}

export function spaceOf(spec: CreateHyperParameterTuningJobRequest): Dimension[] {
  const def = definitionOf(spec);
  return parseSpace(
    def.HyperParameterRanges ?? spec.HyperParameterTuningJobConfig.ParameterRanges,
    Object.keys(def.StaticHyperParameters ?? {}),
  );
}

class LaunchRefused extends Error {}

export function createTuningJobReconciler(s: Deps) {
  const { db, logger } = s;
  /**
   * Per tuning job, while it runs: the objective series of its ended training jobs (they no longer
   * change) and its warm-start parents' observations. Dropped when it ends.
   */
  const memo = new Map<string, { ended: Map<string, number[]>; parents?: { observed: Observation[] } }>();
  const memoOf = (id: string) => memo.get(id) ?? memo.set(id, { ended: new Map() }).get(id)!;

  /** Sets the status if the row is still live (and, unless `stopping`, not asked to stop). */
  async function setStatus(
    t: TuningJob,
    status: string,
    data: Partial<TuningJob> = {},
    stopping = false,
  ): Promise<boolean> {
    const { count } = await db.tuningJob.updateMany({
      where: {
        id: t.id,
        status: { in: ['InProgress', 'Stopping'] },
        ...(stopping ? {} : { desiredState: 'Completed' }),
      },
      data: { ...(data as object), status },
    });
    if (!count) return false;
    publishTuningStatus(s, { ...t, ...(data as object), status });
    if (['Completed', 'Failed', 'Stopped'].includes(status)) {
      memo.delete(t.id);
      logger.info({ tuningJob: t.name, status, reason: data.failureReason }, 'tuning job ended');
    }
    return true;
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

  /** The first MAX_REPORTS values of one job's objective, in time order. */
  async function seriesOf(jobId: string, metric: string): Promise<number[]> {
    const points = await db.metricPoint.findMany({
      where: { jobId, name: metric },
      orderBy: { timestamp: 'asc' },
      select: { value: true },
      take: MAX_REPORTS,
    });
    return points.map((p) => p.value);
  }

  async function earlyStop(t: TuningJob, spec: CreateHyperParameterTuningJobRequest, children: Child[]) {
    const objective = objectiveOf(spec);
    const running = children.filter((c) => c.status === 'InProgress' && c.desiredState !== 'Stopped');
    if (!running.length) return;
    const { ended } = memoOf(t.id);
    for (const c of children)
      if ((c.status === 'Completed' || c.status === 'Stopped') && !ended.has(c.id))
        ended.set(
          c.id,
          (await seriesOf(c.id, objective.MetricName)).map((v) => loss(objective, v)),
        );
    const earlier = [...ended.values()];
    for (const c of running) {
      const current = (await seriesOf(c.id, objective.MetricName)).map((v) => loss(objective, v));
      const d = medianRule(current, earlier);
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

  /** The warm-start parents' jobs (by the ids fixed at creation), as observations in this job's space. */
  async function parents(t: TuningJob, spec: StoredTuningSpec, space: Dimension[]): Promise<Observation[]> {
    const m = memoOf(t.id);
    if (m.parents) return m.parents.observed;
    const objective = objectiveOf(spec);
    const jobs = spec.parentIds?.length
      ? await db.job.findMany({ where: { tuningJobId: { in: spec.parentIds } }, select: CHILD_COLUMNS })
      : [];
    const observed: Observation[] = [];
    for (const c of jobs) {
      const v = finalObjective(c, objective.MetricName);
      const u = unitOf(space, tunedOf(c));
      if (v !== undefined && u) observed.push({ u, y: loss(objective, v) });
    }
    m.parents = { observed };
    return observed;
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
    if (t.desiredState === 'Stopped') return setStatus(t, 'Stopped', ended, true);
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
    if (await setStatus(t, 'Failed', { failureReason: reason.slice(0, 1024), endedAt: new Date() }))
      await stopChildren(children, `Stopped: the tuning job failed (${reason.slice(0, 200)})`);
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
      ExperimentConfig: { ExperimentName: tuningExperimentName(t.name), TrialName: `${childName(t, seq)}-aws-trial` },
    };
    const principal = actingAs(owner);
    const ctx = { services: s, principal };
    try {
      await checkTrainingRequest(ctx, input, 'TrainingJobDefinition.');
      await ensureTuningExperiment(db, s.arns, t);
      // The profile the jobs count against may have gone (no wait brings it back), unlike a full quota.
      requireProfile(principal, await attributeTo(db, principal, spec.Tags), [def.ResourceConfig.InstanceType!]);
    } catch (err) {
      if (err instanceof ApiError) throw new LaunchRefused(err.message);
      throw err;
    }
    const origin: TuningOrigin = { tuningJob: { name: t.name, arn: t.arn }, tuned };
    try {
      await launchTrainingJob(ctx, input, { tuningJobId: t.id, tuningSeq: seq, origin: origin as never });
    } catch (err) {
      // A profile tag that names a profile since deleted, say: waiting would not help.
      if (err instanceof ApiError && ['ValidationException', 'AccessDeniedException'].includes(err.code))
        throw new LaunchRefused(err.message);
      if (err instanceof ApiError && err.code === 'ResourceInUse') {
        const ours = await db.job.findFirst({ where: { tuningJobId: t.id, tuningSeq: seq }, select: { id: true } });
        // Ours: another step (a crash, another server) launched this number first. Not ours: the name is taken.
        if (!ours) throw new LaunchRefused(`the training job name ${input.TrainingJobName} is taken`);
      }
      throw err;
    }
  }

  return async function reconcileTuningJob(id: string): Promise<ReconcileResult> {
    const t = await db.tuningJob.findUnique({ where: { id } });
    if (!t || ['Completed', 'Failed', 'Stopped'].includes(t.status)) {
      memo.delete(id);
      return;
    }
    const spec = t.spec as unknown as StoredTuningSpec;
    const config = spec.HyperParameterTuningJobConfig;
    const objective = objectiveOf(spec);
    const space = spaceOf(spec);
    const children = await db.job.findMany({
      where: { tuningJobId: t.id },
      select: CHILD_COLUMNS,
      orderBy: { tuningSeq: 'asc' },
    });

    if (t.desiredState === 'Stopped') {
      await stopChildren(children, 'Stopped: the tuning job was stopped');
      if (children.some(isRunning)) return { requeueAfterMs: POLL_MS };
      await finish(t, spec, children);
      return;
    }
    if (config.TrainingJobEarlyStoppingType === 'Auto') await earlyStop(t, spec, children);

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
      await db.tuningJob.update({ where: { id: t.id }, data: { completion: completion as never } });
      if (completion.reason === 'MaxRuntimeInSeconds')
        await stopChildren(children, 'Stopped: the tuning job reached its MaxRuntimeInSeconds');
    }
    const limit =
      config.Strategy === 'Grid'
        ? Math.min(gridSize(space), config.ResourceLimits.MaxNumberOfTrainingJobs ?? Infinity)
        : config.ResourceLimits.MaxNumberOfTrainingJobs!;
    const parallel = config.ResourceLimits.MaxParallelTrainingJobs;
    let launched = children.length;
    let running = children.filter(isRunning).length;
    let seq = children.reduce((m, c) => Math.max(m, c.tuningSeq ?? 0), 0);
    let more = false;
    if (!completion && launched < limit && running < parallel) {
      const warm = await parents(t, spec, space);
      const observed: Observation[] = [...warm];
      const pending: number[][] = [];
      for (const c of children) {
        const u = unitOf(space, tunedOf(c));
        const v = finalObjective(c, objective.MetricName);
        if (u && v !== undefined) observed.push({ u, y: loss(objective, v) });
        else if (u && isRunning(c)) pending.push(u);
      }
      for (let n = 0; launched < limit && running < parallel; n++) {
        if (n === LAUNCHES_PER_STEP) {
          more = true;
          break;
        }
        // A Stop that arrived during this step launches nothing more.
        const now = await db.tuningJob.findUnique({ where: { id: t.id }, select: { desiredState: true } });
        if (now?.desiredState !== 'Completed') return { requeueAfterMs: 0 };
        seq++;
        const tuned = nextParams(t, spec, space, seq, observed, pending, warm.length);
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
          // This number was launched by another step: read the rows again.
          if (err instanceof ApiError && err.code === 'ResourceInUse') return { requeueAfterMs: POLL_MS };
          throw err;
        }
        launched++;
        running++;
        const u = unitOf(space, tuned);
        if (u) pending.push(u);
      }
      if (launched !== children.length) publishTuningStatus(s, t);
    }
    if (more) return { requeueAfterMs: 0 };
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
