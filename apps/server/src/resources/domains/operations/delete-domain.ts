import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findDomain } from '../../common/lookups.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

/**
 * Deleting a domain with user profiles in it is refused, unless the retention policy says to
 * delete the home file system — then the profiles (whose homes live on it) go with the domain.
 */
export async function deleteDomain(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'DeleteDomain'>,
): Promise<OperationOutput<'DeleteDomain'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'DeleteDomain', arns.domain(input.DomainId));
  const row = await findDomain(ctx, 'DeleteDomain', input.DomainId);
  const deleteHome = input.RetentionPolicy?.HomeEfsFileSystem === 'Delete';
  await writeTransaction(db, async (tx) => {
    const current = await tx.domain.findUnique({ where: { id: row.id } });
    // Already on its way out; a failed deletion may be asked again (perhaps with another policy).
    if (!current || (current.desiredState === 'Deleted' && current.status !== 'Delete_Failed')) return;
    const profiles = await tx.userProfile.findMany({
      where: { domainId: row.id, desiredState: 'Present' },
      select: { name: true },
      take: 6,
    });
    if (profiles.length && !deleteHome) {
      const names =
        profiles
          .slice(0, 5)
          .map((p) => p.name)
          .join(', ') + (profiles.length > 5 ? ', ...' : '');
      throw inUse(
        `Domain ${row.id} still has user profiles (${names}). Delete them first, ` +
          'or delete the domain with RetentionPolicy={HomeEfsFileSystem: "Delete"} to delete them and their home ' +
          'directories with it.',
      );
    }
    await tx.userProfile.updateMany({
      where: { domainId: row.id },
      data: { desiredState: 'Deleted', status: 'Deleting' },
    });
    await tx.domain.update({
      where: { id: row.id },
      data: { desiredState: 'Deleted', status: 'Deleting', failureReason: null, deleteHomeStorage: deleteHome },
    });
  });
  events.publish({ type: 'domain.status', resourceArn: row.arn, status: 'Deleting', audienceUserIds: [] });
  reconciler.enqueue('domain', row.id);
  return {};
}
