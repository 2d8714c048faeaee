import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newAccessKeyId, newSecretAccessKey, newToken, randomString } from './ids.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createSecretBox } from './secret-box.ts';

describe('secret box', () => {
  it('seals and opens, and detects tampering', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('s3cret');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed)).toBe('s3cret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
  });
});

describe('ids', () => {
  it('have the shapes clients expect and do not repeat', () => {
    expect(newAccessKeyId()).toMatch(/^TKIA[A-Z2-7]{16}$/);
    expect(newSecretAccessKey()).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(Buffer.from(newToken(), 'base64url')).toHaveLength(32);
    const many = new Set(Array.from({ length: 10_000 }, () => randomString(12)));
    expect(many.size).toBe(10_000);
  });
});

describe('login throttle', () => {
  it('blocks a username after 10 failures within 5 minutes, and forgives after', () => {
    let now = 0;
    const t = createLoginThrottle(() => now);
    for (let i = 0; i < 10; i++) t.failed('eve');
    expect(t.retryAfterSeconds('eve')).toBe(300);
    expect(t.retryAfterSeconds('bob')).toBe(0);
    now = 301_000;
    expect(t.retryAfterSeconds('eve')).toBe(0);
  });
});
