// The swarm runtime: training and processing instances run as services of a Docker Swarm cluster
// (SwarmKit, the engine that ships with Docker), every other kind on this host's Docker engine as
// before (apps, endpoints and transform instances move to the cluster later). One service per
// instance, in `replicated-job` mode with no restart: an instance that dies is reported as SageMaker
// reports it, never run a second time. A job's hosts share an overlay network of their own on which
// `algo-1…N` resolve to each other on any node. Instance types become reservations and limits
// (a GPU type reserves the nodes' `gpu` generic resources); a type no node can hold is refused
// before anything starts. Images reach the nodes through a registry, by digest. Host paths mounted
// into instances (/opt/ml, scratch) must be the same on every node: shared storage mounted at the
// same path (NFS, the EFS analog), as the data directory must be for several servers.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import Docker from 'dockerode';
import { assertDirectory, scratchSource, WORK_CAPABILITIES } from '../docker/bind-sources.ts';
import type { DiscoveredInstance, InstanceSpec, InstanceState, Runtime, WorkloadKind } from '../contract.ts';
import { identityEnv, instanceKey } from '../contract.ts';
import {
  demultiplex,
  installationLabel,
  kindLabel,
  hostLabel,
  managedLabel,
  readFrames,
  resourceLabel,
  statusOf,
} from '../docker/engine.ts';
import { chownTree } from '../../platform/storage/chown-tree.ts';
import type { Logger } from '../../platform/logger.ts';
import { createRegistryImages } from './registry-images.ts';

export interface SwarmRuntimeDeps {
  /** The manager's Docker API socket. */
  manager: string;
  registry: string;
  pushRegistry: string;
  /** This server's address as the nodes reach it: instances reach the gateway there. */
  gatewayAddress: string;
  installation: string;
  /** This host's engine: the docker runtime, for every kind not on the cluster yet, and its volumes. */
  local: Runtime;
  localDocker: Docker;
  pidsLimit: number;
  gatewayPort: () => number;
  logger: Logger;
}

const ON_CLUSTER: ReadonlySet<WorkloadKind> = new Set(['TrainingJob', 'ProcessingJob']);
const TMPFS_MAX_BYTES = 2 ** 30;
const STOP_GRACE_NS = 10e9;
const POLL_MS = 500;

