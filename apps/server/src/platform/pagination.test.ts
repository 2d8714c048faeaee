import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, page } from './pagination.ts';

describe('NextToken', () => {
  it('round-trips a cursor for the same listing', () => {
    const token = encodeToken({ op: 'L', d: 'x' }, { after: [123, 'id-9'] });
    expect(decodeToken(token, { op: 'L', d: 'x' })).toEqual({ after: [123, 'id-9'] });
  });

  it('refuses tokens from another listing or parameters, and garbage', () => {
    const token = encodeToken({ op: 'L', d: 'x' }, { after: [1, 'a'] });
    expect(() => decodeToken(token, { op: 'L', d: 'y' })).toThrow(/Invalid NextToken/);
    expect(() => decodeToken('%%%', { op: 'L' })).toThrow(/Invalid NextToken/);
    expect(decodeToken(undefined, {})).toBeUndefined();
    // A hand-made token with the right fingerprint but a key that is not a finite number.
    const forged = JSON.parse(Buffer.from(encodeToken({ op: 'L' }, { after: [1, 'a'] }), 'base64url').toString());
    forged.a[0] = { not: 'a number' };
    expect(() => decodeToken(Buffer.from(JSON.stringify(forged)).toString('base64url'), { op: 'L' })).toThrow(
      /Invalid NextToken/,
    );
  });

  it('splits limit + 1 rows into a page and a token', () => {
    expect(page([1, 2, 3], 2, {}, (n) => [n, String(n)]).items).toEqual([1, 2]);
    expect(page([1, 2, 3], 2, {}, (n) => [n, String(n)]).nextToken).toBeDefined();
    expect(page([1, 2], 2, {}, (n) => [n, String(n)]).nextToken).toBeUndefined();
  });
});
