// REST handlers for the UI, by route name (see restRoutes in @tessera/contracts). Domain and
// user-profile routes call the same operation handlers as the SageMaker API.
import { SageMakerErrorCode, type RestRouteName } from '@tessera/contracts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { SESSION_COOKIE, sessionId, sessionToken } from '../../platform/identity/sessions.ts';
import { changePassword, checkPassword, createUser } from '../../platform/identity/users.ts';
import { handlers as sm } from '../../resources/sagemaker-operations.ts';
import { studioHandlers } from './studio-handlers.ts';
import { studioDetailHandlers } from './studio-detail-handlers.ts';
import { usageHandlers } from './usage-handlers.ts';
import { quotaHandlers } from './quota-handlers.ts';
import { bucketHandlers } from './bucket-handlers.ts';
import { ssoHandlers } from './sso-handlers.ts';
import { consoleHandlers } from './console/handlers.ts';
import { shareHandlers } from './share-handlers.ts';
import { userView, type RestContext } from './context.ts';

function op(c: RestContext) {
  return { services: c.services, principal: c.principal! };
}

export const restHandlers: Record<RestRouteName, (c: RestContext) => Promise<unknown>> = {
  async login(c) {
    const { username, password } = c.body;
    const wait = c.throttle.retryAfterSeconds(username);
    if (wait > 0) {
      c.res.set('Retry-After', String(wait));
      throw new ApiError('TooManyRequests', `Too many failed sign-ins for ${username}; try again in ${wait} s`);
    }
    // Counted before the (slow) check, so parallel guesses cannot all slip under the limit.
    c.throttle.failed(username);
    const user = await checkPassword(c.services.db, username, password);
    if (!user) throw new ApiError('Unauthenticated', 'Wrong username or password');
    c.throttle.succeeded(username);
    const { token, expiresAt } = await c.services.sessions.create(user.id);
    c.res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: c.services.publicUrl().startsWith('https:'),
      path: '/',
      expires: expiresAt,
    });
    return { user: userView(user) };
  },
  async logout(c) {
    const token = sessionToken(c.req);
    if (token) await c.services.sessions.destroy(token);
    c.res.clearCookie(SESSION_COOKIE, { path: '/' });
  },
  async changePassword(c) {
    const token = sessionToken(c.req);
    const ok = await changePassword(
      c.services.db,
      c.principal!.userId,
      c.body.currentPassword,
      c.body.newPassword,
      token ? sessionId(token) : undefined,
    );
    if (!ok) throw new ApiError(SageMakerErrorCode.Validation, 'The current password is not right');
    c.services.logger.info({ user: c.principal!.username }, 'password changed');
  },
  async me(c) {
    const user = await c.services.db.user.findUniqueOrThrow({ where: { id: c.principal!.userId } });
    return { user: userView(user) };
  },
  async listAccessKeys(c) {
    const keys = await c.services.accessKeys.list(c.principal!.userId);
    return {
      accessKeys: keys.map((k) => ({
        accessKeyId: k.accessKeyId,
        status: k.status,
        createdAt: k.createdAt.toISOString(),
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      })),
    };
  },
  async createAccessKey(c) {
    const k = await c.services.accessKeys.issue(c.principal!.userId);
    c.services.logger.info({ user: c.principal!.username, accessKeyId: k.accessKeyId }, 'access key issued');
    return {
      accessKeyId: k.accessKeyId,
      secretAccessKey: k.secretAccessKey,
      status: 'Active',
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: null,
    };
  },
  async deleteAccessKey(c) {
    if (!(await c.services.accessKeys.revoke(c.principal!.userId, c.params.accessKeyId!))) {
      throw notFound(`You have no access key ${c.params.accessKeyId}`);
    }
    c.services.logger.info({ user: c.principal!.username, accessKeyId: c.params.accessKeyId }, 'access key revoked');
  },
  async listUsers(c) {
    const users = await c.services.db.user.findMany({ orderBy: { username: 'asc' } });
    return { users: users.map(userView) };
  },
  async createUser(c) {
    const user = await createUser(c.services.db, c.body);
    c.services.logger.info(
      { by: c.principal!.username, username: user.username, isAdmin: user.isAdmin },
      'user created',
    );
    return { user: userView(user) };
  },
  listDomains: (c) => sm.ListDomains(op(c), { NextToken: c.query.nextToken, MaxResults: c.query.maxResults }),
  createDomain: (c) => sm.CreateDomain(op(c), c.body),
  describeDomain: (c) => sm.DescribeDomain(op(c), { DomainId: c.params.domainId! }),
  updateDomain: (c) => sm.UpdateDomain(op(c), { ...c.body, DomainId: c.params.domainId! }),
  async deleteDomain(c) {
    await sm.DeleteDomain(op(c), {
      DomainId: c.params.domainId!,
      RetentionPolicy: { HomeEfsFileSystem: c.query.retainHome === 'false' ? 'Delete' : 'Retain' },
    });
  },
  listUserProfiles: (c) =>
    sm.ListUserProfiles(op(c), {
      DomainIdEquals: c.params.domainId!,
      NextToken: c.query.nextToken,
      MaxResults: c.query.maxResults,
    }),
  createUserProfile: (c) => sm.CreateUserProfile(op(c), { ...c.body, DomainId: c.params.domainId! }),
  describeUserProfile: (c) =>
    sm.DescribeUserProfile(op(c), { DomainId: c.params.domainId!, UserProfileName: c.params.name! }),
  updateUserProfile: (c) =>
    sm.UpdateUserProfile(op(c), { ...c.body, DomainId: c.params.domainId!, UserProfileName: c.params.name! }),
  async deleteUserProfile(c) {
    await sm.DeleteUserProfile(op(c), { DomainId: c.params.domainId!, UserProfileName: c.params.name! });
  },
  ...studioHandlers,
  ...studioDetailHandlers,
  ...usageHandlers,
  ...quotaHandlers,
  ...bucketHandlers,
  ...ssoHandlers,
  ...consoleHandlers,
  ...shareHandlers,
};
