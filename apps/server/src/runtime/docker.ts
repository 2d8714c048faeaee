// The docker backend: one container per app instance on a local Docker Engine, limited to its
// instance type's vCPUs and memory. Containers carry labels, so `list()` finds them after a
// server restart without the database, and the persisted state is only { containerId, hostPort }.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import Docker from 'dockerode';
import type { Backend, BackendState, DiscoveredInstance, InstanceSpec, InstanceUsage } from './backend.ts';
import { dockerExec } from './docker-exec.ts';
import { jupyterArgs, jupyterEnv } from './jupyter-command.ts';

export const defaultDockerSocket = '/var/run/docker.sock';
export const appLabel = 'tessera.app';
export const managedLabel = 'tessera.managed';
/** Which Tessera installation started a container: several may share one engine. */
export const installationLabel = 'tessera.installation';
/** Where every kernel image expects the user's home (and Jupyter's root directory). */
export const containerHome = '/home/sagemaker-user';
const jupyterPort = 8888;
const portKey = `${jupyterPort}/tcp`;

export interface DockerBackendDeps {
  /** The engine's socket; the server's configuration decides (default /var/run/docker.sock). */
  socketPath?: string;
  /** This installation's id; `list()` sees only its containers. */
  installation?: string;
}

export const containerName = (appId: string) => `tessera-app-${appId}`;

/** True when a Docker Engine answers on `socketPath` within `timeoutMs`. */
export async function dockerAvailable(socketPath = defaultDockerSocket, timeoutMs = 1500): Promise<boolean> {
  if (!existsSync(socketPath)) return false;
  try {
    await new Docker({ socketPath, timeout: timeoutMs }).ping();
    return true;
  } catch {
    return false;
  }
}

