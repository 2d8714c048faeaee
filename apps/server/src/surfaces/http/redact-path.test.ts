import { describe, expect, it } from 'vitest';
import { redactPath } from './redact-path.ts';

describe('redactPath', () => {
  it('hides the token of share, presigned, invitation and reset links and keeps other paths', () => {
    expect(redactPath('/share/AbC_123/copy')).toBe('/share/…/copy');
    expect(redactPath('/auth/presigned/tok')).toBe('/auth/presigned/…');
    expect(redactPath('/invite/tok')).toBe('/invite/…');
    expect(redactPath('/reset/tok')).toBe('/reset/…');
    expect(redactPath('/api/v1/shares/abc')).toBe('/api/v1/shares/abc');
  });
});
