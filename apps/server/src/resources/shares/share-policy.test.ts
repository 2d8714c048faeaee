import { describe, expect, it } from 'vitest';
import { outputsAllowed } from './share-policy.ts';
import { hashShareToken, newShareToken, SHARE_TOKEN } from './share-token.ts';

const sharing = (option?: string) => (option ? { SharingSettings: { NotebookOutputOption: option } } : {});

describe('outputsAllowed (SharingSettings.NotebookOutputOption)', () => {
  it('takes the profile setting over the domain default, and allows outputs when neither says', () => {
    expect(outputsAllowed({ defaultUserSettings: sharing() }, { userSettings: null })).toBe(true);
    expect(outputsAllowed({ defaultUserSettings: sharing('Disabled') }, { userSettings: null })).toBe(false);
    expect(outputsAllowed({ defaultUserSettings: sharing('Disabled') }, { userSettings: sharing('Allowed') })).toBe(
      true,
    );
    expect(outputsAllowed({ defaultUserSettings: sharing('Allowed') }, { userSettings: sharing('Disabled') })).toBe(
      false,
    );
    expect(outputsAllowed({ defaultUserSettings: sharing('Disabled') }, { userSettings: { ExecutionRole: 'r' } })).toBe(
      false,
    );
  });
});

describe('share tokens', () => {
  it('are 32 random bytes in base64url, looked up by SHA-256', () => {
    const t = newShareToken();
    expect(t).toMatch(SHARE_TOKEN);
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(newShareToken()).not.toBe(t);
    expect(hashShareToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashShareToken(t)).toBe(hashShareToken(t));
  });
});
