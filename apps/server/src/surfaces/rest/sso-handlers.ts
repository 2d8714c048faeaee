// REST handlers of the sso routes (packages/contracts/src/rest/sso.ts): one-time links for
// invitations and password resets, and an SSO domain's OpenID Connect provider.
import type { IdentityProviderView, OneTimeLinkResponse, PutIdentityProviderRequest } from '@tessera/contracts';
import type { User } from '@tessera/db';
import { notFound, validation } from '../../platform/errors.ts';
import type { TokenPurpose } from '../../platform/identity/one-time-tokens.ts';
import type { RestContext } from './context.ts';
import { discover, findSsoDomain, identityProviderView, memberUrl } from '../../resources/sso/identity-providers.ts';

const DEFAULT_HOURS: Record<'Invite' | 'PasswordReset', number> = { Invite: 7 * 24, PasswordReset: 1 };

async function localUser(c: RestContext): Promise<User> {
  const user = await c.services.db.user.findUnique({ where: { username: c.params.username! } });
  if (!user) throw notFound(`User ${c.params.username} does not exist`);
  if (user.disabled) throw validation(`User ${user.username} is disabled; enable them first`);
  if (user.authSource !== 'local') {
    throw validation(
      `User ${user.username} signs in through ` +
        `${user.authSource === 'presigned' ? 'presigned URLs' : 'single sign-on'} and has no password here`,
    );
  }
  return user;
}

async function oneTimeLink(
  c: RestContext,
  purpose: 'Invite' | 'PasswordReset',
  user: User,
): Promise<OneTimeLinkResponse> {
  const hours: number = c.body?.expiresInHours ?? DEFAULT_HOURS[purpose];
  const { token, expiresAt } = await c.services.tokens.issue({
    purpose: purpose as TokenPurpose,
    userId: user.id,
    createdById: c.principal!.userId,
    expiresInSeconds: hours * 3600,
  });
  const path = purpose === 'Invite' ? 'invite' : 'reset';
  // The link itself is never logged: it is a credential until used.
  c.services.logger.info(
    { by: c.principal!.username, username: user.username, purpose, expiresAt },
    'one-time link created',
  );
  return { url: `${c.services.publicUrl()}/${path}/${token}`, expiresAt: expiresAt.toISOString() };
}

async function findProvider(c: RestContext) {
  await findSsoDomain(c.services, c.params.domainId!);
  const idp = await c.services.db.identityProvider.findUnique({ where: { domainId: c.params.domainId! } });
  if (!idp)
    throw notFound(
      `Domain ${c.params.domainId} has no OpenID Connect provider; ` +
        `set one with POST /api/v1/domains/${c.params.domainId}/identity-provider`,
    );
  return idp;
}

export const ssoHandlers = {
  async createInvite(c: RestContext): Promise<OneTimeLinkResponse> {
    const user = await localUser(c);
    if (user.passwordHash)
      throw validation(
        `User ${user.username} already has a password; send a password reset ` +
          `(POST /api/v1/users/${user.username}/password-reset) instead`,
      );
    return oneTimeLink(c, 'Invite', user);
  },

  async createPasswordReset(c: RestContext): Promise<OneTimeLinkResponse> {
    const user = await localUser(c);
    const link = await oneTimeLink(c, 'PasswordReset', user);
    // A reset is asked for when a password may be known to someone else: sign everyone out now, and
    // end every temporary credential issued to the user so far.
    await c.services.db.session.deleteMany({ where: { userId: user.id } });
    await c.services.temporaryCredentials.revokeAll(user.id);
    return link;
  },

  async getIdentityProvider(c: RestContext): Promise<IdentityProviderView> {
    return identityProviderView(c.services, await findProvider(c));
  },

  async putIdentityProvider(c: RestContext): Promise<IdentityProviderView> {
    const s = c.services;
    const domainId = c.params.domainId!;
    await findSsoDomain(s, domainId);
    const body = c.body as PutIdentityProviderRequest;
    const issuer = body.issuer.replace(/\/$/, '');
    const existing = await s.db.identityProvider.findUnique({ where: { domainId } });
    // The stored secret belongs to one client at one provider: kept only while both stay the same,
    // so that pointing the domain at another issuer does not hand that issuer the old secret.
    const sameClient =
      !!existing && existing.issuer.replace(/\/$/, '') === issuer && existing.clientId === body.clientId;
    const keptSecret =
      body.clientSecret === undefined && sameClient && existing.clientSecretEncrypted
        ? s.box.open(existing.clientSecretEncrypted)
        : undefined;
    const clientSecret = body.clientSecret ?? keptSecret;
    // Refuse a provider that cannot be reached now rather than let members find out at sign-in.
    const config = await discover(s, { issuer, clientId: body.clientId, clientSecret });
    const announced = config.serverMetadata().issuer.replace(/\/$/, '');
    if (announced !== issuer)
      throw validation(
        `The discovery document of ${issuer} names another issuer (${announced}); use that exact issuer URL`,
      );
    const data = {
      issuer: config.serverMetadata().issuer,
      clientId: body.clientId,
      clientSecretEncrypted: clientSecret ? s.box.seal(clientSecret) : null,
      scopes: body.scopes ?? 'openid profile email',
      usernameClaim: body.usernameClaim ?? 'preferred_username',
    };
    const idp = await s.db.identityProvider.upsert({
      where: { domainId },
      create: { domainId, ...data },
      update: data,
    });
    s.logger.info(
      { by: c.principal!.username, domainId, issuer: idp.issuer, clientId: idp.clientId },
      'identity provider set',
    );
    return identityProviderView(s, idp);
  },

  async deleteIdentityProvider(c: RestContext): Promise<void> {
    const idp = await findProvider(c);
    await c.services.db.identityProvider.delete({ where: { domainId: idp.domainId } });
    c.services.logger.info({ by: c.principal!.username, domainId: idp.domainId }, 'identity provider removed');
  },

  async listSsoMembers(c: RestContext) {
    const domainId = c.params.domainId!;
    await findSsoDomain(c.services, domainId);
    const profiles = await c.services.db.userProfile.findMany({
      where: { domainId, desiredState: 'Present', singleSignOnUserValue: { not: null } },
      include: { owner: true },
      orderBy: { name: 'asc' },
    });
    return {
      members: profiles.map((p) => ({
        userProfileName: p.name,
        singleSignOnUserValue: p.singleSignOnUserValue!,
        url: memberUrl(c.services, domainId, p.name),
        username: p.owner?.authSource.startsWith('oidc:') ? p.owner.username : null,
      })),
    };
  },
};
