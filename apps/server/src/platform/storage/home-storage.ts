// Home storage: the EFS analog. A domain owns a directory; each user profile a home directory
// inside it that outlives every app.
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface HomeStorage {
  domainDir(domainId: string): string;
  profileDir(domainId: string, profileName: string): string;
  ensureDomain(domainId: string, fileSystemId: string): Promise<void>;
  domainExists(domainId: string): Promise<boolean>;
  ensureProfile(domainId: string, profileName: string): Promise<void>;
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
    async ensureProfile(domainId, profileName) {
      // Not recursive: if the domain's storage was removed meanwhile, fail rather than recreate it.
      await mkdir(profileDir(domainId, profileName)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    },
    async removeDomain(domainId) {
      await rm(domainDir(domainId), { recursive: true, force: true });
    },
  };
}
