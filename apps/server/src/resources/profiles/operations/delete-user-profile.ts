import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { findUserProfile } from '../../common/lookups.ts';

/** The profile goes; its home directory stays on the domain's storage, as with EFS. */
export async function deleteUserProfile(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'DeleteUserProfile'>,
): Promise<OperationOutput<'DeleteUserProfile'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'DeleteUserProfile', arns.userProfile(input.DomainId, input.UserProfileName));
  const row = await findUserProfile(ctx, 'DeleteUserProfile', input.DomainId, input.UserProfileName);
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
