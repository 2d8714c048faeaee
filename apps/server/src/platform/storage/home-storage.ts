// Home storage: the EFS analog. A domain owns a directory; each user profile a home directory
// inside it that outlives every app.
import { access, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chownTree } from './chown-tree.ts';

export interface HomeStorage {
  domainDir(domainId: string): string;
  profileDir(domainId: string, profileName: string): string;
  ensureDomain(domainId: string, fileSystemId: string): Promise<void>;
  domainExists(domainId: string): Promise<boolean>;
  /**
   * Makes the profile's home, owned by `owner` (the host ids its apps' user maps to). A home owned
   * by anyone else (made before apps ran as their profile's user) is given to `owner` whole.
   */
  ensureProfile(domainId: string, profileName: string, owner?: { uid: number; gid: number }): Promise<void>;
  removeDomain(domainId: string): Promise<void>;
}

export function createHomeStorage(root: string): HomeStorage {
  const domainDir = (domainId: string) => join(root, domainId);
  const profileDir = (domainId: string, profileName: string) => join(root, domainId, 'home', profileName);
  return {
    domainDir,
    profileDir,
    async ensureDomain(domainId, fileSystemId) {
      await mkdir(join(domainDir(domainId), 'home'), { recursive: true });
      await writeFile(join(domainDir(domainId), '.filesystem-id'), fileSystemId);
    },
    async domainExists(domainId) {
      return access(join(domainDir(domainId), '.filesystem-id')).then(
        () => true,
        () => false,
      );
    },
    async ensureProfile(domainId, profileName, owner) {
      const dir = profileDir(domainId, profileName);
      // Not recursive: if the domain's storage was removed meanwhile, fail rather than recreate it.
      await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      if (!owner) return;
      const st = await lstat(dir);
      if (st.uid !== owner.uid || st.gid !== owner.gid) await chownTree(dir, owner.uid, owner.gid);
    },
    async removeDomain(domainId) {
      await rm(domainDir(domainId), { recursive: true, force: true });
    },
  };
}
