// What an app's instance is, for the runtime: a Jupyter server on the app's image, the profile's
// home mounted where SageMaker Studio mounts it, running as the profile's POSIX user, on the
// profile's own network, sharing one envelope with the profile's other apps on the same instance
// type (Studio runs a user's apps on one instance per instance type).
import type { App, Db } from '@tessera/db';
import type { UserSettings } from '@tessera/contracts';
import type { InstanceSpec, InstanceType, Mount } from '../../runtime/contract.ts';
import { homeKey } from '../profiles/home-key.ts';
import { homeSettingsOf, type HomeSettings } from '../profiles/profile-home.ts';

/** Where every kernel image expects the user's home (and Jupyter's root directory). */
export const CONTAINER_HOME = '/home/sagemaker-user';
const JUPYTER_PORT = 8888;

export interface AppOwner extends HomeSettings {
  /** The profile's row id: its network and envelope outlive neither it nor a profile of the same name. */
  profileId: string;
  /** Its directory in the domain's home storage (profiles/home-key.ts). */
  home: string;
  userId: string | null;
  username: string;
  /** The profile's ExecutionRole, else its domain's default; undefined when neither names one. */
  executionRole: string | undefined;
}

/** The profile's owner, and its home's POSIX user and size (profiles/profile-home.ts). */
export async function appOwner(db: Db, app: Pick<App, 'domainId' | 'userProfileName'>): Promise<AppOwner | undefined> {
  if (!app.userProfileName) return undefined;
  const profile = await db.userProfile.findUnique({
    where: { domainId_name: { domainId: app.domainId, name: app.userProfileName } },
    select: {
      id: true,
      homeEfsFileSystemUid: true,
      userSettings: true,
      owner: { select: { id: true, username: true } },
      domain: { select: { defaultUserSettings: true } },
    },
  });
  if (!profile) return undefined;
  const roleOf = (settings: unknown) => (settings as UserSettings | null)?.ExecutionRole;
  return {
    executionRole: roleOf(profile.userSettings) ?? roleOf(profile.domain.defaultUserSettings),
    profileId: profile.id,
    home: homeKey(profile),
    userId: profile.owner?.id ?? null,
    // A profile nobody owns (made by an administrator for no one yet) runs as the administrator's work.
    username: profile.owner?.username ?? '',
    ...homeSettingsOf(profile.userSettings, profile.domain.defaultUserSettings),
  };
}

export function appInstanceSpec(opts: {
  app: Pick<App, 'id' | 'appName' | 'appType' | 'instanceType'>;
  owner: AppOwner;
  image: string;
  homeDir: string;
  token: string;
  type: InstanceType;
  /** resource-metadata.json and the SDK's config (app-metadata.ts). */
  metadata: Mount[];
  identity?: { token: string; region: string };
}): InstanceSpec {
  const { app, owner, type } = opts;
  return {
    kind: 'App',
    resourceId: app.id,
    host: app.appName.toLowerCase(),
    owner: { userId: owner.userId, username: owner.username },
    image: opts.image,
    program: { type: 'jupyter', token: opts.token, home: CONTAINER_HOME },
    env: { SAGEMAKER_APP_TYPE: app.appType, SAGEMAKER_INSTANCE_TYPE: type.name },
    mounts: [{ source: opts.homeDir, target: CONTAINER_HOME }, ...opts.metadata],
    user: owner.posix,
    instanceType: type,
    envelope: `profile/${owner.profileId}/${app.instanceType}`,
    network: { mode: 'private', key: `profile/${owner.profileId}` },
    port: JUPYTER_PORT,
    ...(opts.identity ? { identity: opts.identity } : {}),
  };
}
