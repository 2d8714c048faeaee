// Console routes for other users: edit, disable, delete, and their access keys. Disabling a user
// ends their sessions and their access keys stop resolving (checked per lookup, cache dropped).
import { userView } from '../context.ts';
import { inUse, notFound, validation } from '../../../platform/errors.ts';
import { LIVE_APP } from '../../../resources/quotas/held.ts';
import type { RestContext } from '../context.ts';
import { userByName } from './lookups.ts';

async function updateUser(c: RestContext) {
  const { db, accessKeys, logger } = c.services;
  const user = await userByName(db, c.params.username!);
  const self = user.id === c.principal!.userId;
  const body = c.body as { displayName?: string | null; email?: string | null; isAdmin?: boolean; disabled?: boolean };
  if (self && body.disabled === true) throw validation('You cannot disable yourself; ask another administrator');
  if (self && body.isAdmin === false)
    throw validation('You cannot remove your own administrator role; ask another administrator');
  if (user.isAdmin && (body.isAdmin === false || body.disabled === true)) {
    const others = await db.user.count({ where: { isAdmin: true, disabled: false, id: { not: user.id } } });
    if (others === 0)
      throw validation(`${user.username} is the last active administrator; make someone else an administrator first`);
  }
  const updated = await db.user.update({
    where: { id: user.id },
    data: {
      ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.isAdmin !== undefined ? { isAdmin: body.isAdmin } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
    },
  });
  if (body.disabled === true) await db.session.deleteMany({ where: { userId: user.id } });
  // Disabled or enabled again: temporary credentials issued before (perhaps stolen) never come back.
  if (body.disabled !== undefined) await c.services.temporaryCredentials.revokeAll(user.id);
  // A cached key lookup carries the old disabled flag and role for a few seconds otherwise.
  if (body.disabled !== undefined || body.isAdmin !== undefined) accessKeys.forgetCached();
  logger.info({ by: c.principal!.username, username: user.username, changed: Object.keys(body) }, 'user updated');
  return { user: userView(updated) };
}

async function deleteUser(c: RestContext) {
  const { db, accessKeys, logger } = c.services;
  const user = await userByName(db, c.params.username!);
  if (user.id === c.principal!.userId) throw validation('You cannot delete yourself; ask another administrator');
  if (
    user.isAdmin &&
    !user.disabled &&
    (await db.user.count({ where: { isAdmin: true, disabled: false, id: { not: user.id } } })) === 0
  ) {
    throw validation(`${user.username} is the last active administrator`);
  }
  // Running work would be left without anyone to stop it or pay for it: stop it first.
  const profiles = await db.userProfile.findMany({
    where: { ownerUserId: user.id },
    select: { domainId: true, name: true },
  });
  const apps = profiles.length
    ? await db.app.count({
        where: { ...LIVE_APP, OR: profiles.map((p) => ({ domainId: p.domainId, userProfileName: p.name })) },
      })
    : 0;
  const live = { ownerUserId: user.id, status: { in: ['InProgress', 'Stopping'] } };
  // A tuning job counts as a job: it would launch more as no one.
  const jobs = (await db.job.count({ where: live })) + (await db.tuningJob.count({ where: live }));
  const endpoints = await db.endpoint.count({ where: { ownerUserId: user.id, desiredState: 'Present' } });
  if (apps + jobs + endpoints > 0) {
    throw inUse(
      `${user.username} still runs ${apps} app(s), ${jobs} job(s) and ${endpoints} endpoint(s); ` +
        'stop them on the Activity page first, or disable the user instead',
    );
  }
  await db.user.delete({ where: { id: user.id } });
  accessKeys.forgetCached();
  logger.info({ by: c.principal!.username, username: user.username }, 'user deleted');
}

async function listUserAccessKeys(c: RestContext) {
  const user = await userByName(c.services.db, c.params.username!);
  const keys = await c.services.accessKeys.list(user.id);
  return {
    accessKeys: keys.map((k) => ({
      accessKeyId: k.accessKeyId,
      status: k.status,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

async function createUserAccessKey(c: RestContext) {
  const user = await userByName(c.services.db, c.params.username!);
  if (user.disabled) throw validation(`${user.username} is disabled; enable the user before issuing keys`);
  const k = await c.services.accessKeys.issue(user.id);
  c.services.logger.info(
    { by: c.principal!.username, user: user.username, accessKeyId: k.accessKeyId },
    'access key issued',
  );
  return {
    accessKeyId: k.accessKeyId,
    secretAccessKey: k.secretAccessKey,
    status: 'Active',
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: null,
  };
}

async function deleteUserAccessKey(c: RestContext) {
  const user = await userByName(c.services.db, c.params.username!);
  if (!(await c.services.accessKeys.revoke(user.id, c.params.accessKeyId!)))
    throw notFound(`${user.username} has no access key ${c.params.accessKeyId}`);
  c.services.logger.info(
    { by: c.principal!.username, user: user.username, accessKeyId: c.params.accessKeyId },
    'access key revoked',
  );
}

export const userHandlers = { updateUser, deleteUser, listUserAccessKeys, createUserAccessKey, deleteUserAccessKey };
