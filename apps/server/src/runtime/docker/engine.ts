// What every use of the Docker Engine API here shares: labels, the answers of a container's
// life (poll, stop, remove), its framed output, and its resource use.
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import type { InstanceUsage, LogLine } from '../contract.ts';

export const defaultDockerSocket = '/var/run/docker.sock';
export const managedLabel = 'tessera.managed';
/** Which Tessera installation started a container: several may share one engine (tests do). */
export const installationLabel = 'tessera.installation';
export const kindLabel = 'tessera.work-kind';
export const resourceLabel = 'tessera.work-resource';
export const hostLabel = 'tessera.work-host';
/** Containers of apps started before the runtime was one piece carry only this. */
export const legacyAppLabel = 'tessera.app';

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

export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
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

/**
 * Reads Docker's multiplexed log stream (8-byte frame headers) with `timestamps: true`: every line
 * starts with an RFC 3339 time. Lines at or before `sinceMs` were stored already (Docker's `since`
 * has whole-second precision) and are dropped. Delivered in batches so a chatty container costs
 * one write per batch, not per line.
 */
export async function readFrames(
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
