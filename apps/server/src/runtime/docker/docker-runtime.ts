// The docker runtime: every instance is a labelled container on a local Docker Engine, made safe
// by construction rather than by each caller:
//   - container root is not host root: the engine must remap user namespaces (scripts/docker.sh
//     starts it with --userns-remap=default); capabilities are dropped to what a SageMaker
//     container needs (none for Studio apps, which run as the profile's POSIX user), no new
//     privileges, a PID limit, the instance type's CPU and memory;
//   - each tenant on networks of its own (networks.ts) that end at the bridge (isolation.ts);
//     the control plane reaches an instance at its address on that network, nothing is published
//     on the host; EnableNetworkIsolation means an internal network, or none at all;
//   - instances sharing an envelope share their instance type's limits (envelopes.ts), volumes
//     are bounded at VolumeSizeInGB (volumes.ts), and trees handed to a container belong to the
//     ids its user maps to (platform/storage/chown-tree.ts);
//   - nothing a container writes lands on the host's disk unbounded: the image's file system is
//     read-only (so are the engine's /etc/hosts and friends), scratch space is on the instance's
//     volume or a bounded tmpfs, and the engine keeps at most 32 MiB of its output.
// Labels let `list()` find containers after a restart without the database.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import { cpus } from 'node:os';
import Docker from 'dockerode';
import { assertDirectory, scratchSource, WORK_CAPABILITIES } from './bind-sources.ts';
import type {
  DiscoveredInstance,
  Guarantees,
  InstanceSpec,
  InstanceState,
  Runtime,
  WorkloadKind,
} from '../contract.ts';
import { identityEnv, isLoopback } from '../contract.ts';
import { jupyterArgs } from '../jupyter-command.ts';
import {
  hostLabel,
  installationLabel,
  kindLabel,
  legacyAppLabel,
  managedLabel,
  pollContainer,
  readFrames,
  removeQuietly,
  resourceLabel,
  statusOf,
  stopContainer,
  usageFrom,
  demultiplex,
} from './engine.ts';
import { createEnvelopes } from './envelopes.ts';
import { dockerExec } from './exec.ts';
import { engineFacts } from './host.ts';
import { GATEWAY_ADDRESS, isolateTenantNetworks } from './isolation.ts';
import { createGatewayRoutes } from './gateway-routes.ts';
import { ensureNetwork, isTenantGatewayAddress, peerAddresses, releaseNetwork, sameSubnet24 } from './networks.ts';
import { chownTree } from '../../platform/storage/chown-tree.ts';
import type { Volumes } from '../../platform/storage/loop-volumes.ts';

export interface DockerRuntimeDeps {
  socketPath: string;
  /** This installation's id: labels and network names are its own. */
  installation: string;
  /** Bounded volumes for instances' storage (platform/storage/loop-volumes.ts). */
  volumes: Volumes;
  /** Processes one instance (or envelope) may hold: a fork bomb stops here. */
  pidsLimit: number;
  /** Run even where containers cannot be kept from the host (no user namespaces, no firewall rules). */
  unsafe: boolean;
  /** The port of the control plane's gateway on this host (0 until it listens). */
  gatewayPort: () => number;
  /** Gateway ports of other live servers on this host, as they say in the database (none on one server). */
  peerGateways?: () => Promise<number[]>;
}

/** What a SageMaker container running as (namespaced) root needs; nothing else of Docker's default set. */
/**
 * Where NVIDIA's runtime is the engine's default, it hands every GPU to any container whose
 * environment says NVIDIA_VISIBLE_DEVICES (images, models and jobs can set it): an instance type
 * without GPUs says `void` last, over whatever was set. GPU types get theirs through DeviceRequests.
 */
const NO_GPUS = (gpus: number): Record<string, string> => (gpus > 0 ? {} : { NVIDIA_VISIBLE_DEVICES: 'void' });

const JUPYTER_PORT = 8888;
const portLabel = 'tessera.port';
const envelopeLabel = 'tessera.envelope';
/** What the engine itself keeps of a container's output (Tessera's log store has its own copy). */
const LOG_MAX_FILE = '16m';
const LOG_FILES = '2';
/** Memory-backed scratch space where an instance has no volume (Studio apps: their home is their storage). */
const TMPFS_MAX_BYTES = 1 * 2 ** 30;

