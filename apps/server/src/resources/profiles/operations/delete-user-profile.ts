import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { inUse } from '../../../platform/errors.ts';
import { LIVE_APP } from '../../quotas/held.ts';
import { findUserProfile } from '../../common/lookups.ts';

/**
 * The profile goes; its home directory stays on the domain's storage, as with EFS. As on SageMaker,
 * not while it has apps: an app left running would outlive its profile (and be found by the next
 * profile of that name).
 */
export async function deleteUserProfile(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'DeleteUserProfile'>,
): Promise<OperationOutput<'DeleteUserProfile'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'DeleteUserProfile', arns.userProfile(input.DomainId, input.UserProfileName));
  const row = await findUserProfile(ctx, 'DeleteUserProfile', input.DomainId, input.UserProfileName);
  const apps = await db.app.findMany({
    where: { domainId: row.domainId, userProfileName: row.name, ...LIVE_APP },
    select: { appType: true, appName: true },
    take: 6,
  });
  if (apps.length) {
    const names = apps.slice(0, 5).map((a) => `${a.appType} ${a.appName}`);
    throw inUse(
      `User profile ${row.name} still has apps (${names.join(', ')}${apps.length > 5 ? ', ...' : ''}); ` +
        'delete them with DeleteApp first',
    );
  }
  await db.userProfile.updateMany({
    where: { id: row.id, desiredState: 'Present' },
    data: { desiredState: 'Deleted', status: 'Deleting' },
  });
  events.publish({
    type: 'userProfile.status',
    resourceArn: row.arn,
    status: 'Deleting',
    audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [],
  });
  reconciler.enqueue('userProfile', `${row.domainId}/${row.name}`);
  return {};
}
