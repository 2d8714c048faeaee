// reconcileTransformJob: one step of a batch transform job, keyed by its status.
//   InProgress, nothing running here → the transform task starts: InstanceCount containers of the
//     model's image with `serve` and SAGEMAKER_BATCH*, /ping awaited, /execution-parameters read,
//     then every input object sent through them (transform/run-transform.ts). The task runs
//     beside the reconciler queue, never in it, and enqueues the job when it ends.
//   InProgress, task ended → Completed, or Failed with its reason; containers removed.
//   Stop asked (Stopping)  → the task aborted, containers stopped → Stopped.
// The task lives in this process only. After a restart the row is still InProgress and nothing
// runs it here, so it starts again from the beginning: containers of the earlier run are removed
// and every output object is written again whole, which makes the rerun safe.
import { removeInstanceTree } from '../jobs/opt-ml.ts';
import { workOwner } from '../jobs/work-instance.ts';
import { ownerStore } from '../jobs/owner-store.ts';
import { join } from 'node:path';
import type { CreateModelRequest, CreateTransformJobRequest } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { pingOk, primaryContainer, startInstance, stopInstance } from '../endpoints/fleet.ts';
import type { Instance } from '../endpoints/fleet-shape.ts';
import type { JobReconcilerDeps } from '../jobs/reconciler-deps.ts';
import { runTransform, TransformFailure, type TransformSummary } from './run-transform.ts';
import { batchEnvironment, batchSettings, type BatchSettings, type ExecutionParameters } from './settings.ts';
import { resolveImage } from '../jobs/images.ts';
import { ownerMayUseBucket } from '../jobs/access.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import { ArchiveRefused } from '../../platform/storage/unpack-archive.ts';

export const TRANSFORM_LOG_GROUP = '/aws/sagemaker/TransformJobs';
const READY_POLL_MS = 250;
const STARTUP_TIMEOUT_MS = 600_000;

type Deps = JobReconcilerDeps;

interface TransformState {
  instances?: Instance[];
}

/** Job.outputs of a transform: what it ran with and what it did. */
export interface TransformOutputs {
  settings?: BatchSettings;
  summary?: TransformSummary;
}

type Outcome = { status: 'Completed'; summary: TransformSummary } | { status: 'Failed'; reason: string };

interface Task {
  abort: AbortController;
  done: Promise<void>;
  settled: boolean;
  outcome?: Outcome;
}

