// The one check for everything inside a user's Studio (Jupyter proxy, git, usage): the profile
// must exist and be owned by the caller, or the caller must be an admin. Everyone else gets
// AccessDenied (403), whether or not the profile exists, so names cannot be probed.
import type { UserProfile } from '@tessera/db';
import { accessDenied } from '../../platform/errors.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../services.ts';
import { homeKey } from './home-key.ts';

export interface StudioAccess {
  profile: UserProfile;
  /** Host path of the profile's persistent home directory. */
  homeDir: string;
}

export async function studioAccess(
  services: Pick<Services, 'db' | 'homes'>,
  principal: Principal,
  domainId: string,
  userProfileName: string,
  /** The server itself is about to read or write the home: mount its volume if it is not. */
  opts: { openHome?: boolean } = {},
): Promise<StudioAccess> {
  const profile = await services.db.userProfile.findUnique({
    where: { domainId_name: { domainId, name: userProfileName } },
  });
  if (
    !profile ||
    profile.desiredState !== 'Present' ||
    (!principal.isAdmin && profile.ownerUserId !== principal.userId)
  ) {
    throw accessDenied(
      `User: ${principal.username} may not open the Studio of user profile ${userProfileName} in domain ${domainId}`,
    );
  }
  const homeDir = opts.openHome
    ? await services.homes.openProfile(domainId, homeKey(profile))
    : services.homes.profileDir(domainId, homeKey(profile));
  return { profile, homeDir };
}
