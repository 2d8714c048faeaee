import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse, notFound } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { mergeSettings } from '../../../platform/db/json.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

const UPDATABLE = ['InService', 'Update_Failed', 'Updating'];

export async function updateUserProfile(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'UpdateUserProfile'>,
): Promise<OperationOutput<'UpdateUserProfile'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'UpdateUserProfile', arns.userProfile(input.DomainId, input.UserProfileName));
  const row = await writeTransaction(db, async (tx) => {
    const row = await tx.userProfile.findUnique({
      where: { domainId_name: { domainId: input.DomainId, name: input.UserProfileName } },
    });
    if (!row) {
      const domain = await tx.domain.findUnique({ where: { id: input.DomainId } });
      throw notFound(
        domain
          ? `User profile ${input.UserProfileName} does not exist in domain ${input.DomainId}`
          : `Domain ${input.DomainId} does not exist`,
      );
    }
    if (row.desiredState === 'Deleted') throw inUse(`User profile ${row.name} is being deleted`);
    if (!UPDATABLE.includes(row.status))
      throw inUse(`User profile ${row.name} is ${row.status}; it can be updated once it is InService`);
    await tx.userProfile.update({
      where: { id: row.id },
      data: {
        status: 'Updating',
        failureReason: null,
        userSettings: mergeSettings(row.userSettings, input.UserSettings),
      },
    });
    return row;
  });
  events.publish({
    type: 'userProfile.status',
    resourceArn: row.arn,
    status: 'Updating',
    audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [],
  });
  reconciler.enqueue('userProfile', `${row.domainId}/${row.name}`);
  return { UserProfileArn: row.arn };
}
