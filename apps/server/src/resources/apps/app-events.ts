// The one shape of an app's status event, seen by admins and the profile's owner.
import type { App } from '@tessera/db';
import type { Services } from '../services.ts';

export async function publishAppStatus(
  s: Pick<Services, 'db' | 'events'>,
  app: Pick<App, 'arn' | 'domainId' | 'userProfileName' | 'appType' | 'appName'>,
  status: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const profile = app.userProfileName
    ? await s.db.userProfile.findUnique({
        where: { domainId_name: { domainId: app.domainId, name: app.userProfileName } },
        select: { ownerUserId: true },
      })
    : null;
  s.events.publish({
    type: 'app.status',
    resourceArn: app.arn,
    status,
    detail: {
      domainId: app.domainId,
      userProfileName: app.userProfileName,
      appType: app.appType,
      appName: app.appName,
      ...detail,
    },
    audienceUserIds: profile?.ownerUserId ? [profile.ownerUserId] : [],
  });
}