interface DockerState {
  containerId: string;
  network: string | null;
  address: string | null;
  port: number | null;
  envelope: string | null;
  /** Apps started before the runtime was one piece published a loopback port instead. */
  hostPort: number | null;
}

export const containerName = (spec: Pick<InstanceSpec, 'kind' | 'resourceId' | 'host'>) =>
  `tessera-${spec.kind.toLowerCase()}-${spec.resourceId}-${spec.host}`.replace(/[^a-zA-Z0-9_.-]/g, '-');

function parse(state: InstanceState): DockerState {
  const { containerId } = state;
  if (typeof containerId !== 'string' || !containerId) throw new Error('the instance state names no container');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const num = (v: unknown) => (typeof v === 'number' && v > 0 ? v : null);
  return {
    containerId,
    network: str(state.network),
    address: str(state.address),
    port: num(state.port),
    envelope: str(state.envelope),
    hostPort: num(state.hostPort),
  };
}

export async function createDockerRuntime(deps: DockerRuntimeDeps): Promise<{ runtime: Runtime; notes: string[] }> {
  const docker = new Docker({ socketPath: deps.socketPath });
  const facts = await engineFacts(docker);
  const notes: string[] = [];
  const problems: string[] = [];
  if (!facts.idBase) {
    problems.push(
      'the Docker engine does not remap user namespaces, so container root would be host root (start dockerd with ' +
        '--userns-remap=default; bash scripts/docker.sh does)',
    );
  }
  const firewall = await isolateTenantNetworks();
  const gatewayRoutes = createGatewayRoutes(deps.gatewayPort);
  if (!firewall) await gatewayRoutes.sweep();
  if (firewall) problems.push(firewall);
  if (problems.length && !deps.unsafe) {
    throw new Error(
      `The docker runtime cannot keep containers from this host: ${problems.join('; ')}. Fix that, ` +
        'or set TESSERA_DOCKER_UNSAFE=1 to run anyway on a machine only you use.',
    );
  }
  for (const p of problems) notes.push(`UNSAFE (TESSERA_DOCKER_UNSAFE=1): ${p}`);
  const envelopes = await createEnvelopes({ installation: deps.installation, ...facts });
  if (envelopes.unsupported)
    notes.push(`apps on one instance type are limited one by one, not together: ${envelopes.unsupported}`);
  const { volumes } = deps;
  if (volumes.unsupported) notes.push(`VolumeSizeInGB is not enforced: ${volumes.unsupported}`);

  const idBase = facts.idBase ?? { uid: 0, gid: 0 };
  const hostIds = (user?: { uid: number; gid: number }) => ({
    uid: idBase.uid + (user?.uid ?? 0),
    gid: idBase.gid + (user?.gid ?? 0),
  });
  const containerOf = (state: InstanceState) => docker.getContainer(parse(state).containerId);
  const guarantees: Guarantees = {
    limits: true,
    isolation: problems.length === 0,
    volumeLimits: !volumes.unsupported,
    multiInstance: true,
    anyImage: true,
    multiUser: true,
  };

  const inspectImage = (image: string) =>
    docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);

  /** Where the image expects its user's home (its HOME variable), so scratch space can be put there. */
  async function imageHome(image: string): Promise<string | undefined> {
    const env = ((await inspectImage(image))?.Config?.Env ?? []).find((e) => e.startsWith('HOME='));
    return env?.slice('HOME='.length) || undefined;
  }

  /**
   * Writable places of a container whose image is read-only: directories of the instance's volume
   * when it has one (bounded by VolumeSizeInGB), else a tmpfs bounded in size (and charged to its memory).
   */
  async function scratchOf(spec: InstanceSpec, ids: { uid: number; gid: number }, memory: number) {
    const mounted = new Set(spec.mounts.map((m) => m.target));
    const home = spec.program.type === 'jupyter' ? undefined : await imageHome(spec.image);
    const targets = ['/tmp', '/var/tmp', ...(spec.user ? [] : ['/root']), ...(home ? [home] : [])].filter(
      (t, i, all) => !mounted.has(t) && all.indexOf(t) === i,
    );
    if (!spec.scratch) {
      const size = Math.min(TMPFS_MAX_BYTES, Math.floor(memory / 4));
      const opts = `rw,nosuid,nodev,size=${size},mode=1777`;
      return { tmpfs: Object.fromEntries(targets.map((t) => [t, opts])), binds: [] };
    }
    const binds = [];
    for (const target of targets) {
      const source = scratchSource(spec.scratch, target);
      await mkdir(source, { recursive: true });
      await assertDirectory(source);
      await chownTree(source, ids.uid, ids.gid);
      binds.push({ Type: 'bind' as const, Source: source, Target: target, ReadOnly: false });
    }
    return { tmpfs: {}, binds };
  }

  function commandOf(spec: InstanceSpec): Pick<Docker.ContainerCreateOptions, 'Cmd' | 'Entrypoint' | 'WorkingDir'> {
    const p = spec.program;
    if (p.type === 'jupyter') {
      // Passed explicitly so any image with Debian's jupyter-server works, not only ours.
      return {
        Cmd: ['python3', ...jupyterArgs({ ip: '0.0.0.0', port: spec.port ?? JUPYTER_PORT, rootDir: p.home })],
        WorkingDir: p.home,
      };
    }
    return { ...(p.command ? { Cmd: p.command } : {}), ...(p.entrypoint ? { Entrypoint: p.entrypoint } : {}) };
  }

  async function create(spec: InstanceSpec, name: string) {
    const { instanceType: type } = spec;
    const memory = Math.round(type.memoryGiB * 2 ** 30);
    const ids = hostIds(spec.user);
    for (const m of spec.mounts) {
      await assertDirectory(m.source);
      if (m.owned) await chownTree(m.source, ids.uid, ids.gid);
    }

    const net = spec.network.mode === 'private' ? spec.network : undefined;
    const network = net
      ? await ensureNetwork(docker, deps.installation, net.key, { isolated: !!net.isolated })
      : undefined;
    // Fixed addresses written into every host's /etc/hosts: a peer stays resolvable even after
    // its container exits (Docker's DNS forgets stopped containers; SageMaker's hosts live on).
    const addresses = network && net?.peers?.length ? peerAddresses(network, net.peers) : undefined;
    const envelope = spec.envelope ? await envelopes.ensure(spec.envelope, type, deps.pidsLimit) : undefined;
    const jupyterEnv =
      spec.program.type === 'jupyter' ? { JUPYTER_TOKEN: spec.program.token, HOME: spec.program.home } : {};
    // The gateway is routed into networks with a way out only: an isolated instance reaches nothing.
    const identity = network && !net?.isolated && spec.identity ? spec.identity : undefined;
    if (identity) await gatewayRoutes.ensure(network!.name);
    const identityVars = identity ? identityEnv(`http://${GATEWAY_ADDRESS}`, identity) : {};
    const scratch = await scratchOf(spec, ids, memory);

    const options: Docker.ContainerCreateOptions = {
      name,
      Image: spec.image,
      Hostname: spec.host,
      ...commandOf(spec),
      // Secrets such as the Jupyter token travel only in the environment: labels and the command
      // line are listed by anyone who can run `docker ps`.
      Env: Object.entries({ ...spec.env, ...identityVars, ...jupyterEnv, ...NO_GPUS(type.gpus) }).map(
        ([k, v]) => `${k}=${v}`,
      ),
      ...(spec.user ? { User: `${spec.user.uid}:${spec.user.gid}` } : {}),
      Labels: {
        [managedLabel]: 'true',
        [installationLabel]: deps.installation,
        [kindLabel]: spec.kind,
        [resourceLabel]: spec.resourceId,
        [hostLabel]: spec.host,
        'tessera.instance-type': type.name,
        // What list() needs to rebuild the state after a restart.
        ...(spec.port ? { [portLabel]: String(spec.port) } : {}),
        ...(envelope ? { [envelopeLabel]: envelope } : {}),
      },
      ...(spec.port ? { ExposedPorts: { [`${spec.port}/tcp`]: {} } } : {}),
      HostConfig: {
        // Bind mounts (not -v), so a path with ':' in it cannot be misparsed.
        Mounts: [
          ...spec.mounts.map((m) => ({
            Type: 'bind' as const,
            Source: m.source,
            Target: m.target,
            ReadOnly: !!m.readOnly,
          })),
          ...scratch.binds,
        ],
        ReadonlyRootfs: true,
        Tmpfs: scratch.tmpfs,
        LogConfig: { Type: 'json-file', Config: { 'max-size': LOG_MAX_FILE, 'max-file': LOG_FILES } },
        // The engine refuses more CPUs than the host has: a larger instance type gets the whole host.
        NanoCpus: Math.round(Math.min(type.vcpu, cpus().length) * 1e9),
        Memory: memory,
        // No swap beyond the limit: an instance type's memory is what the instance gets, as on SageMaker.
        MemorySwap: memory,
        PidsLimit: deps.pidsLimit,
        // SageMaker gives containers a large /dev/shm (PyTorch data loaders need it).
        ShmSize: Math.min(memory, 2 ** 30),
        CapDrop: ['ALL'],
        CapAdd: spec.user ? [] : WORK_CAPABILITIES,
        SecurityOpt: ['no-new-privileges:true'],
        IpcMode: 'private',
        // tini as PID 1 forwards SIGTERM and reaps what the program leaves behind.
        Init: true,
        RestartPolicy: { Name: 'no' },
        NetworkMode: network?.name ?? 'none',
        // IPv6 link-local addresses would reach the host around the IPv4 rules.
        ...(network ? { Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1' } } : {}),
        ...(addresses ? { ExtraHosts: Object.entries(addresses).map(([h, ip]) => `${h}:${ip}`) } : {}),
        ...(envelope ? { CgroupParent: envelope } : {}),
        ...(type.gpus > 0 ? { DeviceRequests: [{ Driver: 'nvidia', Count: type.gpus, Capabilities: [['gpu']] }] } : {}),
      },
      ...(network
        ? {
            NetworkingConfig: {
              EndpointsConfig: {
                [network.name]: {
                  Aliases: [spec.host],
                  ...(addresses?.[spec.host] ? { IPAMConfig: { IPv4Address: addresses[spec.host] } } : {}),
                },
              },
            },
          }
        : {}),
    };
    // A stale container of the same name (a crash between start and persisting the state, or a
    // restart) is replaced; a concurrent removal can still make create answer 409.
    for (let attempt = 1; ; attempt++) {
      await removeQuietly(docker.getContainer(name));
      try {
        return { container: await docker.createContainer(options), network: network?.name ?? null, envelope };
      } catch (err) {
        if (statusOf(err) === 404 && /image/i.test(String((err as Error).message))) {
          throw new Error(
            `image ${spec.image} is not present on the Docker engine (nothing is pulled; ` +
              "scripts/docker.sh builds Tessera's images)",
          );
        }
        if (statusOf(err) !== 409 || attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  const runtime: Runtime = {
    name: 'docker',
    guarantees,
    // Redirected connections arrive at the bridge's own address, so every address is listened on
    // and only those of tenant networks (and loopback) are let in.
    gateway: {
      listen: '0.0.0.0',
      // From a tenant network only when the peer is on that network: the host accepts packets for
      // a bridge's address on any interface, so the address alone says nothing.
      admits: (local, remote) =>
        (isLoopback(local) && isLoopback(remote)) ||
        (isTenantGatewayAddress(local) && sameSubnet24(local, remote.replace(/^::ffff:/, ''))),
      // A restarted server listens on another port, and a server sharing this host may die: networks
      // that led to a gateway no longer listening are pointed at this one.
      async routed() {
        const networks = await docker.listNetworks({
          filters: { label: [`${installationLabel}=${deps.installation}`] },
        });
        const peers = new Set((await deps.peerGateways?.()) ?? []);
        await gatewayRoutes.adopt(
          networks.filter((n) => !n.Internal).map((n) => n.Name),
          peers,
        );
      },
    },

    async refusal(spec) {
      if (await inspectImage(spec.image)) return undefined;
      return (
        `the image ${spec.image} is not present on this host; nothing is pulled from a registry (scripts/docker.sh ` +
        "builds Tessera's images)"
      );
    },

    async gpusAvailable() {
      // Only a host with NVIDIA devices and the nvidia runtime can hand GPUs to containers.
      if (!existsSync('/dev/nvidia0') || !facts.runtimes.includes('nvidia')) return 0;
      return readdirSync('/dev').filter((n) => /^nvidia\d+$/.test(n)).length;
    },

    fileOwner: hostIds,

    createVolume: (dir, sizeGiB) => volumes.create(dir, sizeGiB),
    releaseVolume: (dir) => volumes.release(dir),

    async start(spec) {
      const name = containerName(spec);
      const { container, network, envelope } = await create(spec, name);
      try {
        await container.start();
        const info = await container.inspect();
        const address = network ? (info.NetworkSettings.Networks?.[network]?.IPAddress ?? null) : null;
        if (spec.port && !address) throw new Error(`container ${name} has no address to reach port ${spec.port} at`);
        const state: DockerState = {
          containerId: container.id,
          network,
          address,
          port: spec.port ?? null,
          envelope: envelope ?? null,
          hostPort: null,
        };
        return { ...state };
      } catch (err) {
        await removeQuietly(container);
        throw err;
      }
    },

    url(state) {
      const s = parse(state);
      if (s.address && s.port) return `http://${s.address}:${s.port}`;
      if (s.hostPort) return `http://127.0.0.1:${s.hostPort}`;
      throw new Error('the instance serves on no port');
    },

    poll: (state) => pollContainer(containerOf(state)),

    async wait(state) {
      try {
        const r = (await containerOf(state).wait()) as { StatusCode: number };
        return r.StatusCode;
      } catch (err) {
        if (statusOf(err) === 404) return -1;
        throw err;
      }
    },

    stop: (state, opts) => stopContainer(containerOf(state), opts?.graceMs),

    async remove(state) {
      const s = parse(state);
      await removeQuietly(docker.getContainer(s.containerId));
      if (s.network && (await releaseNetwork(docker, s.network))) await gatewayRoutes.release(s.network);
      if (s.envelope) await envelopes.release(s.envelope);
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

    async followLogs(state, sinceMs, onLines, signal) {
      let stream: NodeJS.ReadableStream;
      try {
        stream = (await containerOf(state).logs({
          follow: true,
          stdout: true,
          stderr: true,
          timestamps: true,
          since: Math.floor(sinceMs / 1000),
        })) as NodeJS.ReadableStream;
      } catch (err) {
        if (statusOf(err) === 404) return;
        throw err;
      }
      await readFrames(stream, sinceMs, onLines, signal);
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

    async exec(state, cmd, opts) {
      const container = containerOf(state);
      const info = await container.inspect();
      // Host paths of the instance's mounts (as given, and resolved), longest first, become where
      // they appear inside.
      const mounts = (
        await Promise.all(
          (info.Mounts ?? []).map(async (m) => [
            { from: m.Source, to: m.Destination },
            { from: await realpath(m.Source).catch(() => m.Source), to: m.Destination },
          ]),
        )
      )
        .flat()
        .sort((a, b) => b.from.length - a.from.length);
      const inside = (p: string) => {
        for (const m of mounts) if (p === m.from || p.startsWith(`${m.from}/`)) return m.to + p.slice(m.from.length);
        return p;
      };
      const mapArg = (a: string) => {
        const eq = a.startsWith('--') ? a.indexOf('=') : -1;
        return eq > 0 ? `${a.slice(0, eq + 1)}${inside(a.slice(eq + 1))}` : inside(a);
      };
      return dockerExec(docker, container, cmd.map(mapArg), { ...opts, cwd: inside(opts.cwd) });
    },

    async list() {
      const rows = await docker.listContainers({
        all: true,
        filters: { label: [`${managedLabel}=true`, `${installationLabel}=${deps.installation}`] },
      });
      const found: DiscoveredInstance[] = [];
      for (const row of rows) {
        const legacyApp = row.Labels[legacyAppLabel];
        const kind = (row.Labels[kindLabel] ?? (legacyApp ? 'App' : undefined)) as WorkloadKind | undefined;
        if (!kind) continue;
        const net = Object.entries(row.NetworkSettings?.Networks ?? {})[0];
        const port = row.Ports.find((p) => p.PublicPort)?.PublicPort;
        found.push({
          kind,
          resourceId: row.Labels[resourceLabel] ?? legacyApp ?? '',
          host: row.Labels[hostLabel] ?? 'app',
          state: {
            containerId: row.Id,
            network: net && net[0].startsWith('tsr') ? net[0] : null,
            address: net?.[1]?.IPAddress || null,
            port: Number(row.Labels[portLabel]) || null,
            envelope: row.Labels[envelopeLabel] ?? null,
            hostPort: port ?? null,
          },
        });
      }
      return found;
    },
  };
  return { runtime, notes };
}
