// reconcileProcessingJob: one step of a processing job, keyed by an internal stage kept in
// SecondaryStatus (the API reports only ProcessingJobStatus):
//   Starting    → instance type and image checked, inputs downloaded to their LocalPaths,
//                 containers algo-1..N started with the entrypoint and arguments   → Processing
//   Processing  → output followed into the log store; MaxRuntimeInSeconds enforced; all exited
//                 0 → Uploading; one failed → Failed with /opt/ml/output/failure or its code
//   Stopping    → SIGTERM, then kill                                             → Uploading
//   Uploading   → every file under each output LocalPath to its S3Uri           → Completed / Stopped
// As with training, a step interrupted by a crash is redone from its start after a restart.
import { recordContainerMetrics } from './container-metrics.ts';
import { mkdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import type { CreateProcessingJobRequest } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import type { JobReconcilerDeps } from '../jobs/reconciler-deps.ts';
import { instanceIdentity } from '../identity/instance-credentials.ts';
import { gpuShortfall } from '../quotas/gpu-capacity.ts';
import { resolveImage } from '../jobs/images.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import { createJobHosts, type JobHostsState } from '../jobs/job-hosts.ts';
import { createOptMls, readContainerText, writeJson } from '../jobs/opt-ml.ts';
import { workInstanceSpec, workOwner } from '../jobs/work-instance.ts';
import { ownerStore } from '../jobs/owner-store.ts';
import { stagePrefix } from '../jobs/stage-input.ts';
import { uploadDir } from '../jobs/upload-dir.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import { hostNames } from '../training/reconcile-training-job.ts';

export const PROCESSING_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';
const POLL_MS = 1_000;
const STOP_GRACE_MS = 10_000;

type Deps = JobReconcilerDeps;
type ProcessingState = JobHostsState;

/** Where a container path lives on the host: under the instance's /opt/ml tree, or in `mounts/`. */
export function hostPathFor(
  instanceDir: string,
  containerPath: string,
): { host: string; mount?: { source: string; target: string } } {
  const clean = posix.normalize(containerPath).replace(/\/+$/, '');
  if (clean === '/opt/ml' || clean.startsWith('/opt/ml/'))
    return { host: join(instanceDir, clean.slice('/opt/ml'.length)) };
  const source = join(instanceDir, 'mounts', Buffer.from(clean).toString('base64url'));
  return { host: source, mount: { source, target: clean } };
}

export function createProcessingJobReconciler(s: Deps) {
  const { db, logger } = s;
  const jobHosts = createJobHosts(s, { reconcileKind: 'processingJob', logGroup: PROCESSING_LOG_GROUP });
  const jobDir = jobHosts.dir;
  const paths = (spec: CreateProcessingJobRequest) => [
    ...(spec.ProcessingInputs ?? []).map((i) => i.S3Input?.LocalPath ?? `/opt/ml/processing/input/${i.InputName}`),
    ...(spec.ProcessingOutputConfig?.Outputs ?? []).map(
      (o) => o.S3Output?.LocalPath ?? `/opt/ml/processing/output/${o.OutputName}`,
    ),
  ];

  async function setStage(job: Job, stage: string, data: Partial<Job> = {}): Promise<Job> {
    const status =
      (
        { Stopping: 'Stopping', Completed: 'Completed', Failed: 'Failed', Stopped: 'Stopped' } as Record<string, string>
      )[stage] ?? 'InProgress';
    const updated = await db.job.update({
      where: { id: job.id },
      data: { ...(data as object), status, secondaryStatus: stage },
    });
    if (status !== job.status)
      publishJobStatus(s, updated, status, updated.failureReason ? { failureReason: updated.failureReason } : {});
    return updated;
  }

  async function fail(job: Job, reason: string): Promise<ReconcileResult> {
    await jobHosts.stopAll(job, 0);
    const updated = await setStage(job, 'Failed', { failureReason: reason.slice(0, 1024), endedAt: new Date() });
    logger.warn({ job: job.name, reason }, 'processing job failed');
    await jobHosts.cleanup(updated);
  }

  async function starting(job: Job, spec: CreateProcessingJobRequest): Promise<ReconcileResult> {
    const type = await db.instanceType.findUnique({ where: { name: job.instanceType ?? '' } });
    if (!type) return fail(job, `ClientError: the instance type ${job.instanceType} is not offered here`);
    const noGpus = await gpuShortfall(s, type.name);
    if (noGpus) return fail(job, `CapacityError: ${noGpus}`);
    const { image } = resolveImage(spec.AppSpecification.ImageUri);
    const runtime = s.runtimes.current;
    const owner = await workOwner(db, job.ownerUserId);
    const refused = await runtime.refusal({ kind: 'ProcessingJob', image, owner });
    if (refused)
      return fail(job, `ClientError: the image ${spec.AppSpecification.ImageUri} (${image}) cannot run: ${refused}`);
    const hosts = hostNames(job.instanceCount);
    const dirs = hosts.map((h) => join(jobDir(job), h));
    const storage = { runtime, sizeGiB: spec.ProcessingResources.ClusterConfig.VolumeSizeInGB };
    const made = await createOptMls(dirs, storage);
    if ('refused' in made) return fail(job, made.refused);
    const mounts = dirs.map(() => [] as { source: string; target: string }[]);
    for (let i = 0; i < dirs.length; i++) {
      for (const p of paths(spec)) {
        const { mount } = hostPathFor(dirs[i]!, p);
        if (mount && !mounts[i]!.some((m) => m.target === mount.target)) mounts[i]!.push(mount);
      }
    }
    try {
      for (const input of spec.ProcessingInputs ?? []) {
        if (!input.S3Input) continue;
        const local = input.S3Input.LocalPath ?? `/opt/ml/processing/input/${input.InputName}`;
        const counts = await stagePrefix(
          ownerStore(s, job.ownerUserId),
          input.S3Input.S3Uri,
          dirs.map((d) => hostPathFor(d, local).host),
          input.S3Input.S3DataDistributionType === 'ShardedByS3Key',
        );
        if (counts.every((c) => c === 0))
          return fail(job, `ClientError: no objects under ${input.S3Input.S3Uri} for input ${input.InputName}`);
      }
      for (const d of dirs) for (const p of paths(spec)) await mkdir(hostPathFor(d, p).host, { recursive: true });
    } catch (err) {
      return fail(job, `ClientError: could not download the inputs: ${(err as Error).message}`);
    }
    const isolated = !!(spec.NetworkConfig as { EnableNetworkIsolation?: boolean } | undefined)?.EnableNetworkIsolation;
    const state: ProcessingState = { hosts: {} };
    try {
      for (let i = 0; i < hosts.length; i++) {
        await mkdir(join(dirs[i]!, 'config'), { recursive: true });
        // SageMaker Processing's own config files, for containers that read them.
        await writeJson(join(dirs[i]!, 'config', 'processingjobconfig.json'), spec);
        await writeJson(join(dirs[i]!, 'config', 'resourceconfig.json'), { current_host: hosts[i], hosts });
        state.hosts![hosts[i]!] = await runtime.start(
          workInstanceSpec({
            kind: 'ProcessingJob',
            resourceId: job.id,
            host: hosts[i]!,
            owner,
            image,
            ...(spec.AppSpecification.ContainerEntrypoint
              ? { entrypoint: spec.AppSpecification.ContainerEntrypoint }
              : {}),
            ...(spec.AppSpecification.ContainerArguments ? { command: spec.AppSpecification.ContainerArguments } : {}),
            env: { ...spec.Environment, PROCESSING_JOB_NAME: job.name, AWS_REGION: s.config.region },
            optMlDir: dirs[i]!,
            mounts: mounts[i]!,
            instanceType: { name: type.name, vcpu: type.vcpu, memoryGiB: type.memoryGiB, gpus: type.gpus },
            networkKey: `ProcessingJob/${job.id}`,
            isolated,
            peers: hosts,
            ...instanceIdentity(s, 'ProcessingJob', job.id, job.ownerUserId),
          }),
        );
      }
    } catch (err) {
      await db.job.update({ where: { id: job.id }, data: { backendState: state as never } });
      return fail(
        { ...job, backendState: state as never },
        `InternalServerError: could not start the processing container: ${(err as Error).message}`,
      );
    }
    const updated = await setStage(job, 'Processing', {
      backend: runtime.name,
      backendState: state as never,
      startedAt: new Date(),
    });
    for (const [host, st] of Object.entries(state.hosts!)) jobHosts.follow(updated, host, st);
    return { requeueAfterMs: POLL_MS };
  }

  async function processing(job: Job, spec: CreateProcessingJobRequest): Promise<ReconcileResult> {
    const hosts = Object.entries(((job.backendState ?? {}) as ProcessingState).hosts ?? {});
    if (!hosts.length) return fail(job, 'InternalServerError: the processing containers were lost');
    if (job.desiredState === 'Stopped') {
      await setStage(job, 'Stopping');
      return { requeueAfterMs: 0 };
    }
    const max = spec.StoppingCondition?.MaxRuntimeInSeconds;
    if (max && job.startedAt && Date.now() - job.startedAt.getTime() >= max * 1000) {
      await Promise.all(hosts.map(([, st]) => s.runtimes.of(job.backend).stop(st, { graceMs: 0 })));
      return fail(job, `ClientError: the job exceeded MaxRuntimeInSeconds (${max} s) and was stopped`);
    }
    const codes = await Promise.all(hosts.map(([, st]) => s.runtimes.of(job.backend).poll(st)));
    for (const [host, st] of hosts) jobHosts.follow(job, host, st);
    if (codes.some((c) => c === null)) return { requeueAfterMs: POLL_MS };
    await jobHosts.drained(job);
    const failedAt = codes.findIndex((c) => c !== 0);
    if (failedAt >= 0) {
      const [host] = hosts[failedAt]!;
      const failure = await readContainerText(join(jobDir(job), host), 'output/failure', 'the failure reason');
      const exited = `the container on ${host} exited with code ${codes[failedAt]}`;
      return fail(
        job,
        failure && 'refused' in failure
          ? `AlgorithmError: ${failure.refused} (${exited})`
          : failure?.text
            ? // A container that already says which kind of error it was is quoted as is.
              /^(ClientError|AlgorithmError): /.test(failure.text)
              ? failure.text
              : `AlgorithmError: ${failure.text}`
            : `AlgorithmError: ${exited}; see ${PROCESSING_LOG_GROUP}`,
      );
    }
    const exit = await readContainerText(join(jobDir(job), 'algo-1'), 'output/message', 'the message');
    // What a container wrote is no reason for its job not to end: points that cannot be kept are dropped.
    await recordContainerMetrics(db, job.id, join(jobDir(job), 'algo-1')).catch((err: Error) =>
      logger.warn({ job: job.name, err: err.message }, "the container's metric points could not be recorded"),
    );
    const message = exit && 'refused' in exit ? exit.refused : (exit?.text ?? '');
    await setStage(job, 'Uploading', {
      outputs: { finalStatus: 'Completed' } as never,
      ...(message ? { exitMessage: message.slice(0, 1024) } : {}),
    });
    return { requeueAfterMs: 0 };
  }

  async function uploading(job: Job, spec: CreateProcessingJobRequest): Promise<ReconcileResult> {
    try {
      for (const o of spec.ProcessingOutputConfig?.Outputs ?? []) {
        if (!o.S3Output) continue;
        const containerPath = o.S3Output.LocalPath ?? `/opt/ml/processing/output/${o.OutputName}`;
        for (const host of hostNames(job.instanceCount)) {
          // Walked from the instance's directory, which the server made: every name below it,
          // /opt/ml's and mounts/' alike, is the container's and is not followed.
          const instanceDir = join(jobDir(job), host);
          const rel = relative(instanceDir, hostPathFor(instanceDir, containerPath).host);
          await uploadDir(
            ownerStore(s, job.ownerUserId),
            { instanceDir, rel, containerPath },
            o.S3Output.S3Uri,
            (line) => jobHosts.note(job, host, line),
          );
        }
      }
    } catch (err) {
      return fail(job, `ClientError: could not upload the outputs: ${(err as Error).message}`);
    }
    const final = ((job.outputs ?? {}) as { finalStatus?: string }).finalStatus ?? 'Completed';
    const updated = await setStage(job, final, { endedAt: new Date() });
    await jobHosts.cleanup(updated);
  }

  return async function reconcileProcessingJob(id: string): Promise<ReconcileResult> {
    const job = await db.job.findUnique({ where: { id } });
    if (!job || job.kind !== 'Processing' || ['Completed', 'Failed', 'Stopped'].includes(job.status)) return;
    const spec = job.spec as unknown as CreateProcessingJobRequest;
    if (job.desiredState === 'Stopped' && job.secondaryStatus === 'Starting') {
      await jobHosts.cleanup(await setStage(job, 'Stopped', { endedAt: new Date() }));
      return;
    }
    switch (job.secondaryStatus) {
      case 'Starting':
        return starting(job, spec);
      case 'Processing':
        return processing(job, spec);
      case 'Stopping': {
        await jobHosts.stopAll(job, STOP_GRACE_MS);
        await setStage(job, 'Uploading', { outputs: { finalStatus: 'Stopped' } as never });
        return { requeueAfterMs: 0 };
      }
      case 'Uploading':
        return uploading(job, spec);
      default:
        return fail(job, `InternalServerError: unexpected stage ${job.secondaryStatus}`);
    }
  };
}
