// Which directory of the domain's home storage is a profile's: named by its HomeEfsFileSystemUid,
// as SageMaker's EFS names home directories, which is never given to another profile in the domain
// (profiles made before every profile had one fall back to their id). Never by name: a name may be
// given to someone else once its profile is deleted.
import type { UserProfile } from '@tessera/db';

export const homeKey = (profile: Pick<UserProfile, 'id' | 'homeEfsFileSystemUid'>) =>
  profile.homeEfsFileSystemUid ?? profile.id;
