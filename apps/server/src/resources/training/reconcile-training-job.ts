// reconcileTrainingJob: one step of a training job, keyed by its SecondaryStatus.
//   Starting    → instance type and image checked                        → Downloading
//   Downloading → /opt/ml laid out per instance, channels and code staged,
//                 containers algo-1..N started (a private network when N>1) → Training
//   Training    → output followed into the log store and metrics; MaxRuntimeInSeconds enforced;
//                 all exited 0 → Uploading; one failed → Failed with its /opt/ml/output/failure
//   Stopping    → SIGTERM, then kill                                      → Uploading
//   Uploading   → model.tar.gz and output.tar.gz to S3                    → Completed / Stopped
// Each step can be repeated: a crash in the middle of one redoes it from the start after a
// restart (Downloading starts from an empty tree; containers are found again by their labels).
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CreateTrainingJobRequest } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import type { InstanceState } from '../../runtime/contract.ts';
import type { JobReconcilerDeps } from '../jobs/reconciler-deps.ts';
import { instanceIdentity } from '../identity/instance-credentials.ts';
import { gpuShortfall } from '../quotas/gpu-capacity.ts';
import { resolveImage } from '../jobs/images.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import { createJobHosts, type JobHostsState } from '../jobs/job-hosts.ts';
import {
  compileMetrics,
  extractMetrics,
  METRICS_BATCH_LIMIT_MS,
  MetricDefinitionError,
  type CompiledMetric,
  type MetricSample,
} from './metric-definitions.ts';
import { metricDefinitionsOf } from './builtin-metrics.ts';
import { RegexBusy, RegexTimeout } from '../../platform/regex-off-thread.ts';
import { createOptMls, readContainerText, writeJson } from '../jobs/opt-ml.ts';
import { workInstanceSpec, workOwner } from '../jobs/work-instance.ts';
import { ownerStore } from '../jobs/owner-store.ts';
import { stageChannel, stageCode } from '../jobs/stage-input.ts';
import { advance, type Transition } from '../jobs/transitions.ts';
import { outputKey, uploadTarGz } from '../jobs/upload-output.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import { ArchiveRefused } from '../../platform/storage/unpack-archive.ts';

export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const POLL_MS = 1_000;
const STOP_GRACE_MS = 10_000;
/** Worker time one job's MetricDefinitions may take over all its output. */
const METRICS_BUDGET_MS = 120_000;

const MESSAGES: Record<string, string> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Stopping: 'Stopping the training job',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Failed: 'Training job failed',
  Stopped: 'Training job stopped',
  MaxRuntimeExceeded: 'Training job stopped because it exceeded the maximum run time',
};

type Deps = JobReconcilerDeps;

type TrainingState = JobHostsState;

interface TrainingOutputs {
  /** What the job ends as once Uploading is done. */
  finalStatus?: 'Completed' | 'Stopped' | 'MaxRuntimeExceeded';
  trainingEndedAt?: number;
  modelArtifacts?: string;
}

export const hostNames = (count: number) => Array.from({ length: Math.max(1, count) }, (_, i) => `algo-${i + 1}`);

