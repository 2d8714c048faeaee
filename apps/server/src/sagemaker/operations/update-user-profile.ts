import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../auth/policy.ts';
import { inUse } from '../../errors.ts';
import type { OpContext } from '../../services.ts';
import { findUserProfile } from '../../studio/lookups.ts';
import { mergeSettings } from '../../studio/settings.ts';

export async function updateUserProfile(ctx: OpContext, input: OperationInput<'UpdateUserProfile'>): Promise<OperationOutput<'UpdateUserProfile'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'UpdateUserProfile', arns.userProfile(input.DomainId, input.UserProfileName));
  const row = await findUserProfile(ctx, 'UpdateUserProfile', input.DomainId, input.UserProfileName);
  if (!['InService', 'Update_Failed', 'Updating'].includes(row.status)) {
    throw inUse(`User profile ${row.name} is ${row.status}; it can be updated once it is InService`);
  }
  const { count } = await db.userProfile.updateMany({
    where: { id: row.id, desiredState: 'Present' },
    data: { status: 'Updating', failureReason: null, userSettings: mergeSettings(row.userSettings, input.UserSettings) },
  });
  if (!count) throw inUse(`User profile ${row.name} is being deleted`);
  events.publish({ type: 'userProfile.status', resourceArn: row.arn, status: 'Updating', audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [] });
  reconciler.enqueue('userProfile', `${row.domainId}/${row.name}`);
  return { UserProfileArn: row.arn };
}