export function createTransformJobReconciler(s: Deps) {
  const { db, logger } = s;
  const tasks = new Map<string, Task>();
  const jobDir = (job: Pick<Job, 'id'>) => join(s.config.dataDir, 'work', job.id);
  const owner = (job: Job) => ({ ownerUserId: job.ownerUserId, resourceArn: job.arn });

  async function save(job: Job, data: Record<string, unknown>): Promise<Job> {
    const updated = await db.job.update({ where: { id: job.id }, data });
    if (updated.status !== job.status)
      publishJobStatus(
        s,
        updated,
        updated.status,
        updated.failureReason ? { failureReason: updated.failureReason } : {},
      );
    return updated;
  }

  /**
   * Every container of this job: those the row records, and any a crash left unrecorded. `drain`
   * lets each container end on SIGTERM and its last lines reach the log store first.
   */
  async function removeContainers(job: Job, drain = false): Promise<void> {
    const state = (job.backendState ?? {}) as TransformState;
    await Promise.all(
      (state.instances ?? []).map(async (inst) => {
        if (drain) {
          await s.runtimes.current.stop(inst.state, { graceMs: 5_000 }).catch(() => undefined);
          await Promise.race([s.followers.drained(inst.id), new Promise((r) => setTimeout(r, 3_000))]);
        }
        await stopInstance(s, job.name, inst, jobDir(job));
      }),
    );
    // Looked for again after removing: the engine may still be finishing a create or start that a
    // killed server asked for, and refuse (409) until it has.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const strays = (await s.runtimes.current.list().catch(() => [])).filter(
        (c) => c.kind === 'TransformJob' && c.resourceId === job.id,
      );
      if (!strays.length) return;
      for (const c of strays) {
        await s.runtimes.current
          .remove(c.state)
          .catch((err: Error) =>
            logger.warn({ job: job.name, attempt, err: err.message }, 'could not remove a transform container'),
          );
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }

  function follow(job: Job, inst: Instance) {
    s.followers.follow(inst.id, {
      runtime: s.runtimes.current,
      state: inst.state,
      group: TRANSFORM_LOG_GROUP,
      stream: `${job.name}/${inst.id}`,
      owner: owner(job),
    });
  }

  /** Data-log lines, written in order per job (the store wants each stream's events in order). */
  function dataLog(job: Job) {
    let chain = Promise.resolve();
    return {
      log(instanceId: string, message: string) {
        const event = { timestamp: Date.now(), message };
        chain = chain
          .then(() => s.logs.append(TRANSFORM_LOG_GROUP, `${job.name}/${instanceId}/data-log`, [event], owner(job)))
          .catch((err) => logger.warn({ err, job: job.name }, 'could not write the data log'));
      },
      flushed: () => chain,
    };
  }

  async function waitReady(job: Job, instances: Instance[], signal: AbortSignal): Promise<void> {
    const started = Date.now();
    for (;;) {
      signal.throwIfAborted();
      const exited = await Promise.all(instances.map((i) => s.runtimes.current.poll(i.state)));
      const dead = exited.findIndex((c) => c !== null);
      if (dead >= 0) {
        const id = instances[dead]!.id;
        throw new TransformFailure(
          `AlgorithmError: the container of instance ${id} exited with code ${exited[dead]} before answering ` +
            `GET /ping; see ${TRANSFORM_LOG_GROUP} ${job.name}/${id}`,
        );
      }
      if ((await Promise.all(instances.map((i) => pingOk(i.url)))).every(Boolean)) return;
      if (Date.now() - started > STARTUP_TIMEOUT_MS)
        throw new TransformFailure(
          `AlgorithmError: the model container did not answer GET /ping within ${STARTUP_TIMEOUT_MS / 1000} s`,
        );
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  }

  async function executionParameters(url: string): Promise<ExecutionParameters | undefined> {
    try {
      const r = await fetch(`${url}/execution-parameters`, { signal: AbortSignal.timeout(2_000) });
      if (r.status !== 200) return undefined;
      return (await r.json()) as ExecutionParameters;
    } catch {
      return undefined;
    }
  }

  /**
   * The model copied at CreateTransformJob. Jobs created before copies were kept take the model
   * of that name only while the job's owner still owns it: a name someone else has taken since
   * is not the model the job was created with.
   */
  async function modelOf(job: Job): Promise<CreateModelRequest | undefined> {
    const origin = job.origin as { model?: { spec: CreateModelRequest } } | null;
    if (origin?.model) return origin.model.spec;
    const row = await db.model.findUnique({
      where: { name: (job.spec as unknown as CreateTransformJobRequest).ModelName },
    });
    if (!row || row.ownerUserId !== job.ownerUserId) return undefined;
    await db.job.update({
      where: { id: job.id },
      data: { origin: { model: { name: row.name, arn: row.arn, spec: row.spec } } as never },
    });
    return row.spec as unknown as CreateModelRequest;
  }

  /** The whole run of one job, from an empty slate. */
  async function execute(first: Job, signal: AbortSignal): Promise<Outcome> {
    const spec = first.spec as unknown as CreateTransformJobRequest;
    const fail = (reason: string): Outcome => ({ status: 'Failed', reason });
    await removeContainers(first);
    await removeInstanceTree(s.runtimes.current, jobDir(first));
    let job = await save(first, {
      backendState: { instances: [] },
      backend: s.runtimes.current.name,
      ...(first.startedAt ? {} : { startedAt: new Date() }),
    });

    const model = await modelOf(job);
    if (!model) return fail(`ClientError: the model ${spec.ModelName} no longer exists`);
    const type = await db.instanceType.findUnique({ where: { name: job.instanceType ?? '' } });
    if (!type) return fail(`ClientError: the instance type ${job.instanceType} is not offered here`);
    if (type.gpus > 0)
      return fail(`CapacityError: ${type.name} needs ${type.gpus} GPU(s) and this host has none to give`);
    let specified: string;
    try {
      specified = primaryContainer(model).Image!;
    } catch (err) {
      return fail(`ClientError: ${(err as Error).message}`);
    }
    const { image } = resolveImage(specified);
    const refused = await s.runtimes.current.refusal({
      kind: 'TransformJob',
      image,
      owner: await workOwner(db, job.ownerUserId),
    });
    if (refused) return fail(`ClientError: the model's image ${specified} (${image}) cannot run: ${refused}`);

    const plan = {
      name: 'i',
      modelName: spec.ModelName,
      image,
      specifiedImage: specified,
      instanceType: type.name,
      weight: 1,
      desiredCount: job.instanceCount,
    };
    const instances: Instance[] = [];
    for (let i = 0; i < job.instanceCount; i++) {
      signal.throwIfAborted();
      let inst: Instance;
      try {
        inst = await startInstance(s, { name: job.name, id: job.id, ownerUserId: job.ownerUserId }, plan, model, {
          kind: 'TransformJob',
          dir: jobDir(job),
          env: batchEnvironment(spec),
        });
      } catch (err) {
        if (err instanceof ArchiveRefused) return fail(`ClientError: ${err.message}`);
        return fail(`InternalServerError: could not start the model container: ${(err as Error).message}`);
      }
      instances.push(inst);
      // Recorded at once: a stop or a restart finds every container by the row.
      job = await save(job, { backendState: { instances } });
      follow(job, inst);
    }
    await waitReady(job, instances, signal);
    const settings = batchSettings(spec, await executionParameters(instances[0]!.url));
    job = await save(job, { outputs: { settings } });
    const data = dataLog(job);
    for (const inst of instances) {
      data.log(
        inst.id,
        `MaxConcurrentTransforms=${settings.maxConcurrent}, MaxPayloadInMB=${settings.maxPayloadInMB}, ` +
          `BatchStrategy=${settings.strategy === 'SingleRecord' ? 'SINGLE_RECORD' : 'MULTI_RECORD'}`,
      );
    }
    try {
      const summary = await runTransform({
        objects: ownerStore(s, job.ownerUserId),
        spec,
        instances,
        settings,
        signal,
        log: data.log,
        mayRead: (bucket) => ownerMayUseBucket(s, job.ownerUserId, bucket),
      });
      for (const inst of instances)
        data.log(
          inst.id,
          `done: ${summary.objects} objects, ${summary.records} records, ` +
            `${summary.requests} requests over ${instances.length} instance(s)`,
        );
      return { status: 'Completed', summary };
    } finally {
      await data.flushed();
    }
  }

  function startTask(job: Job) {
    const abort = new AbortController();
    const task: Task = { abort, settled: false, done: Promise.resolve() };
    task.done = execute(job, abort.signal)
      .then(
        (outcome) => {
          task.outcome = outcome;
        },
        (err: Error) => {
          if (abort.signal.aborted) return;
          logger.warn({ job: job.name, err: err.message }, 'transform task failed');
          task.outcome = {
            status: 'Failed',
            reason:
              err instanceof TransformFailure ? err.message : `InternalServerError: ${err.message}`.slice(0, 1024),
          };
        },
      )
      .finally(() => {
        task.settled = true;
        s.reconciler.enqueue('transformJob', job.id);
      });
    tasks.set(job.id, task);
    logger.info({ job: job.name, instances: job.instanceCount }, 'transform job running');
  }

  async function finish(
    job: Job,
    status: 'Completed' | 'Failed' | 'Stopped',
    data: Record<string, unknown> = {},
  ): Promise<boolean> {
    // Conditional: a stop asked for since this pass read the row wins over Completed/Failed.
    const where =
      status === 'Stopped' ? { id: job.id } : { id: job.id, status: 'InProgress', desiredState: 'Completed' };
    const fresh = (await db.job.findUnique({ where: { id: job.id } }))!;
    await removeContainers(fresh, true);
    await removeInstanceTree(s.runtimes.current, jobDir(job));
    const { count } = await db.job.updateMany({
      where,
      data: { ...data, status, endedAt: new Date(), backendState: { instances: [] } },
    });
    if (!count) return false;
    const updated = (await db.job.findUnique({ where: { id: job.id } }))!;
    publishJobStatus(s, updated, status, updated.failureReason ? { failureReason: updated.failureReason } : {});
    logger.info(
      { job: job.name, status, ...(updated.failureReason ? { reason: updated.failureReason } : {}) },
      'transform job ended',
    );
    return true;
  }

  return async function reconcileTransformJob(id: string): Promise<ReconcileResult> {
    const job = await db.job.findUnique({ where: { id } });
    if (!job || job.kind !== 'Transform' || ['Completed', 'Failed', 'Stopped'].includes(job.status)) {
      tasks.delete(id);
      return;
    }
    const task = tasks.get(id);
    if (job.desiredState === 'Stopped') {
      if (job.status !== 'Stopping') await save(job, { status: 'Stopping' });
      if (task) {
        task.abort.abort(new Error('the job was stopped'));
        await task.done;
      }
      tasks.delete(id);
      await finish(job, 'Stopped');
      return;
    }
    if (task && !task.settled) return; // running; it enqueues the job when it ends
    if (task?.outcome) {
      const o = task.outcome;
      const outputs = (job.outputs ?? {}) as TransformOutputs;
      const done =
        o.status === 'Completed'
          ? await finish(job, 'Completed', { outputs: { ...outputs, summary: o.summary } })
          : await finish(job, 'Failed', { failureReason: o.reason.slice(0, 1024) });
      if (!done) return { requeueAfterMs: 0 }; // stopped meanwhile: the next pass ends it as Stopped
      tasks.delete(id);
      return;
    }
    // InProgress and nothing runs it here: a new job, or one the previous server process was
    // running when it went away.
    startTask(job);
  };
}
