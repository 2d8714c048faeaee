// A profile's home as its apps get it: the POSIX user they run as and the size of its volume
// (UserSettings.CustomPosixUserConfig and SpaceStorageSettings, each the profile's own else the
// domain's default), and the one way a home is made ready for a runtime. CreateUserProfile makes
// it (as SageMaker makes the EFS home with the profile), so a user's first app does not wait for
// its volume; each app start makes sure of it again.
import type { UserSettings } from '@tessera/contracts';
import type { Runtime } from '../../runtime/contract.ts';
import type { HomeStorage } from '../../platform/storage/home-storage.ts';

/** SageMaker Studio's sagemaker-user: uid 1000, gid 100 (users). */
export const DEFAULT_POSIX_USER = { uid: 1000, gid: 100 };

export interface HomeSettings {
  posix: { uid: number; gid: number };
  /** The home's size in GiB its SpaceStorageSettings name, if any. */
  homeSizeGiB: number | undefined;
}

export function homeSettingsOf(mine: unknown, domains: unknown): HomeSettings {
  const own = mine as UserSettings | null;
  const domain = domains as UserSettings | null;
  const custom = own?.CustomPosixUserConfig ?? domain?.CustomPosixUserConfig;
  const storage = (own?.SpaceStorageSettings ?? domain?.SpaceStorageSettings)?.DefaultEbsStorageSettings;
  return {
    posix: custom ? { uid: custom.Uid, gid: custom.Gid } : DEFAULT_POSIX_USER,
    homeSizeGiB: storage?.DefaultEbsVolumeSizeInGb,
  };
}

/**
 * Makes the home (`key` in the domain's storage) ready for `runtime`'s instances: owned by the host
 * ids their user maps to and, where the runtime keeps tenants apart, a bounded volume. `adopt`
 * (asked only for a volume): a home made before homes were volumes may become one now, as nothing
 * else has it open. True when the home is on its own volume.
 */
export async function prepareHome(
  deps: { homes: HomeStorage; defaultSizeGiB: number },
  runtime: Pick<Runtime, 'fileOwner' | 'guarantees'>,
  home: { domainId: string; key: string } & HomeSettings,
  adopt: () => Promise<boolean>,
): Promise<boolean> {
  return deps.homes.ensureProfile(home.domainId, home.key, {
    owner: runtime.fileOwner(home.posix),
    volume: runtime.guarantees.isolation ? { sizeGiB: home.homeSizeGiB ?? deps.defaultSizeGiB, adopt } : undefined,
  });
}
