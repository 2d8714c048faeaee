import { describe, expect, it } from 'vitest';
import { profilesIn } from './profiles-in.ts';

describe('profilesIn', () => {
  it("reads the profiles out of the open call's several-profiles error", () => {
    expect(profilesIn('ann has several user profiles; choose one of: d-abc123/ann, d-xyz789/ann-gpu')).toEqual([
      { domainId: 'd-abc123', userProfileName: 'ann' },
      { domainId: 'd-xyz789', userProfileName: 'ann-gpu' },
    ]);
    expect(profilesIn('No user profile is assigned to ann')).toEqual([]);
  });
});