export function createDockerBackend(deps: DockerBackendDeps = {}): Backend {
  const docker = new Docker({ socketPath: deps.socketPath ?? defaultDockerSocket });
  const containerOf = (state: BackendState) => docker.getContainer(parseState(state).containerId);

  async function create(spec: InstanceSpec) {
    const { vcpu, memoryGiB, gpus } = spec.instanceType;
    const memory = Math.round(memoryGiB * 2 ** 30);
    const options: Docker.ContainerCreateOptions = {
      name: containerName(spec.appId),
      Image: spec.containerImage,
      // Passed explicitly so any image with Debian's jupyter-server works, not only ours.
      Cmd: ['python3', ...jupyterArgs({ ip: '0.0.0.0', port: jupyterPort, rootDir: containerHome })],
      // The token travels only in the environment: labels and the command line are listed by
      // anyone who can run `docker ps`.
      Env: Object.entries({ ...spec.env, ...jupyterEnv(spec.token, containerHome) }).map(([k, v]) => `${k}=${v}`),
      WorkingDir: containerHome,
      Labels: {
        [appLabel]: spec.appId,
        [managedLabel]: 'true',
        ...(deps.installation ? { [installationLabel]: deps.installation } : {}),
        'tessera.app-type': spec.appType,
        'tessera.instance-type': spec.instanceType.name,
      },
      ExposedPorts: { [portKey]: {} },
      HostConfig: {
        // A bind mount (not -v) so a home path with ':' in it cannot be misparsed.
        Mounts: [{ Type: 'bind', Source: spec.homeDir, Target: containerHome, ReadOnly: false }],
        // Loopback only: Tessera's proxy is the one way in. HostPort '0' lets the engine pick.
        PortBindings: { [portKey]: [{ HostIp: '127.0.0.1', HostPort: '0' }] },
        NanoCpus: Math.round(vcpu * 1e9),
        Memory: memory,
        // No swap beyond the limit: an instance type's memory is what a notebook gets, as on SageMaker.
        MemorySwap: memory,
        // tini as PID 1 forwards SIGTERM to Jupyter and reaps the kernels it leaves behind.
        Init: true,
        RestartPolicy: { Name: 'no' },
        ...(gpus > 0 ? { DeviceRequests: [{ Driver: 'nvidia', Count: gpus, Capabilities: [['gpu']] }] } : {}),
      },
    };
    // A stale container of the same name (a crash between start and persisting the state, or a
    // restart of the app) is replaced; a concurrent removal can still make create answer 409.
    for (let attempt = 1; ; attempt++) {
      await removeQuietly(docker.getContainer(options.name!));
      try {
        return await docker.createContainer(options);
      } catch (err) {
        if (statusOf(err) === 404) {
          throw new Error(
            `image ${spec.containerImage} is not present on the Docker engine (nothing is pulled; scripts/docker.sh builds Tessera's images)`,
          );
        }
        if (statusOf(err) !== 409 || attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  return {
    name: 'docker',
    home: containerHome,

    exec: (state, cmd, opts) => dockerExec(docker, containerOf(state), cmd, opts),

    async gpusAvailable() {
      // Only a host with NVIDIA devices and the nvidia runtime can hand GPUs to containers.
      if (!existsSync('/dev/nvidia0')) return 0;
      const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
      if (!info.Runtimes?.nvidia) return 0;
      return readdirSync('/dev').filter((n) => /^nvidia\d+$/.test(n)).length;
    },

    async start(spec) {
      await mkdir(spec.homeDir, { recursive: true });
      return startContainer(await create(spec), portKey);
    },

    url(state) {
      const { hostPort } = parseState(state);
      if (hostPort === null) throw new Error('the container has no published Jupyter port (it is not running)');
      return `http://127.0.0.1:${hostPort}`;
    },

    poll: (state) => pollContainer(containerOf(state)),

    async stop(state, opts) {
      const container = containerOf(state);
      await stopContainer(container, opts?.graceMs);
      await removeQuietly(container);
    },

    async logs(state, opts) {
      try {
        const raw: unknown = await containerOf(state).logs({
          stdout: true,
          stderr: true,
          follow: false,
          tail: opts?.tail ?? 500,
        });
        return demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
      } catch (err) {
        if (statusOf(err) === 404) return '';
        throw err;
      }
    },

    async usage(state) {
      const container = containerOf(state);
      try {
        const [info, stats] = await Promise.all([container.inspect(), container.stats({ stream: false })]);
        if (!info.State.Running) return null;
        return usageFrom(stats, info.HostConfig);
      } catch (err) {
        if (statusOf(err) === 404) return null;
        throw err;
      }
    },

    async list() {
      const rows = await docker.listContainers({
        all: true,
        filters: {
          label: [`${managedLabel}=true`, ...(deps.installation ? [`${installationLabel}=${deps.installation}`] : [])],
        },
      });
      const found: DiscoveredInstance[] = [];
      for (const row of rows) {
        const appId = row.Labels[appLabel];
        if (!appId) continue;
        const port = row.Ports.find((p) => p.PrivatePort === jupyterPort && p.PublicPort)?.PublicPort;
        found.push({ appId, state: { containerId: row.Id, hostPort: port ?? null } });
      }
      return found;
    },
  };
}

function parseState(state: BackendState): { containerId: string; hostPort: number | null } {
  const { containerId, hostPort } = state;
  if (typeof containerId !== 'string' || !containerId) throw new Error('docker backend state has no containerId');
  return { containerId, hostPort: typeof hostPort === 'number' && hostPort > 0 ? hostPort : null };
}

export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

/** Starts a created container; with `portKey`, answers the loopback port the engine published for it. */
export async function startContainer(
  container: Docker.Container,
  portKey: string | undefined,
): Promise<{ containerId: string; hostPort: number | null }> {
  try {
    await container.start();
    if (!portKey) return { containerId: container.id, hostPort: null };
    const info = await container.inspect();
    const hostPort = Number(info.NetworkSettings.Ports?.[portKey]?.[0]?.HostPort);
    if (!(hostPort > 0)) throw new Error(`container ${container.id} has no published port for ${portKey}`);
    return { containerId: container.id, hostPort };
  } catch (err) {
    await removeQuietly(container);
    throw err;
  }
}

/** null while the container runs; its exit code once it has stopped; -1 when gone or never started. */
export async function pollContainer(container: Docker.Container): Promise<number | null> {
  try {
    const { State } = await container.inspect();
    if (State.Status === 'exited' || State.Status === 'dead') return State.ExitCode;
    // Created but never started: start() failed half-way, so it will never run.
    if (State.Status === 'created') return -1;
    return null;
  } catch (err) {
    if (statusOf(err) === 404) return -1;
    throw err;
  }
}

/** SIGTERM, then kill after `graceMs` (whole seconds, as the engine counts them). Safe on a stopped or removed one. */
export async function stopContainer(container: Docker.Container, graceMs = 10_000): Promise<void> {
  try {
    await container.stop({ t: Math.max(0, Math.ceil(graceMs / 1000)) });
  } catch (err) {
    // 304: already stopped; 404: already gone.
    if (statusOf(err) !== 304 && statusOf(err) !== 404) throw err;
  }
}

export async function removeQuietly(container: Docker.Container) {
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    // 404: nothing to remove; 409: the engine is already removing it.
    if (statusOf(err) !== 404 && statusOf(err) !== 409) throw err;
  }
}

/**
 * Docker frames a non-TTY container's output: 8-byte headers (stream type, 3 zero bytes, big-endian
 * length) before each chunk. Output that does not start with such a header is returned as it is.
 */
export function demultiplex(buf: Buffer): string {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    const type = buf[at];
    if ((type !== 0 && type !== 1 && type !== 2) || buf[at + 1] || buf[at + 2] || buf[at + 3]) break;
    const size = buf.readUInt32BE(at + 4);
    chunks.push(buf.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at === 0) return buf.toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}

/** CPU in percent of one core from the two samples the engine returns; memory without page cache. */
export function usageFrom(stats: Docker.ContainerStats, host: Docker.HostConfig): InstanceUsage {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  const cpuDelta = cpu.cpu_usage.total_usage - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = cpu.system_cpu_usage - (pre?.system_cpu_usage ?? 0);
  const hostCpus = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 1;
  // Without a previous sample (precpu empty) the deltas span the container's whole life: no rate.
  const cpuPercent =
    pre?.system_cpu_usage && systemDelta > 0 && cpuDelta >= 0 ? (cpuDelta / systemDelta) * hostCpus * 100 : 0;

  const mem = stats.memory_stats;
  // cgroup v1 reports page cache as `cache`, v2 as `inactive_file`; neither is the kernel's to keep.
  const cache = (mem.stats as Partial<Docker.MemoryStats['stats']> | undefined)?.cache ?? mem.stats?.inactive_file ?? 0;
  const memoryBytes = Math.max(0, (mem.usage ?? 0) - cache);

  const nanoCpus = host.NanoCpus ?? 0;
  const quota = host.CpuQuota && host.CpuPeriod ? host.CpuQuota / host.CpuPeriod : 0;
  return {
    cpuPercent,
    memoryBytes,
    memoryLimitBytes: mem.limit ?? 0,
    cpuLimit: nanoCpus > 0 ? nanoCpus / 1e9 : quota || hostCpus,
  };
}
