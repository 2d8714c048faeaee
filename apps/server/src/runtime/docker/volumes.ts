// Storage volumes bounded at VolumeSizeInGB, as SageMaker's ML storage volume is: a sparse file
// formatted ext4 and loop-mounted (nosuid, nodev) on the instance's directory. A write past the
// size fails inside the container with "No space left on device" and the host's disk is not
// touched beyond it. The file takes only what is written. Needs root, loop devices and
// mkfs.ext4; elsewhere `unsupported` says why and volumes are plain directories.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Volumes {
  readonly unsupported: string | undefined;
  create(dir: string, sizeGiB: number): Promise<void>;
  release(dir: string): Promise<void>;
}

/** Mount points at or below `dir`, deepest first (in this server's mount namespace, which the engine shares). */
async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  const root = resolve(dir);
  const points = table
    .split('\n')
    // Field 5 is the mount point, with spaces and the like octal-escaped.
    .map((line) => line.split(' ')[4]?.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p): p is string => !!p && (p === root || p.startsWith(`${root}/`)));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

const mounted = async (dir: string) => (await mountsUnder(dir)).includes(resolve(dir));

export async function createVolumes(stateDir: string): Promise<Volumes> {
  const images = join(stateDir, 'volumes');
  const imageOf = (dir: string) =>
    join(images, `${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 24)}.img`);

  async function make(dir: string, sizeGiB: number) {
    await mkdir(dir, { recursive: true });
    if (await mounted(dir)) return;
    await mkdir(images, { recursive: true });
    const image = imageOf(dir);
    await rm(image, { force: true });
    await run('truncate', ['-s', `${Math.max(1, Math.round(sizeGiB * 1024))}M`, image]);
    // No journal and no reserved blocks: scratch space for one instance, all of it the user's.
    await run('mkfs.ext4', ['-q', '-F', '-m', '0', '-O', '^has_journal', '-E', 'lazy_itable_init=1', image]);
    await run('mount', ['-o', 'loop,nosuid,nodev', image, dir]);
    // lost+found is mkfs's, not the instance's.
    await rmdir(join(dir, 'lost+found')).catch(() => undefined);
  }

  async function release(dir: string) {
    for (const point of await mountsUnder(dir)) {
      // Lazily if still busy (a container not yet gone): the kernel detaches it when it is free.
      await run('umount', [point]).catch(() => run('umount', ['-l', point]));
      await rm(imageOf(point), { force: true });
    }
    await rm(imageOf(dir), { force: true });
  }

  let unsupported: string | undefined;
  if (process.getuid?.() !== 0) unsupported = 'the server does not run as root, which mounting volumes needs';
  else {
    const probe = join(stateDir, 'volumes-probe');
    try {
      await make(probe, 0.02);
      await release(probe);
      await rm(probe, { recursive: true, force: true });
    } catch (err) {
      unsupported = `a loop-mounted ext4 volume could not be made: ${(err as Error).message.split('\n')[0]}`;
      await rm(probe, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  return {
    unsupported,
    async create(dir, sizeGiB) {
      if (unsupported) return void (await mkdir(dir, { recursive: true }));
      await make(dir, sizeGiB);
    },
    async release(dir) {
      if (unsupported) return;
      await release(dir);
    },
  };
}
