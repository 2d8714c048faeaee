// Which user profile a job or endpoint counts against (quotas and usage). SageMaker Studio tags
// what is launched from it with sagemaker:user-profile-arn; a caller may do the same to choose
// among their profiles. Without the tag the caller's own profile counts (the oldest, when they
// have several). A caller with no profile (an administrator's script, say) is outside every
// domain's quotas.
import type { Tag } from '@tessera/contracts';
import { accessDenied, validation } from '../../platform/errors.ts';
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
