// Finds an app by its SageMaker key for an operation; the caller must be able to see the
// profile (admins, or the profile's owner). The live row wins over Deleted ones of the same key.
import type { App } from '@tessera/db';
import { notFound, validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { findUserProfile } from '../common/lookups.ts';

export interface AppKey {
  DomainId: string;
  UserProfileName?: string | undefined;
  SpaceName?: string | undefined;
  AppType: string;
  AppName: string;
}

export function profileOf(key: AppKey): string {
  if (key.SpaceName) throw validation('Spaces are not supported yet; address the app by UserProfileName');
  if (!key.UserProfileName) throw validation('UserProfileName is required');
  return key.UserProfileName;
}

export async function findApp(ctx: OpContext<'arns' | 'caches' | 'db'>, action: string, key: AppKey): Promise<App> {
  const userProfileName = profileOf(key);
  await findUserProfile(ctx, action, key.DomainId, userProfileName);
  const rows = await ctx.services.db.app.findMany({
    where: { domainId: key.DomainId, userProfileName, appType: key.AppType, appName: key.AppName },
    orderBy: { createdAt: 'desc' },
  });
  const row = rows.find((r) => r.status !== 'Deleted') ?? rows[0];
  if (!row)
    throw notFound(
      `App ${key.AppName} (${key.AppType}) does not exist for user profile ${userProfileName} in ` +
        `domain ${key.DomainId}`,
    );
  return row;
}
