// The docker work backend: each SageMaker instance is a labelled container, /opt/ml bind-mounted
// from the job's directory on this host, limited to its instance type's vCPUs and memory. Labels
// let `list()` find containers after a restart; the persisted state is { containerId, hostPort }.
import { cpus } from 'node:os';
import Docker from 'dockerode';
import type { BackendState } from './backend.ts';
import {
  installationLabel,
  managedLabel,
  pollContainer,
  removeQuietly,
  startContainer,
  statusOf,
  stopContainer,
} from './docker.ts';
import type { DiscoveredWork, LogLine, WorkBackend, WorkContainerSpec, WorkKind } from './work.ts';

const kindLabel = 'tessera.work-kind';
const resourceLabel = 'tessera.work-resource';
const hostLabel = 'tessera.work-host';

export const workContainerName = (spec: Pick<WorkContainerSpec, 'kind' | 'resourceId' | 'host'>) =>
  `tessera-${spec.kind.toLowerCase()}-${spec.resourceId}-${spec.host}`;

export function createDockerWorkBackend(deps: { socketPath: string; installation: string }): WorkBackend {
  const docker = new Docker({ socketPath: deps.socketPath });
  const containerOf = (state: BackendState) => docker.getContainer(String(state.containerId));

  return {
    name: 'docker',
    missingImageHint: "nothing is pulled from a registry (scripts/docker.sh builds Tessera's images)",

    async imageExists(image) {
      try {
        await docker.getImage(image).inspect();
        return true;
      } catch {
        return false;
      }
    },

    async ensureNetwork(name) {
      const existing = await docker.listNetworks({ filters: { name: [name] } });
      if (existing.some((n) => n.Name === name)) return;
      // Internal: the hosts of a job talk to each other, and only to each other. The subnet is
      // chosen here (not by the engine) because fixed addresses need a user-configured subnet.
      for (let attempt = 0; ; attempt++) {
        const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`;
        try {
          await docker.createNetwork({
            Name: name,
            Driver: 'bridge',
            Internal: true,
            IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
            Labels: { [managedLabel]: 'true', [installationLabel]: deps.installation },
          });
          return;
        } catch (err) {
          if (statusOf(err) === 409) return;
          // "Pool overlaps with other one on this address space": try another subnet.
          if (attempt >= 10 || !/overlap/i.test(String((err as Error).message))) throw err;
        }
      }
    },

    async removeNetwork(name) {
      try {
        await docker.getNetwork(name).remove();
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    },

    async start(spec) {
      const memory = Math.round(spec.instanceType.memoryGiB * 2 ** 30);
      const portKey = spec.servePort ? `${spec.servePort}/tcp` : undefined;
      const name = workContainerName(spec);
      await removeQuietly(docker.getContainer(name));
      // Fixed addresses written into every host's /etc/hosts: a peer stays resolvable even after
      // its container exits (Docker's DNS forgets stopped containers; SageMaker's hosts live on).
      const addresses =
        spec.network && spec.peers?.length ? await peerAddresses(docker, spec.network, spec.peers) : undefined;
      let container: Docker.Container;
      try {
        container = await docker.createContainer({
          name,
          Image: spec.image,
          Hostname: spec.host,
          ...(spec.command ? { Cmd: spec.command } : {}),
          ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
          Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
          Labels: {
            [managedLabel]: 'true',
            [installationLabel]: deps.installation,
            [kindLabel]: spec.kind,
            [resourceLabel]: spec.resourceId,
            [hostLabel]: spec.host,
            'tessera.instance-type': spec.instanceType.name,
          },
          ...(portKey ? { ExposedPorts: { [portKey]: {} } } : {}),
          HostConfig: {
            Mounts: [
              { Type: 'bind', Source: spec.optMlDir, Target: '/opt/ml', ReadOnly: false },
              ...(spec.mounts ?? []).map((m) => ({
                Type: 'bind' as const,
                Source: m.source,
                Target: m.target,
                ReadOnly: false,
              })),
            ],
            ...(portKey ? { PortBindings: { [portKey]: [{ HostIp: '127.0.0.1', HostPort: '0' }] } } : {}),
            // The engine refuses more CPUs than the host has: a larger instance type gets the whole host.
            NanoCpus: Math.round(Math.min(spec.instanceType.vcpu, cpus().length) * 1e9),
            Memory: memory,
            MemorySwap: memory,
            // SageMaker gives containers a large /dev/shm (PyTorch data loaders need it).
            ShmSize: Math.min(memory, 2 ** 30),
            Init: true,
            RestartPolicy: { Name: 'no' },
            ...(spec.network ? { NetworkMode: spec.network } : {}),
            ...(addresses ? { ExtraHosts: Object.entries(addresses).map(([h, ip]) => `${h}:${ip}`) } : {}),
            ...(spec.instanceType.gpus > 0
              ? { DeviceRequests: [{ Driver: 'nvidia', Count: spec.instanceType.gpus, Capabilities: [['gpu']] }] }
              : {}),
          },
          ...(spec.network
            ? {
                NetworkingConfig: {
                  EndpointsConfig: {
                    [spec.network]: {
                      Aliases: [spec.host],
                      ...(addresses?.[spec.host] ? { IPAMConfig: { IPv4Address: addresses[spec.host] } } : {}),
                    },
                  },
                },
              }
            : {}),
        });
      } catch (err) {
        if (statusOf(err) === 404)
          throw new Error(
            `image ${spec.image} is not present on the Docker engine (nothing is pulled; scripts/docker.sh builds Tessera's images)`,
          );
        throw err;
      }
      return startContainer(container, portKey);
    },

    url(state) {
      if (typeof state.hostPort !== 'number') throw new Error('the container publishes no port');
      return `http://127.0.0.1:${state.hostPort}`;
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
      await removeQuietly(containerOf(state));
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

    async list() {
      const rows = await docker.listContainers({
        all: true,
        filters: { label: [`${managedLabel}=true`, `${installationLabel}=${deps.installation}`, kindLabel] },
      });
      const found: DiscoveredWork[] = [];
      for (const row of rows) {
        const port = row.Ports.find((p) => p.PublicPort)?.PublicPort;
        found.push({
          kind: row.Labels[kindLabel] as WorkKind,
          resourceId: row.Labels[resourceLabel] ?? '',
          host: row.Labels[hostLabel] ?? '',
          state: { containerId: row.Id, hostPort: port ?? null },
        });
      }
      return found;
    },
  };
}

/** host → address in the network's subnet: the n-th peer gets .(10 + n). */
async function peerAddresses(docker: Docker, network: string, peers: string[]): Promise<Record<string, string>> {
  const info = (await docker.getNetwork(network).inspect()) as { IPAM?: { Config?: { Subnet?: string }[] } };
  const subnet = info.IPAM?.Config?.[0]?.Subnet;
  const base = subnet ? /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet)?.[1] : undefined;
  if (!base) throw new Error(`network ${network} has no /24 subnet to give its hosts fixed addresses`);
  return Object.fromEntries(peers.map((h, i) => [h, `${base}.${10 + i}`]));
}

