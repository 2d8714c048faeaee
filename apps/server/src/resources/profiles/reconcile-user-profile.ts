// reconcileUserProfile (id = "<domainId>/<profileName>"): one step towards the desired state.
//   Pending  → wait for the domain to be InService, make the home as the runtime will mount it
//              (profile-home.ts: a volume where tenants are kept apart); InService
//   Updating → InService
//   Deleted  → drop the row and its tags (the home directory is retained, as EFS is; its volume unmounted)
import type { Services } from '../services.ts';
import { homeKey } from './home-key.ts';
import { homeSettingsOf, prepareHome } from './profile-home.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';

export function createUserProfileReconciler(s: Pick<Services, 'db' | 'homes' | 'events' | 'runtimes' | 'config'>) {
  const { db, homes, events } = s;

  return async function reconcileUserProfile(key: string): Promise<ReconcileResult> {
    const slash = key.indexOf('/');
    const domainId = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const row = await db.userProfile.findUnique({
      where: { domainId_name: { domainId, name } },
      include: { domain: true },
    });
    if (!row) return;
    const audienceUserIds = row.ownerUserId ? [row.ownerUserId] : [];
    const setStatus = async (status: string, failureReason: string | null = null) => {
      const { count } = await db.userProfile.updateMany({
        where: { id: row.id, desiredState: 'Present' },
        data: { status, failureReason },
      });
      if (count) events.publish({ type: 'userProfile.status', resourceArn: row.arn, status, audienceUserIds });
    };

    if (row.desiredState === 'Deleted') {
      if (row.domain.desiredState === 'Deleted') return; // the domain's reconciler removes it with the domain
      // DeleteUserProfile waited for its apps: nothing has the home open now.
      await homes.closeProfile(domainId, homeKey(row));
      await db.$transaction([
        db.tag.deleteMany({ where: { resourceArn: row.arn } }),
        db.userProfile.delete({ where: { id: row.id } }),
      ]);
      events.publish({ type: 'userProfile.deleted', resourceArn: row.arn, audienceUserIds });
      return;
    }
    switch (row.status) {
      case 'Pending':
        if (row.domain.status === 'Pending') return { requeueAfterMs: 200 };
        if (row.domain.status !== 'InService' && row.domain.status !== 'Updating') {
          await setStatus('Failed', `Domain ${domainId} is ${row.domain.status}`);
          return;
        }
        try {
          // A new profile's home: no app has it open.
          await prepareHome(
            { homes, defaultSizeGiB: s.config.homeSizeGiB },
            s.runtimes.current,
            { domainId, key: homeKey(row), ...homeSettingsOf(row.userSettings, row.domain.defaultUserSettings) },
            async () => true,
          );
        } catch (err) {
          await setStatus('Failed', `Could not create the home directory: ${(err as Error).message}`);
          return;
        }
        await setStatus('InService');
        return;
      case 'Updating':
        await setStatus('InService');
        return;
      case 'InService':
        // The home directory is what the profile stands for; put it back if it went missing.
        if (row.domain.status === 'InService') await homes.ensureProfile(domainId, homeKey(row));
        return;
      default:
        return;
    }
  };
}
