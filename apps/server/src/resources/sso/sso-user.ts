// Who an OpenID identity is here: a Tessera user per (issuer, subject) with no password, made the
// owner of the user profile whose SingleSignOnUserValue the provider vouched for. The profile is
// the SSO domain's unit of access (as in SageMaker, the UserName decides), so a profile changes
// hands when another identity presents its user name.
import type { User, UserProfile } from '@tessera/db';
import { newId, randomString } from '../../platform/identity/ids.ts';
import type { Services } from '../services.ts';

export const oidcAuthSource = (issuer: string) => `oidc:${issuer}`;

/** Usernames follow ZUsername (letters, digits, . _ @ -, starting with a letter or digit). */
function usernameBase(value: string): string {
  const cleaned = value
    .replace(/[^a-zA-Z0-9._@-]/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 40);
  return cleaned || 'sso-user';
}

export interface SsoIdentity {
  issuer: string;
  subject: string;
  /** The value of the provider's username claim (matched against SingleSignOnUserValue). */
  userName: string;
  email?: string;
  displayName?: string;
}

export async function ssoUser(
  services: Pick<Services, 'db' | 'logger'>,
  domainId: string,
  identity: SsoIdentity,
): Promise<User> {
  const { db } = services;
  const authSource = oidcAuthSource(identity.issuer);
  const profileFields = { email: identity.email ?? null, displayName: identity.displayName ?? null };
  const existing = await db.user.findFirst({ where: { authSource, externalId: identity.subject } });
  if (existing) return db.user.update({ where: { id: existing.id }, data: profileFields });

  const base = usernameBase(identity.userName);
  for (const username of [base, `${base}@${domainId}`, `${base}-${randomString(6)}`]) {
    if (await db.user.findUnique({ where: { username } })) continue;
    try {
      return await db.user.create({
        data: { id: newId(), username, authSource, externalId: identity.subject, passwordHash: null, ...profileFields },
      });
    } catch {
      // The same identity signing in twice at once (the other request created it), or the name
      // was taken a moment ago (try the next one).
      const raced = await db.user.findFirst({ where: { authSource, externalId: identity.subject } });
      if (raced) return raced;
    }
  }
  throw new Error(`could not choose a username for ${identity.userName}`);
}

/** Makes `user` the owner of `profile`, logging when it takes the profile over from someone else. */
export async function claimProfile(
  services: Pick<Services, 'db' | 'logger'>,
  profile: UserProfile,
  user: User,
): Promise<void> {
  if (profile.ownerUserId === user.id) return;
  await services.db.userProfile.update({ where: { id: profile.id }, data: { ownerUserId: user.id } });
  services.logger.info(
    {
      domainId: profile.domainId,
      userProfileName: profile.name,
      username: user.username,
      previousOwnerId: profile.ownerUserId,
    },
    'user profile assigned to its single sign-on identity',
  );
}
