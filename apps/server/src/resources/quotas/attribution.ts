// Which user profile a job or endpoint counts against (quotas and usage). SageMaker Studio tags
// what is launched from it with sagemaker:user-profile-arn; a caller may do the same to choose
// among their profiles. Without the tag the caller's own profile counts (the oldest, when they
// have several). Quotas are kept per domain and user profile, so work that counts against no
// profile escapes them all: only administrators may launch instances that way (their scripts,
// say); anyone else without a live profile is refused (requireProfile).
import type { Tag } from '@tessera/contracts';
import { accessDenied, limitExceeded, validation } from '../../platform/errors.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Tx } from '../../platform/db/transaction.ts';

export const PROFILE_TAG = 'sagemaker:user-profile-arn';

export async function attributeTo(
  tx: Tx,
  principal: Principal,
  tags: Tag[] | undefined,
): Promise<{ domainId: string | null; userProfileName: string | null }> {
  const tagged = tags?.find((t) => t.Key === PROFILE_TAG)?.Value;
  if (tagged) {
    const profile = await tx.userProfile.findUnique({
      where: { arn: tagged },
      select: { domainId: true, name: true, ownerUserId: true, desiredState: true },
    });
    if (!profile || profile.desiredState !== 'Present')
      throw validation(`Tag ${PROFILE_TAG} names ${tagged}, which is not a user profile here`);
    if (!principal.isAdmin && profile.ownerUserId !== principal.userId)
      throw accessDenied(`User: ${principal.username} may not launch work as ${tagged}: it is not their user profile`);
    return { domainId: profile.domainId, userProfileName: profile.name };
  }
  const own = await tx.userProfile.findFirst({
    where: { ownerUserId: principal.userId, desiredState: 'Present' },
    orderBy: { createdAt: 'asc' },
    select: { domainId: true, name: true },
  });
  return own ? { domainId: own.domainId, userProfileName: own.name } : { domainId: null, userProfileName: null };
}

/**
 * Refuses instances that would count against no user profile, unless the caller is an
 * administrator. `whose` says who lacks the profile: the caller (new work) or the work itself
 * (an endpoint created before this rule, asked for more capacity).
 */
export function requireProfile(
  caller: Pick<Principal, 'isAdmin'>,
  who: { domainId: string | null; userProfileName: string | null },
  instanceTypes: string[],
  whose = 'you have none',
): void {
  if (caller.isAdmin || (who.domainId && who.userProfileName)) return;
  const types = instanceTypes.filter((t) => t !== 'system');
  if (!types.length) return;
  throw limitExceeded(
    `Launching ${types.join(', ')} instances needs a user profile: instance quotas are kept per domain and ` +
      `user profile, and ${whose}. Ask an administrator to create one for you (or tag the work with ` +
      `${PROFILE_TAG} of a profile you own)`,
  );
}
