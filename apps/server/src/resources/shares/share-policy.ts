// What a domain allows: public links (Domain.allowPublicShares) and notebook outputs in shared
// snapshots (SageMaker's SharingSettings.NotebookOutputOption, the profile's setting over the
// domain default, as SageMaker resolves user settings).
import type { Domain, UserProfile } from '@tessera/db';

type Settings = { SharingSettings?: { NotebookOutputOption?: string } } | null | undefined;

const outputOption = (json: unknown) => (json as Settings)?.SharingSettings?.NotebookOutputOption;

export function outputsAllowed(
  domain: Pick<Domain, 'defaultUserSettings'>,
  profile: Pick<UserProfile, 'userSettings'>,
): boolean {
  return (outputOption(profile.userSettings) ?? outputOption(domain.defaultUserSettings) ?? 'Allowed') !== 'Disabled';
}
