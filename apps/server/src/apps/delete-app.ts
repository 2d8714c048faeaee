// Asks for an app to go: `Deleting` at once (as SageMaker answers DeleteApp), the instance is
// stopped by the reconciler, then `Deleted`. Used by DeleteApp, Studio's stop button and idle
// shutdown.
import type { App } from '@tessera/db';
import type { Services } from '../services.ts';

export async function markAppForDeletion(s: Pick<Services, 'db' | 'reconciler' | 'events'>, app: App, ownerUserId?: string | null): Promise<boolean> {
  const { count } = await s.db.app.updateMany({ where: { id: app.id, status: { not: 'Deleted' } }, data: { desiredState: 'Deleted', status: 'Deleting' } });
  if (count) {
    s.events.publish({
      type: 'app.status',
      resourceArn: app.arn,
      status: 'Deleting',
      detail: { domainId: app.domainId, userProfileName: app.userProfileName, appType: app.appType, appName: app.appName },
      audienceUserIds: ownerUserId ? [ownerUserId] : [],
    });
    s.reconciler.enqueue('app', app.id);
  }
  return count > 0;
}
