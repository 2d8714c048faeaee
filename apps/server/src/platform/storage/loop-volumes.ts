// Storage volumes bounded at VolumeSizeInGB, as SageMaker's ML storage volume is: a sparse file
// formatted ext4 and loop-mounted (nosuid, nodev) on the instance's directory. A write past the
// size fails inside the container with "No space left on device" and the host's disk is not
// touched beyond it. The file takes only what is written. Needs root, loop devices and
// mkfs.ext4; elsewhere `unsupported` says why and volumes are plain directories.
// Two kinds: an instance's scratch volume is made fresh for each start and goes with it; a kept
// volume (a Studio home, as SageMaker's space EBS volume) is made once, with a journal, and is
// mounted again wherever it is not (after a reboot).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, statfs } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { copyTree, measureTree } from './copy-tree.ts';
import { removeTree } from './inside-dir.ts';

const run = promisify(execFile);
/** Disk kept free for the server itself (database, objects, logs) whatever volumes are asked for. */
const RESERVE_BYTES = 2 * 2 ** 30;

export interface Volumes {
  readonly unsupported: string | undefined;
  /** A fresh, empty volume on `dir` (see Runtime.createVolume). */
  create(dir: string, sizeGiB: number): Promise<void>;
  /**
   * `dir` (a directory that exists) on a kept volume of `sizeGiB`, mounted if it is not. A `dir`
   * that has none yet gets one only when `adopt` (asked only then) says nothing else has it open (a
   * container started before would go on seeing the directory beneath): what it holds moves onto
   * the new volume. True when `dir` is on its volume now.
   */
  keep(dir: string, sizeGiB: number, opts: { adopt: () => Promise<boolean> }): Promise<boolean>;
  /** Mounts `dir`'s kept volume where it has one that is not mounted; never makes one. */
  attach(dir: string): Promise<void>;
  /** Unmounts `dir`'s kept volume and keeps it, for a later `attach` or `keep`. */
  detach(dir: string): Promise<void>;
  /** Unmounts every volume at or below `dir` and deletes it, kept ones too. */
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
  const kept = join(images, 'kept');
  const hashOf = (dir: string) => createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 24);
  const imageOf = (dir: string) => join(images, `${hashOf(dir)}.img`);
  const keptImageOf = (dir: string) => join(kept, `${hashOf(dir)}.img`);
  const exists = (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    );
  // keep, attach and release of one directory run one after another.
  const queues = new Map<string, Promise<unknown>>();
  function serially<T>(dir: string, work: () => Promise<T>): Promise<T> {
    const key = resolve(dir);
    const next = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(work);
    queues.set(key, next);
    void next.finally(() => queues.get(key) === next && queues.delete(key)).catch(() => undefined);
    return next;
  }

  /**
   * Volumes are sparse: they take disk as they are written. Each new one must still fit in what the
   * disk has left once every existing volume is written full, so that no instance filling its own
   * volume can fill the host's disk. Kept volumes (homes, in kept/) are held to their own size but
   * not promised in full: there is one per user, and like home quotas they are overcommitted.
   */
  async function assertRoom(sizeBytes: number) {
    const fs = await statfs(images);
    let promised = 0;
    for (const name of await readdir(images).catch(() => [] as string[])) {
      if (!name.endsWith('.img')) continue;
      const st = await stat(join(images, name)).catch(() => undefined);
      if (st) promised += Math.max(0, st.size - st.blocks * 512);
    }
    const left = fs.bavail * fs.bsize - promised - RESERVE_BYTES;
    if (sizeBytes > left) {
      const gib = (n: number) => (n / 2 ** 30).toFixed(1);
      throw new Error(
        `CapacityError: a volume of ${gib(sizeBytes)} GiB was asked for and this host has ` +
          `${gib(Math.max(0, left))} GiB left for volumes; ask for less (VolumeSizeInGB, or ` +
          'DefaultEbsVolumeSizeInGb for a Studio home), or wait for other work to end',
      );
    }
  }

  const mebibytes = (sizeGiB: number) => Math.max(1, Math.round(sizeGiB * 1024));

  /** A new file system of `sizeGiB` in `image`; no reserved blocks: all of it is the user's. */
  async function format(image: string, sizeGiB: number, opts: { journal: boolean; inodes?: number }) {
    await rm(image, { force: true });
    await assertRoom(mebibytes(sizeGiB) * 2 ** 20);
    await run('truncate', ['-s', `${mebibytes(sizeGiB)}M`, image]);
    const features = opts.journal ? [] : ['-O', '^has_journal'];
    const inodes = opts.inodes ? ['-N', String(opts.inodes)] : [];
    // The image is a new sparse file, zeros already: nothing needs writing to initialise it.
    const lazy = ['-E', 'lazy_itable_init=1,lazy_journal_init=1,nodiscard'];
    await run('mkfs.ext4', ['-q', '-F', '-m', '0', ...features, ...inodes, ...lazy, image]);
  }

  async function mount(image: string, dir: string) {
    await run('mount', ['-o', 'loop,nosuid,nodev', image, dir]);
    // lost+found is mkfs's, not the user's.
    await rmdir(join(dir, 'lost+found')).catch(() => undefined);
  }

  async function make(dir: string, sizeGiB: number) {
    await mkdir(dir, { recursive: true });
    if (await mounted(dir)) return;
    await mkdir(images, { recursive: true });
    // No journal: scratch space for one instance, gone with it.
    await format(imageOf(dir), sizeGiB, { journal: false });
    await mount(imageOf(dir), dir);
  }

  /**
   * A kept volume for a plain `dir`, holding what `dir` holds. The image is complete (copied,
   * unmounted, renamed into place) before anything of `dir` is removed: a crash in between leaves
   * either the plain directory as it was, or the volume with a stale copy beneath it.
   */
  async function adopt(dir: string, sizeGiB: number) {
    await mkdir(kept, { recursive: true });
    const image = keptImageOf(dir);
    const partial = `${image}.partial`;
    const staging = `${image}.adopting`;
    // What a crash left of an earlier try goes first.
    await run('umount', ['-l', staging]).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    // Room and inodes for what the directory already holds, whatever the size asked for; an inode
    // per 8 KiB besides (ext4's default of one per 16 KiB runs out first with environments of
    // small files).
    const held = await measureTree(dir);
    const gib = Math.max(sizeGiB, Math.ceil((held.bytes * 1.1) / 2 ** 30));
    const inodes = Math.max(Math.ceil((gib * 2 ** 30) / 8192), Math.ceil(held.inodes * 1.2));
    await format(partial, gib, { journal: true, inodes });
    await mkdir(staging, { recursive: true });
    await mount(partial, staging);
    try {
      await copyTree(dir, staging, gib * 2 ** 30);
    } finally {
      await run('umount', [staging]).catch(() => run('umount', ['-l', staging]));
      await rmdir(staging).catch(() => undefined);
    }
    await rename(partial, image);
    // What the plain directory held now lives on the volume; it goes without following its links.
    for (const name of await readdir(dir)) await removeTree(join(dir, name));
    await mount(image, dir);
  }

  async function release(dir: string) {
    for (const point of await mountsUnder(dir)) {
      // Lazily if still busy (a container not yet gone): the kernel detaches it when it is free.
      await run('umount', [point]).catch(() => run('umount', ['-l', point]));
      await rm(imageOf(point), { force: true });
      await rm(keptImageOf(point), { force: true });
    }
    await rm(imageOf(dir), { force: true });
    await rm(keptImageOf(dir), { force: true });
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
    async keep(dir, sizeGiB, opts) {
      if (unsupported) return false;
      return serially(dir, async () => {
        if (await mounted(dir)) return true;
        if (await exists(keptImageOf(dir))) {
          await mount(keptImageOf(dir), dir);
          return true;
        }
        if (!(await opts.adopt())) return false;
        await adopt(dir, sizeGiB);
        return true;
      });
    },
    async attach(dir) {
      if (unsupported) return;
      await serially(dir, async () => {
        if (!(await mounted(dir)) && (await exists(keptImageOf(dir)))) await mount(keptImageOf(dir), dir);
      });
    },
    async detach(dir) {
      if (unsupported) return;
      await serially(dir, async () => {
        if (await mounted(dir)) await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
      });
    },
    async release(dir) {
      if (unsupported) return;
      await serially(dir, () => release(dir));
    },
  };
}
