// Envelopes: instances that share one instance type's CPU, memory and PIDs (a user profile's
// apps on one instance type are one instance, as in Studio) run under one cgroup made here with
// the type's limits; each container names it as its cgroup parent, so the kernel holds them to the
// limits together. This needs the engine's cgroupfs driver (cgroup v1 or v2) and a server that may
// write /sys/fs/cgroup; elsewhere `supported` is false and each container keeps only its own limits.
import { mkdir, rmdir, writeFile, access } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { InstanceType } from '../contract.ts';

const ROOT = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

export interface Envelopes {
  /** Why envelopes cannot be kept here; undefined when they can. */
  readonly unsupported: string | undefined;
  /** The cgroup parent of `key`'s envelope with `type`'s limits set (idempotent); undefined when unsupported. */
  ensure(key: string, type: InstanceType, pidsLimit: number): Promise<string | undefined>;
  /** Removes the envelope's cgroup once nothing runs in it. */
  release(parent: string): Promise<void>;
}

export async function createEnvelopes(opts: {
  installation: string;
  cgroupDriver: string;
  cgroupVersion: '1' | '2';
}): Promise<Envelopes> {
  const v1 = opts.cgroupVersion === '1';
  const dirsOf = (parent: string) =>
    v1 ? ['cpu', 'memory', 'pids'].map((c) => join(ROOT, c, parent)) : [join(ROOT, parent)];

  async function write(dir: string, file: string, value: string) {
    await writeFile(join(dir, file), value);
  }

  async function limit(parent: string, type: InstanceType, pidsLimit: number) {
    const memory = String(Math.round(type.memoryGiB * 2 ** 30));
    const quota = String(Math.round(type.vcpu * PERIOD_US));
    if (v1) {
      const [cpu, mem, pids] = dirsOf(parent) as [string, string, string];
      for (const d of [cpu, mem, pids]) await mkdir(d, { recursive: true });
      await write(cpu, 'cpu.cfs_period_us', String(PERIOD_US));
      await write(cpu, 'cpu.cfs_quota_us', quota);
      await write(mem, 'memory.limit_in_bytes', memory);
      // No swap beyond the limit, as each container's own MemorySwap says.
      await write(mem, 'memory.memsw.limit_in_bytes', memory).catch(() => undefined);
      await write(pids, 'pids.max', String(pidsLimit));
      return;
    }
    // cgroup v2: controllers must be enabled in every ancestor for the leaf to use them.
    const segments = parent.split('/').filter(Boolean);
    let dir = ROOT;
    for (const seg of segments) {
      await write(dir, 'cgroup.subtree_control', '+cpu +memory +pids').catch(() => undefined);
      dir = join(dir, seg);
      await mkdir(dir, { recursive: true });
    }
    await write(dir, 'cpu.max', `${quota} ${PERIOD_US}`);
    await write(dir, 'memory.max', memory);
    await write(dir, 'memory.swap.max', '0').catch(() => undefined);
    await write(dir, 'pids.max', String(pidsLimit));
    await write(dir, 'cgroup.subtree_control', '+cpu +memory +pids').catch(() => undefined);
  }

  const parentOf = (key: string) =>
    `/tessera/e${createHash('sha256').update(`${opts.installation}\0${key}`).digest('hex').slice(0, 16)}`;

  let unsupported: string | undefined;
  if (opts.cgroupDriver !== 'cgroupfs') {
    unsupported = `the engine's cgroup driver is ${opts.cgroupDriver}, and envelopes are kept on the cgroupfs driver`;
  } else {
    // A probe: can this server make a cgroup with limits where the engine will look for it?
    const probe = parentOf('probe');
    try {
      await access(v1 ? join(ROOT, 'memory') : join(ROOT, 'cgroup.controllers'));
      await limit(probe, { name: 'probe', vcpu: 1, memoryGiB: 1, gpus: 0 }, 64);
      for (const d of dirsOf(probe)) await rmdir(d).catch(() => undefined);
    } catch (err) {
      unsupported = `cgroups with limits could not be made under ${ROOT}: ${(err as Error).message}`;
    }
  }

  return {
    unsupported,
    async ensure(key, type, pidsLimit) {
      if (unsupported) return undefined;
      const parent = parentOf(key);
      await limit(parent, type, pidsLimit);
      return parent;
    },
    async release(parent) {
      if (unsupported || !parent.startsWith('/tessera/')) return;
      // Fails (EBUSY) while a container still runs in it: the next release removes it.
      for (const d of dirsOf(parent)) await rmdir(d).catch(() => undefined);
    },
  };
}
