// CreatePresignedDomainUrl: a URL that signs its holder in once, within ExpiresInSeconds, as the
// user profile's owner, for SessionExpirationDurationInSeconds. Administrators may presign any
// profile, other users only their own. As in SageMaker, for IAM domains only (SSO members sign
// in at their provider). A profile nobody owns gets an owner made for it: a passwordless user of
// authSource "presigned" that can sign in only through such URLs.
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { UserProfile } from '@tessera/db';
import { accessDenied, validation } from '../../../platform/errors.ts';
import { newId, randomString } from '../../../platform/identity/ids.ts';
import type { OpContext, Services } from '../../services.ts';
import { findDomain, findUserProfile } from '../../common/lookups.ts';

const DEFAULT_SESSION_SECONDS = 43200;
const DEFAULT_EXPIRES_SECONDS = 300;

async function ownerOf(services: Pick<Services, 'db' | 'logger'>, profile: UserProfile): Promise<string> {
  if (profile.ownerUserId) return profile.ownerUserId;
  const base = `${profile.name}@${profile.domainId}`.slice(0, 57);
  const taken = await services.db.user.findUnique({ where: { username: base } });
  const user = await services.db.user.create({
    data: {
      id: newId(),
      username: taken ? `${base}-${randomString(6)}` : base,
      authSource: 'presigned',
      passwordHash: null,
      displayName: `User profile ${profile.name}`,
    },
  });
  // Conditional, so two first presigns of the same profile agree on one owner.
  const { count } = await services.db.userProfile.updateMany({
    where: { id: profile.id, ownerUserId: null },
    data: { ownerUserId: user.id },
  });
  if (count === 1) return user.id;
  await services.db.user.delete({ where: { id: user.id } });
  return (await services.db.userProfile.findUniqueOrThrow({ where: { id: profile.id } })).ownerUserId!;
}

export async function createPresignedDomainUrl(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'logger' | 'publicUrl' | 'tokens'>,
  input: OperationInput<'CreatePresignedDomainUrl'>,
): Promise<OperationOutput<'CreatePresignedDomainUrl'>> {
  const { services, principal } = ctx;
  // Temporary credentials (a container's, or a role session's) act on the AWS APIs only: a sign-in
  // link would turn them into a browser session, and from it a long-term access key.
  if (principal.via.kind === 'temporary') {
    throw accessDenied(
      `User: ${principal.username} is not authorized to perform: sagemaker:CreatePresignedDomainUrl with ` +
        'temporary credentials; sign-in links need the access key of a user',
    );
  }
  const profile = await findUserProfile(ctx, 'CreatePresignedDomainUrl', input.DomainId, input.UserProfileName);
  if (!principal.isAdmin && profile.ownerUserId !== principal.userId) {
    throw accessDenied(
      `User: ${principal.username} is not authorized to perform: sagemaker:CreatePresignedDomainUrl on resource: ` +
        `${profile.arn} (only its owner or an administrator may)`,
    );
  }
  const domain = await findDomain(ctx, 'CreatePresignedDomainUrl', input.DomainId);
  if (domain.authMode !== 'IAM') {
    throw validation(
      `Domain ${domain.id} uses AuthMode SSO: its members sign in at their identity provider (see ` +
        `GET /api/v1/domains/${domain.id}/identity-provider/members), not with presigned URLs`,
    );
  }
  if (profile.desiredState !== 'Present')
    throw validation(`User profile ${profile.name} in domain ${domain.id} is being deleted`);
  const { token } = await services.tokens.issue({
    purpose: 'PresignedDomainUrl',
    userId: await ownerOf(services, profile),
    createdById: principal.userId,
    domainId: domain.id,
    userProfileName: profile.name,
    sessionSeconds: input.SessionExpirationDurationInSeconds ?? DEFAULT_SESSION_SECONDS,
    expiresInSeconds: input.ExpiresInSeconds ?? DEFAULT_EXPIRES_SECONDS,
  });
  services.logger.info(
    { by: principal.username, domainId: domain.id, userProfileName: profile.name },
    'presigned domain URL created',
  );
  return { AuthorizedUrl: `${services.publicUrl()}/auth/presigned/${token}` };
}