interface Node {
  hostname: string;
  nanoCpus: number;
  memoryBytes: number;
  gpus: number;
}
interface Task {
  CreatedAt: string;
  Status: { State: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
}

/** How often a job's task the cluster rejected before it ever ran is scheduled again. */
const MAX_RESCHEDULES = 5;

const isSwarm = (state: InstanceState) => typeof state.service === 'string' && !!state.service;
const hash = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createSwarmRuntime(deps: SwarmRuntimeDeps): Promise<Runtime> {
  const { local } = deps;
  const manager = new Docker({ socketPath: deps.manager });
  await manager.swarmInspect().catch((err: Error) => {
    throw new Error(`TESSERA_SWARM_MANAGER (${deps.manager}) is not the API of a swarm manager: ${err.message}`);
  });
  const images = createRegistryImages({
    docker: deps.localDocker,
    registry: deps.registry,
    pushRegistry: deps.pushRegistry,
  });
  const labels = (extra: Record<string, string> = {}) => ({
    [managedLabel]: 'true',
    [installationLabel]: deps.installation,
    ...extra,
  });
  const serviceName = (spec: InstanceSpec) => `tsw-${hash(`${deps.installation}\0${instanceKey(spec)}`).slice(0, 24)}`;
  const networkName = (key: string) => `tsw${hash(`${deps.installation}\0${key}`).slice(0, 12)}`;

  /** The workers that take work now, with what each offers. */
  async function workers(): Promise<Node[]> {
    const nodes = (await manager.listNodes()) as {
      Spec: { Role: string; Availability: string };
      Status: { State: string };
      Description: {
        Hostname: string;
        Resources: {
          NanoCPUs: number;
          MemoryBytes: number;
          GenericResources?: {
            NamedResourceSpec?: { Kind: string };
            DiscreteResourceSpec?: { Kind: string; Value: number };
          }[];
        };
      };
    }[];
    return nodes
      .filter((n) => n.Spec.Role === 'worker' && n.Spec.Availability === 'active' && n.Status.State === 'ready')
      .map((n) => {
        const generic = n.Description.Resources.GenericResources ?? [];
        const gpus =
          generic.filter((g) => g.NamedResourceSpec?.Kind === 'gpu').length +
          generic.reduce(
            (sum, g) => sum + (g.DiscreteResourceSpec?.Kind === 'gpu' ? g.DiscreteResourceSpec.Value : 0),
            0,
          );
        return {
          hostname: n.Description.Hostname,
          nanoCpus: n.Description.Resources.NanoCPUs,
          memoryBytes: n.Description.Resources.MemoryBytes,
          gpus,
        };
      });
  }

  async function ensureNetwork(key: string, internal: boolean): Promise<string> {
    const name = networkName(key);
    const existing = await manager
      .getNetwork(name)
      .inspect()
      .catch(() => undefined);
    if (existing) return name;
    try {
      await manager.createNetwork({
        Name: name,
        Driver: 'overlay',
        Internal: internal,
        CheckDuplicate: true,
        Labels: labels({ 'tessera.network-key': key }),
      });
    } catch (err) {
      if (statusOf(err) !== 409) throw err; // created meanwhile by another host's start
    }
    return name;
  }

  async function releaseNetwork(name: string) {
    // The network goes with its last task, which the nodes take a moment to tear down.
    for (let i = 0; i < 20; i++) {
      try {
        await manager.getNetwork(name).remove();
        return;
      } catch (err) {
        const status = statusOf(err);
        if (status === 404) return;
        if (status !== 403 && status !== 409 && status !== 500) throw err;
        if (!/active endpoints|in use/i.test(String((err as Error).message))) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async function tasksOf(name: string): Promise<Task[] | undefined> {
    try {
      await manager.getService(name).inspect();
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    const tasks = (await manager.listTasks({ filters: { service: [name] } })) as Task[];
    return tasks.sort((a, b) => b.CreatedAt.localeCompare(a.CreatedAt));
  }

  /** A new iteration of a job's service (ForceUpdate): its next task. */
  async function rerun(name: string) {
    const service = manager.getService(name);
    const info = (await service.inspect()) as {
      Version: { Index: number };
      Spec: { TaskTemplate: { ForceUpdate?: number } } & Record<string, unknown>;
    };
    const spec = {
      ...info.Spec,
      TaskTemplate: { ...info.Spec.TaskTemplate, ForceUpdate: (info.Spec.TaskTemplate.ForceUpdate ?? 0) + 1 },
    };
    await service.update({ version: info.Version.Index, ...spec } as never);
  }

  async function poll(state: InstanceState): Promise<number | null> {
    const tasks = await tasksOf(String(state.service));
    if (!tasks) return -1;
    const task = tasks[0];
    if (!task) return null;
    // Rejected before a container ran (the node it was given changed under it): nothing ran, so the
    // job is run again, a few times — never a task that did run.
    const neverRan = (t: Task) => t.Status.State === 'rejected' && !t.Status.ContainerStatus?.ContainerID;
    if (neverRan(task) && tasks.filter(neverRan).length <= MAX_RESCHEDULES) {
      deps.logger.warn({ service: state.service, reason: task.Status.Err }, 'swarm task rejected before it ran; again');
      await rerun(String(state.service));
      return null;
    }
    const code = task.Status.ContainerStatus?.ExitCode;
    // The exit code is all the contract carries: the cluster's reason goes to the server's log.
    if (['failed', 'rejected', 'orphaned'].includes(task.Status.State) && task.Status.Err)
      deps.logger.warn(
        { service: state.service, state: task.Status.State, reason: task.Status.Err },
        'swarm task ended',
      );
    switch (task.Status.State) {
      case 'complete':
        return 0;
      case 'failed':
      case 'rejected':
        return code || 1;
      case 'shutdown':
      case 'orphaned':
        return code ?? -1;
      default:
        return null;
    }
  }

  async function startOnCluster(spec: InstanceSpec): Promise<InstanceState> {
    const type = spec.instanceType;
    const nodes = await workers();
    const maxCpus = Math.max(0, ...nodes.map((n) => n.nanoCpus));
    const nanoCpus = Math.min(Math.round(type.vcpu * 1e9), maxCpus);
    const memory = Math.round(type.memoryGiB * 2 ** 30);
    const reference = await images.reference(spec.image);

    const ids = local.fileOwner(spec.user);
    for (const m of spec.mounts) {
      await assertDirectory(m.source);
      if (m.owned) await chownTree(m.source, ids.uid, ids.gid);
    }
    const mounts: object[] = spec.mounts.map((m) => ({
      Type: 'bind',
      Source: m.source,
      Target: m.target,
      ReadOnly: !!m.readOnly,
    }));
    const targets = ['/tmp', '/var/tmp', ...(spec.user ? [] : ['/root'])].filter(
      (t) => !spec.mounts.some((m) => m.target === t),
    );
    for (const target of targets) {
      if (!spec.scratch) {
        mounts.push({
          Type: 'tmpfs',
          Target: target,
          TmpfsOptions: { SizeBytes: Math.min(TMPFS_MAX_BYTES, memory / 4), Mode: 0o1777 },
        });
        continue;
      }
      const source = scratchSource(spec.scratch, target);
      await mkdir(source, { recursive: true });
      await assertDirectory(source);
      await chownTree(source, ids.uid, ids.gid);
      mounts.push({ Type: 'bind', Source: source, Target: target, ReadOnly: false });
    }

    // A lone isolated host gets a network of its own with no way out (swarm has no `none` for services).
    const net = spec.network;
    const network =
      net.mode === 'private'
        ? await ensureNetwork(net.key, !!net.isolated)
        : await ensureNetwork(`none/${instanceKey(spec)}`, true);
    const identity = net.mode === 'private' && !net.isolated && spec.identity ? spec.identity : undefined;
    const identityVars = identity ? identityEnv(`http://${deps.gatewayAddress}:${deps.gatewayPort()}`, identity) : {};
    const p = spec.program;
    if (p.type !== 'image') throw new Error('the swarm runtime runs images; Jupyter servers run on this host');

    const name = serviceName(spec);
    await manager
      .getService(name)
      .remove()
      .catch(() => undefined); // a crash between creating it and persisting its state
    await manager.createService({
      Name: name,
      Labels: labels({ [kindLabel]: spec.kind, [resourceLabel]: spec.resourceId, [hostLabel]: spec.host }),
      TaskTemplate: {
        ContainerSpec: {
          Image: reference,
          ...(p.entrypoint ? { Command: p.entrypoint } : {}),
          ...(p.command ? { Args: p.command } : {}),
          Env: Object.entries({ ...spec.env, ...identityVars }).map(([k, v]) => `${k}=${v}`),
          ...(spec.user ? { User: `${spec.user.uid}:${spec.user.gid}` } : {}),
          Hostname: spec.host,
          Init: true,
          ReadOnly: true,
          Mounts: mounts,
          StopGracePeriod: STOP_GRACE_NS,
          CapabilityDrop: ['ALL'],
          CapabilityAdd: spec.user ? [] : WORK_CAPABILITIES,
          Labels: labels({ [kindLabel]: spec.kind, [resourceLabel]: spec.resourceId, [hostLabel]: spec.host }),
        },
        Resources: {
          Limits: { NanoCPUs: nanoCpus, MemoryBytes: memory, Pids: deps.pidsLimit },
          Reservations: {
            NanoCPUs: nanoCpus,
            MemoryBytes: memory,
            ...(type.gpus > 0
              ? { GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: type.gpus } }] }
              : {}),
          },
        },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Placement: { Constraints: ['node.role==worker'] },
        Networks: [{ Target: network, Aliases: [spec.host] }],
        LogDriver: { Name: 'json-file', Options: { 'max-size': '16m', 'max-file': '2' } },
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
      // No virtual IP: hosts resolve to their tasks themselves (and kernels without IPVS work).
      EndpointSpec: { Mode: 'dnsrr' },
    } as never);
    return { service: name, network };
  }

  const runtime: Runtime = {
    name: 'swarm',
    guarantees: {
      ...local.guarantees,
      // Tenants' overlay networks are apart from each other, but no firewall on the nodes yet keeps
      // an instance from the nodes' own addresses.
      isolation: false,
    },
    gateway: {
      listen: '0.0.0.0',
      admits: (at, from) => local.gateway.admits(at, from) || at.replace(/^::ffff:/, '') === deps.gatewayAddress,
      routed: () => local.gateway.routed(),
    },

    async refusal(spec) {
      if (!ON_CLUSTER.has(spec.kind)) return local.refusal(spec);
      const present = await deps.localDocker
        .getImage(spec.image)
        .inspect()
        .catch(() => undefined);
      if (!present) return local.refusal(spec);
      if (!(await workers()).length) return 'no worker node of the swarm cluster is ready and active';
      return undefined;
    },
    fileOwner: (user) => local.fileOwner(user),
    async gpusAvailable() {
      const nodes = await workers().catch(() => []);
      return Math.max(await local.gpusAvailable(), ...nodes.map((n) => n.gpus));
    },
    createVolume: (dir, size) => local.createVolume(dir, size),
    releaseVolume: (dir) => local.releaseVolume(dir),

    async start(spec) {
      if (!ON_CLUSTER.has(spec.kind)) return local.start(spec);
      const type = spec.instanceType;
      const nodes = await workers();
      const fits = nodes.filter((n) => n.memoryBytes >= type.memoryGiB * 2 ** 30 && n.gpus >= type.gpus);
      if (!fits.length) {
        const largest = nodes.reduce<Node | undefined>(
          (a, n) => (!a || n.memoryBytes > a.memoryBytes ? n : a),
          undefined,
        );
        throw new Error(
          `no node of the swarm cluster can hold ${type.name} (${type.memoryGiB} GiB, ${type.gpus} GPU): ` +
            (largest
              ? `the largest offers ${Math.floor(largest.memoryBytes / 2 ** 30)} GiB and ${largest.gpus} GPU`
              : 'no worker is ready'),
        );
      }
      return startOnCluster(spec);
    },
    url(state) {
      if (isSwarm(state)) throw new Error('a job instance on the swarm cluster serves on no port');
      return local.url(state);
    },
    poll: (state) => (isSwarm(state) ? poll(state) : local.poll(state)),
    async wait(state) {
      if (!isSwarm(state)) return local.wait(state);
      for (;;) {
        const code = await poll(state);
        if (code !== null) return code;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    async stop(state, opts) {
      if (!isSwarm(state)) return local.stop(state, opts);
      // A job's service cannot be scaled down: removing it stops its task (SIGTERM, then SIGKILL
      // after the service's grace period). What the instance wrote is on shared storage.
      await manager
        .getService(String(state.service))
        .remove()
        .catch((err) => {
          if (statusOf(err) !== 404) throw err;
        });
    },
    async remove(state) {
      if (!isSwarm(state)) return local.remove(state);
      await runtime.stop(state);
      if (typeof state.network === 'string' && state.network) await releaseNetwork(state.network);
    },
    async logs(state, opts) {
      if (!isSwarm(state)) return local.logs(state, opts);
      try {
        const raw: unknown = await manager
          .getService(String(state.service))
          .logs({ stdout: true, stderr: true, follow: false, tail: opts?.tail ?? 500 } as never);
        return demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
      } catch (err) {
        if (statusOf(err) === 404) return '';
        throw err;
      }
    },
    async followLogs(state, sinceMs, onLines, signal) {
      if (!isSwarm(state)) return local.followLogs(state, sinceMs, onLines, signal);
      let stream: NodeJS.ReadableStream;
      try {
        stream = (await manager.getService(String(state.service)).logs({
          follow: true,
          stdout: true,
          stderr: true,
          timestamps: true,
          since: Math.floor(sinceMs / 1000),
        } as never)) as unknown as NodeJS.ReadableStream;
      } catch (err) {
        if (statusOf(err) === 404) return;
        throw err;
      }
      // A service's log stream stays open while the service exists: it ends here once the task has
      // ended and the last lines have had a moment to arrive.
      const done = new AbortController();
      signal?.addEventListener('abort', () => done.abort(), { once: true });
      const watch = (async () => {
        while (!done.signal.aborted) {
          await new Promise((r) => setTimeout(r, POLL_MS));
          if ((await poll(state).catch(() => -1)) !== null) {
            await new Promise((r) => setTimeout(r, 1_500));
            done.abort();
          }
        }
      })();
      await readFrames(stream, sinceMs, onLines, done.signal);
      done.abort();
      await watch;
    },
    async usage(state) {
      return isSwarm(state) ? null : local.usage(state);
    },
    async exec(state, cmd, opts) {
      if (isSwarm(state)) throw new Error('commands run inside instances on this host only');
      return local.exec(state, cmd, opts);
    },
    async list() {
      const services = (await manager.listServices({
        filters: { label: [`${managedLabel}=true`, `${installationLabel}=${deps.installation}`] },
      })) as {
        Spec: { Name: string; Labels: Record<string, string>; TaskTemplate: { Networks?: { Target: string }[] } };
      }[];
      const onCluster: DiscoveredInstance[] = services.map((s) => ({
        kind: s.Spec.Labels[kindLabel] as WorkloadKind,
        resourceId: s.Spec.Labels[resourceLabel] ?? '',
        host: s.Spec.Labels[hostLabel] ?? '',
        state: { service: s.Spec.Name, network: s.Spec.TaskTemplate.Networks?.[0]?.Target ?? null },
      }));
      return [...(await local.list()), ...onCluster];
    },
  };
  return runtime;
}
