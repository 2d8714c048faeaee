// reconcileDomain: one step towards the domain's desired state.
//   Pending   → create the home storage; InService once it exists
//   Updating  → settings are already stored; InService
//   InService → make sure the home storage still exists (recreate it if it was removed)
//   Deleted   → remove profiles (when the retention policy deletes home storage), the storage
//               and the tags, then the row itself
import type { Services } from '../services.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';

export function createDomainReconciler(s: Pick<Services, 'db' | 'homes' | 'events' | 'logger' | 'reconciler'>) {
  const { db, homes, events, logger, reconciler } = s;

  async function setStatus(id: string, arn: string, status: string, failureReason: string | null = null) {
    // Guarded on desiredState so a DeleteDomain that landed meanwhile is not overwritten.
    const { count } = await db.domain.updateMany({
      where: { id, desiredState: 'Present' },
      data: { status, failureReason },
    });
    if (count) events.publish({ type: 'domain.status', resourceArn: arn, status, audienceUserIds: [] });
  }

  return async function reconcileDomain(id: string): Promise<ReconcileResult> {
    const row = await db.domain.findUnique({ where: { id } });
    if (!row) return;

    if (row.desiredState === 'Deleted') {
      const profiles = await db.userProfile.findMany({
        where: { domainId: id },
        select: { arn: true, desiredState: true },
      });
      // Profiles already on their way out go with the domain; a live one (created in a race
      // with DeleteDomain) stops a deletion that was asked to retain home storage.
      if (!row.deleteHomeStorage && profiles.some((p) => p.desiredState === 'Present')) {
        await db.domain.update({
          where: { id },
          data: {
            status: 'Delete_Failed',
            failureReason:
              'User profiles still exist in the domain; delete them (or use RetentionPolicy ' +
              'HomeEfsFileSystem=Delete) and call DeleteDomain again',
          },
        });
        return;
      }
      if (row.deleteHomeStorage) {
        // The homes go only once no app runs on them: an instance still running could turn a
        // removal in progress onto files outside (removeDomain never follows a link anyway).
        const running = await db.app.findMany({
          where: { domainId: id, status: { notIn: ['Deleted', 'Failed'] } },
          select: { id: true, desiredState: true },
        });
        if (running.length) {
          await db.app.updateMany({
            where: { id: { in: running.map((a) => a.id) }, desiredState: 'Present' },
            data: { desiredState: 'Deleted', status: 'Deleting' },
          });
          for (const a of running) reconciler.enqueue('app', a.id);
          return { requeueAfterMs: 500 };
        }
        await homes.removeDomain(id);
      }
      await db.$transaction([
        db.tag.deleteMany({ where: { resourceArn: { in: [row.arn, ...profiles.map((p) => p.arn)] } } }),
        db.userProfile.deleteMany({ where: { domainId: id } }),
        db.domain.delete({ where: { id } }),
      ]);
      events.publish({ type: 'domain.deleted', resourceArn: row.arn, audienceUserIds: [] });
      logger.info({ domainId: id, homeStorage: row.deleteHomeStorage ? 'deleted' : 'retained' }, 'domain deleted');
      return;
    }

    switch (row.status) {
      case 'Pending':
      case 'InService': {
        if (!(await homes.domainExists(id))) {
          if (row.status === 'InService') logger.warn({ domainId: id }, 'home storage missing; recreating it');
          try {
            await homes.ensureDomain(id, row.homeEfsFileSystemId ?? id);
          } catch (err) {
            await setStatus(
              id,
              row.arn,
              'Failed',
              `Could not create the domain's home storage at ${homes.domainDir(id)}: ${(err as Error).message}`,
            );
            return;
          }
        }
        if (row.status === 'Pending') await setStatus(id, row.arn, 'InService');
        return;
      }
      case 'Updating':
        await setStatus(id, row.arn, 'InService');
        return;
      default:
        return; // Failed, Update_Failed, Delete_Failed wait for a person
    }
  };
}