export function createTrainingJobReconciler(s: Deps) {
  const { db, logger } = s;
  const jobHosts = createJobHosts(s, { reconcileKind: 'trainingJob', logGroup: TRAINING_LOG_GROUP });
  const jobDir = jobHosts.dir;

  async function setStage(
    job: Job,
    secondary: string,
    data: Partial<Job> = {},
    message = MESSAGES[secondary] ?? secondary,
  ): Promise<Job> {
    const status =
      (
        {
          Stopping: 'Stopping',
          Completed: 'Completed',
          Failed: 'Failed',
          Stopped: 'Stopped',
          MaxRuntimeExceeded: 'Stopped',
        } as Record<string, string>
      )[secondary] ?? 'InProgress';
    const transitions = advance(
      job.statusTransitions as unknown as Transition[] | null,
      secondary,
      message,
      Date.now(),
    );
    const updated = await db.job.update({
      where: { id: job.id },
      data: { ...(data as object), status, secondaryStatus: secondary, statusTransitions: transitions as never },
    });
    publishJobStatus(s, updated, status, {
      secondaryStatus: secondary,
      ...(updated.failureReason ? { failureReason: updated.failureReason } : {}),
    });
    return updated;
  }

  async function fail(job: Job, reason: string): Promise<ReconcileResult> {
    await jobHosts.stopAll(job, 0);
    const ended = new Date();
    const updated = await setStage(job, 'Failed', {
      failureReason: reason,
      endedAt: ended,
      billableTimeInSeconds: billable(job, ended.getTime()),
    });
    logger.warn({ job: job.name, reason }, 'training job failed');
    await jobHosts.cleanup(updated);
  }

  function billable(job: Job, end: number): number | null {
    if (!job.startedAt) return null;
    return Math.max(1, Math.ceil((end - job.startedAt.getTime()) / 1000)) * job.instanceCount;
  }

  function follow(job: Job, spec: CreateTrainingJobRequest, host: string, state: InstanceState) {
    let metrics: CompiledMetric[] = [];
    try {
      metrics = compileMetrics(metricDefinitionsOf(spec.AlgorithmSpecification));
    } catch (err) {
      // Only a job created before regexes ran on RE2 can hold one it refuses: it runs without metrics.
      if (!(err instanceof MetricDefinitionError)) throw err;
      logger.warn({ job: job.name, reason: err.message }, 'training job metrics not collected');
    }
    if (!metrics.length || host !== 'algo-1') return jobHosts.follow(job, host, state);
    // The worker time this job's definitions may take, all told; past it (or one batch over its
    // limit) they stop for this job, which says so in its log, and the job runs on.
    let spentMs = 0;
    let stopped = false;
    jobHosts.follow(job, host, state, async (lines) => {
      if (stopped) return;
      try {
        const { samples, ms } = await extractMetrics(metrics, lines);
        spentMs += ms;
        await recordMetrics(job.id, samples);
        if (spentMs > METRICS_BUDGET_MS) throw new RegexTimeout(`they took ${Math.round(spentMs / 1000)} s in all`);
      } catch (err) {
        if (!(err instanceof RegexTimeout || err instanceof RegexBusy)) throw err;
        stopped = true;
        await jobHosts.note(
          job,
          host,
          `[Tessera] MetricDefinitions are no longer matched for this job: ${err.message} ` +
            `(at most ${METRICS_BATCH_LIMIT_MS / 1000} s per 64 KiB of output and ${METRICS_BUDGET_MS / 1000} s ` +
            'in all); use simpler regexes',
        );
      }
    });
  }

  async function recordMetrics(jobId: string, samples: MetricSample[]) {
    if (!samples.length) return;
    await db.metricPoint.createMany({
      data: samples.map((m) => ({
        id: randomUUID(),
        jobId,
        name: m.name,
        value: m.value,
        timestamp: new Date(m.timestamp),
      })),
    });
    const current = ((await db.job.findUnique({ where: { id: jobId }, select: { finalMetrics: true } }))
      ?.finalMetrics ?? {}) as Record<string, { value: number; timestamp: number }>;
    for (const m of samples) current[m.name] = { value: m.value, timestamp: m.timestamp };
    await db.job.update({ where: { id: jobId }, data: { finalMetrics: current } });
  }

  async function starting(job: Job, spec: CreateTrainingJobRequest): Promise<ReconcileResult> {
    const type = await db.instanceType.findUnique({ where: { name: job.instanceType ?? '' } });
    if (!type) return fail(job, `ClientError: the instance type ${job.instanceType} is not offered here`);
    const noGpus = await gpuShortfall(s, type.name);
    if (noGpus) return fail(job, `CapacityError: ${noGpus}`);
    const { image } = resolveImage(spec.AlgorithmSpecification.TrainingImage ?? '');
    const refused = await s.runtimes.current.refusal({
      kind: 'TrainingJob',
      image,
      owner: await workOwner(db, job.ownerUserId),
    });
    if (refused)
      return fail(
        job,
        `ClientError: the training image ${spec.AlgorithmSpecification.TrainingImage} (${image}) ` +
          `cannot run: ${refused}`,
      );
    await setStage(job, 'Downloading');
    return { requeueAfterMs: 0 };
  }

  async function downloading(job: Job, spec: CreateTrainingJobRequest): Promise<ReconcileResult> {
    const type = (await db.instanceType.findUnique({ where: { name: job.instanceType ?? '' } }))!;
    const hosts = hostNames(job.instanceCount);
    const dirs = hosts.map((h) => join(jobDir(job), h));
    const runtime = s.runtimes.current;
    const storage = { runtime, sizeGiB: spec.ResourceConfig.VolumeSizeInGB };
    const made = await createOptMls(dirs, storage);
    if ('refused' in made) return fail(job, made.refused);
    const layouts = made.layouts;
    const channels = spec.InputDataConfig ?? [];
    try {
      for (const ch of channels) {
        const counts = await stageChannel(ownerStore(s, job.ownerUserId), ch, dirs);
        if (counts.every((c) => c === 0))
          return fail(
            job,
            `ClientError: no objects under ${ch.DataSource.S3DataSource!.S3Uri} for channel ${ch.ChannelName}`,
          );
      }
      const submit = decodeHyperParameter(spec.HyperParameters?.sagemaker_submit_directory);
      // The code unpacks onto the instance's volume: it may take at most VolumeSizeInGB.
      const limits = { ...s.config.archives, maxBytes: spec.ResourceConfig.VolumeSizeInGB * 1024 ** 3 };
      if (submit?.startsWith('s3://'))
        for (const l of layouts) await stageCode(ownerStore(s, job.ownerUserId), submit, l.code, limits);
    } catch (err) {
      if (err instanceof ArchiveRefused) return fail(job, `ClientError: ${err.message}`);
      return fail(job, `ClientError: could not download the input data: ${(err as Error).message}`);
    }
    const inputConfig = Object.fromEntries(
      channels.map((c) => [
        c.ChannelName,
        {
          TrainingInputMode: c.InputMode ?? spec.AlgorithmSpecification.TrainingInputMode ?? 'File',
          S3DistributionType: c.DataSource.S3DataSource?.S3DataDistributionType ?? 'FullyReplicated',
          RecordWrapperType: c.RecordWrapperType ?? 'None',
          ...(c.ContentType ? { ContentType: c.ContentType } : {}),
        },
      ]),
    );
    for (let i = 0; i < hosts.length; i++) {
      const l = layouts[i]!;
      await writeJson(join(l.config, 'hyperparameters.json'), spec.HyperParameters ?? {});
      await writeJson(join(l.config, 'inputdataconfig.json'), inputConfig);
      await writeJson(join(l.config, 'resourceconfig.json'), {
        current_host: hosts[i],
        current_instance_type: type.name,
        current_group_name: 'homogeneousCluster',
        hosts,
        instance_groups: [{ instance_group_name: 'homogeneousCluster', instance_type: type.name, hosts }],
        network_interface_name: 'eth0',
      });
    }
    const owner = await workOwner(db, job.ownerUserId);
    const { image } = resolveImage(spec.AlgorithmSpecification.TrainingImage ?? '');
    const startedAt = new Date();
    const state: TrainingState = { hosts: {} };
    try {
      for (let i = 0; i < hosts.length; i++) {
        state.hosts![hosts[i]!] = await runtime.start(
          workInstanceSpec({
            kind: 'TrainingJob',
            resourceId: job.id,
            host: hosts[i]!,
            owner,
            image,
            command: spec.AlgorithmSpecification.ContainerArguments ?? ['train'],
            ...(spec.AlgorithmSpecification.ContainerEntrypoint
              ? { entrypoint: spec.AlgorithmSpecification.ContainerEntrypoint }
              : {}),
            env: {
              ...spec.Environment,
              TRAINING_JOB_NAME: job.name,
              TRAINING_JOB_ARN: job.arn,
              AWS_REGION: s.config.region,
            },
            optMlDir: dirs[i]!,
            instanceType: { name: type.name, vcpu: type.vcpu, memoryGiB: type.memoryGiB, gpus: type.gpus },
            networkKey: `TrainingJob/${job.id}`,
            isolated: !!spec.EnableNetworkIsolation,
            peers: hosts,
            ...instanceIdentity(s, 'TrainingJob', job.id, job.ownerUserId),
          }),
        );
      }
    } catch (err) {
      await db.job.update({ where: { id: job.id }, data: { backendState: state as never } });
      return fail(
        { ...job, backendState: state as never },
        `InternalServerError: could not start the training container: ${(err as Error).message}`,
      );
    }
    const updated = await setStage(job, 'Training', { backend: runtime.name, backendState: state as never, startedAt });
    for (const [host, st] of Object.entries(state.hosts!)) follow(updated, spec, host, st);
    return { requeueAfterMs: POLL_MS };
  }

  async function training(job: Job, spec: CreateTrainingJobRequest): Promise<ReconcileResult> {
    const state = (job.backendState ?? {}) as TrainingState;
    const hosts = Object.entries(state.hosts ?? {});
    if (!hosts.length) return fail(job, 'InternalServerError: the training containers were lost');
    if (job.desiredState === 'Stopped') {
      await setStage(job, 'Stopping');
      return { requeueAfterMs: 0 };
    }
    const max = spec.StoppingCondition.MaxRuntimeInSeconds;
    if (max && job.startedAt && Date.now() - job.startedAt.getTime() >= max * 1000) {
      logger.info({ job: job.name, max }, 'training job exceeded MaxRuntimeInSeconds');
      await jobHosts.stopAll(job, STOP_GRACE_MS);
      await setStage(job, 'Uploading', {
        outputs: { finalStatus: 'MaxRuntimeExceeded', trainingEndedAt: Date.now() } as never,
      });
      return { requeueAfterMs: 0 };
    }
    const codes = await Promise.all(hosts.map(([, st]) => s.runtimes.of(job.backend).poll(st)));
    if (codes.some((c) => c === null)) {
      for (const [host, st] of hosts) follow(job, spec, host, st);
      const left = max && job.startedAt ? job.startedAt.getTime() + max * 1000 - Date.now() : POLL_MS;
      return { requeueAfterMs: Math.max(50, Math.min(POLL_MS * 5, left)) };
    }
    // Every container has exited: make sure their last lines (and metrics) are stored first.
    for (const [host, st] of hosts) follow(job, spec, host, st);
    await jobHosts.drained(job);
    const failedAt = codes.findIndex((c) => c !== 0);
    if (failedAt >= 0) {
      const [host] = hosts[failedAt]!;
      const failure = await readContainerText(join(jobDir(job), host), 'output/failure', 'the failure reason');
      const text = failure && 'text' in failure ? failure.text : '';
      const code = codes[failedAt];
      const exited = `the container on ${host} exited with code ${code}`;
      const killed = code === 137 ? ' (killed: out of memory for the instance type, or stopped)' : '';
      const reason =
        failure && 'refused' in failure
          ? `AlgorithmError: ${failure.refused} (${exited})`
          : text
            ? /^(AlgorithmError|ClientError|InternalServerError|CapacityError):/.test(text)
              ? text.slice(0, 1024)
              : `AlgorithmError: ${text.slice(0, 1000)}`
            : code === -1
              ? 'InternalServerError: the training container disappeared'
              : `AlgorithmError: ${exited}${killed}; see the job's logs`;
      return fail(job, reason);
    }
    await setStage(job, 'Uploading', { outputs: { finalStatus: 'Completed', trainingEndedAt: Date.now() } as never });
    return { requeueAfterMs: 0 };
  }

  async function stopping(job: Job): Promise<ReconcileResult> {
    await jobHosts.stopAll(job, STOP_GRACE_MS);
    await setStage(
      job,
      'Uploading',
      { outputs: { finalStatus: 'Stopped', trainingEndedAt: Date.now() } as never },
      'Uploading the model saved before the stop',
    );
    return { requeueAfterMs: 0 };
  }

  async function uploading(job: Job, spec: CreateTrainingJobRequest): Promise<ReconcileResult> {
    const outputs = (job.outputs ?? {}) as TrainingOutputs;
    const optMlDir = join(jobDir(job), 'algo-1');
    const model = outputKey(spec.OutputDataConfig.S3OutputPath, job.name, 'model.tar.gz');
    const data = outputKey(spec.OutputDataConfig.S3OutputPath, job.name, 'output.tar.gz');
    const report = (line: string) => jobHosts.note(job, 'algo-1', line);
    try {
      const store = ownerStore(s, job.ownerUserId);
      await uploadTarGz(store, { optMlDir, rel: 'model' }, model, report);
      await uploadTarGz(store, { optMlDir, rel: 'output/data' }, data, report);
    } catch (err) {
      return fail(job, `ClientError: could not upload the model to ${model.uri}: ${(err as Error).message}`);
    }
    const final = outputs.finalStatus ?? 'Completed';
    const end = outputs.trainingEndedAt ?? Date.now();
    const updated = await setStage(job, final, {
      outputs: { ...outputs, modelArtifacts: model.uri } as never,
      endedAt: new Date(end),
      billableTimeInSeconds: billable(job, end),
    });
    logger.info({ job: job.name, status: final, model: model.uri }, 'training job ended');
    await jobHosts.cleanup(updated);
  }

  return async function reconcileTrainingJob(id: string): Promise<ReconcileResult> {
    const job = await db.job.findUnique({ where: { id } });
    if (!job || job.kind !== 'Training' || ['Completed', 'Failed', 'Stopped'].includes(job.status)) return;
    const spec = job.spec as unknown as CreateTrainingJobRequest;
    if (job.desiredState === 'Stopped' && ['Starting', 'Downloading'].includes(job.secondaryStatus ?? '')) {
      const updated = await setStage(job, 'Stopped', { endedAt: new Date() });
      await jobHosts.cleanup(updated);
      return;
    }
    switch (job.secondaryStatus) {
      case 'Starting':
        return starting(job, spec);
      case 'Downloading':
        return downloading(job, spec);
      case 'Training':
        return training(job, spec);
      case 'Stopping':
        return stopping(job);
      case 'Uploading':
        return uploading(job, spec);
      default:
        return fail(job, `InternalServerError: unexpected secondary status ${job.secondaryStatus}`);
    }
  };
}

/** Hyperparameters arrive as strings, JSON-encoded by the SageMaker Python SDK ("\"s3://…\""). */
export function decodeHyperParameter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value);
    return typeof v === 'string' ? v : value;
  } catch {
    return value;
  }
}
