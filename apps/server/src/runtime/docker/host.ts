// What the Docker engine tells about the host it runs containers on, read once at start-up:
// whether container root is remapped (user namespaces) and to which host ids, the cgroup layout
// (for envelopes), and the host's size.
import type Docker from 'dockerode';

export interface EngineFacts {
  /** Host ids container uid/gid 0 map to under `--userns-remap`; undefined when containers share the host's ids. */
  idBase: { uid: number; gid: number } | undefined;
  cgroupDriver: string;
  cgroupVersion: '1' | '2';
  cpus: number;
  memoryBytes: number;
  /** Runtimes the engine offers (`nvidia` for GPUs). */
  runtimes: string[];
}

export async function engineFacts(docker: Docker): Promise<EngineFacts> {
  const info = (await docker.info()) as {
    SecurityOptions?: string[];
    DockerRootDir?: string;
    CgroupDriver?: string;
    CgroupVersion?: string;
    NCPU?: number;
    MemTotal?: number;
    Runtimes?: Record<string, unknown>;
  };
  const remapped = (info.SecurityOptions ?? []).some((o) => o.split(',').includes('name=userns'));
  // Under --userns-remap the engine keeps its data in <root>/<uid>.<gid>: the ids root maps to.
  const ids = /\/(\d+)\.(\d+)\/?$/.exec(info.DockerRootDir ?? '');
  return {
    idBase: remapped && ids ? { uid: Number(ids[1]), gid: Number(ids[2]) } : undefined,
    cgroupDriver: info.CgroupDriver ?? 'cgroupfs',
    cgroupVersion: info.CgroupVersion === '2' ? '2' : '1',
    cpus: info.NCPU ?? 1,
    memoryBytes: info.MemTotal ?? 0,
    runtimes: Object.keys(info.Runtimes ?? {}),
  };
}