/**
 * Reads Docker's multiplexed log stream (8-byte frame headers) with `timestamps: true`: every line
 * starts with an RFC 3339 time. Lines at or before `sinceMs` were stored already (Docker's `since`
 * has whole-second precision) and are dropped. Delivered in batches so a chatty container costs
 * one write per batch, not per line.
 */
async function readFrames(
  stream: NodeJS.ReadableStream,
  sinceMs: number,
  onLines: (lines: LogLine[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  let pending = Buffer.alloc(0);
  let partial = '';
  let batch: LogLine[] = [];
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    if (!batch.length) return;
    const lines = batch;
    batch = [];
    chain = chain.then(() => onLines(lines));
  };
  const timer = setInterval(flush, 100);
  const take = (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const space = line.indexOf(' ');
      const timestamp = Date.parse(line.slice(0, space));
      if (!Number.isFinite(timestamp) || timestamp <= sinceMs) continue;
      batch.push({ timestamp, message: line.slice(space + 1).replace(/\r$/, '') });
    }
    if (batch.length >= 500) flush();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const abort = () => {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        resolve();
      };
      signal?.addEventListener('abort', abort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 8) {
          const type = pending[0];
          if (type !== 0 && type !== 1 && type !== 2) {
            // A TTY container's stream is not framed.
            take(pending.toString('utf8'));
            pending = Buffer.alloc(0);
            break;
          }
          const size = pending.readUInt32BE(4);
          if (pending.length < 8 + size) break;
          take(pending.subarray(8, 8 + size).toString('utf8'));
          pending = pending.subarray(8 + size);
        }
      });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    if (partial) take('\n');
  } finally {
    clearInterval(timer);
    flush();
    await chain;
  }
}
