// Home storage: the EFS analog. A domain owns a directory; each user profile a home directory
// inside it that outlives every app, named by a key no other profile ever gets (its
// HomeEfsFileSystemUid, resources/profiles/home-key.ts), never by its name: a name given to
// someone else after its profile was deleted must not hand them the old owner's files.
// Where the host can (loop-volumes.ts), each home is a volume of its own, bounded as SageMaker
// bounds a space's EBS volume: a kernel that fills its home fills only that, not the disk the
// database, the objects and every other home live on.
import { access, lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { chownTree } from './chown-tree.ts';
import { removeTree } from './inside-dir.ts';
import type { Volumes } from './loop-volumes.ts';

export interface HomeStorage {
  domainDir(domainId: string): string;
  profileDir(domainId: string, homeKey: string): string;
  ensureDomain(domainId: string, fileSystemId: string): Promise<void>;
  domainExists(domainId: string): Promise<boolean>;
  /**
   * Makes the profile's home, owned by `owner` (the host ids its apps' user maps to). A home owned
   * by anyone else (made before apps ran as their profile's user) is given to `owner` whole.
   * With `volume`, the home is (or becomes, see Volumes.keep) a volume of `sizeGiB`. True when the
   * home is on its own volume now.
   */
  ensureProfile(
    domainId: string,
    homeKey: string,
    opts?: { owner?: { uid: number; gid: number }; volume?: { sizeGiB: number; adopt: () => Promise<boolean> } },
  ): Promise<boolean>;
  /**
   * The host path of the profile's home, its volume mounted if it has one: for the server's own
   * reads and writes there while no app of the profile runs (after a reboot, say).
   */
  openProfile(domainId: string, homeKey: string): Promise<string>;
  /** The profile is gone: its home stays (as EFS keeps it), its volume unmounted. */
  closeProfile(domainId: string, homeKey: string): Promise<void>;
  /**
   * Once per installation: homes made when they were named by profile name move to their live
   * profile's key. Later profiles never look at names, so a reused name finds no one's home.
   */
  adoptNamedHomes(profiles: { domainId: string; key: string; name: string }[]): Promise<number>;
  /** Removes the domain's storage (its homes' volumes first) without following any link a tenant left in a home. */
  removeDomain(domainId: string): Promise<void>;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
const isDir = (p: string) =>
  lstat(p).then(
    (st) => st.isDirectory(),
    () => false,
  );

export function createHomeStorage(
  root: string,
  volumes: Pick<Volumes, 'keep' | 'attach' | 'detach' | 'release'>,
): HomeStorage {
  const domainDir = (domainId: string) => join(root, domainId);
  // Homes by key live in homes/; home/ held them by profile name before (adoptNamedHomes), so no
  // name left there (a retained home of a deleted profile named "200007") is ever a key's home.
  const profileDir = (domainId: string, homeKey: string) => join(root, domainId, 'homes', homeKey);
  return {
    domainDir,
    profileDir,
    async ensureDomain(domainId, fileSystemId) {
      await mkdir(join(domainDir(domainId), 'homes'), { recursive: true });
      await writeFile(join(domainDir(domainId), '.filesystem-id'), fileSystemId);
    },
    async domainExists(domainId) {
      return access(join(domainDir(domainId), '.filesystem-id')).then(
        () => true,
        () => false,
      );
    },
    async ensureProfile(domainId, key, opts = {}) {
      const dir = profileDir(domainId, key);
      // Not recursive: if the domain's storage was removed meanwhile, fail rather than recreate it.
      for (const d of [dirname(dir), dir])
        await mkdir(d).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err;
        });
      let onVolume = false;
      if (opts.volume) onVolume = await volumes.keep(dir, opts.volume.sizeGiB, { adopt: opts.volume.adopt });
      else await volumes.attach(dir);
      const { owner } = opts;
      if (!owner) return onVolume;
      const st = await lstat(dir);
      if (st.uid !== owner.uid || st.gid !== owner.gid) await chownTree(dir, owner.uid, owner.gid);
      return onVolume;
    },
    async adoptNamedHomes(profiles) {
      const marker = join(root, '.homes-by-profile-id');
      if (await exists(marker)) return 0;
      let moved = 0;
      for (const p of profiles) {
        const named = join(domainDir(p.domainId), 'home', p.name);
        if (!(await isDir(named)) || (await exists(profileDir(p.domainId, p.key)))) continue;
        await mkdir(dirname(profileDir(p.domainId, p.key)), { recursive: true });
        await rename(named, profileDir(p.domainId, p.key));
        moved++;
      }
      await mkdir(root, { recursive: true });
      await writeFile(marker, `${new Date().toISOString()}\n`);
      return moved;
    },
    async openProfile(domainId, key) {
      const dir = profileDir(domainId, key);
      await volumes.attach(dir);
      return dir;
    },
    async closeProfile(domainId, key) {
      await volumes.detach(profileDir(domainId, key));
    },
    async removeDomain(domainId) {
      // Every home's volume, mounted or not, then the tree.
      const homes = join(domainDir(domainId), 'homes');
      for (const key of await readdir(homes).catch(() => [] as string[])) await volumes.release(join(homes, key));
      await volumes.release(domainDir(domainId));
      await removeTree(domainDir(domainId));
    },
  };
}
