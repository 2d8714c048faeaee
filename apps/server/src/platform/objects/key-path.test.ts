import { describe, expect, it } from 'vitest';
import { bucketNameProblem } from './bucket-name.ts';
import { decodePiece, encodePiece, keyBytes, keyPieces, objectPath, parseEntry, PIECE_BYTES } from './key-path.ts';

const path = (key: string) => objectPath(keyBytes(key)!);

describe('key → path', () => {
  it('gives an object and the keys below it separate names', () => {
    expect(path('a')).toBe('a~o');
    expect(path('a/b')).toBe('a+/b~o');
    expect(path('a/')).toBe('a+~o');
    expect(path('data/train/part-0001.csv')).toBe('data+/train+/part-0001.csv~o');
  });

  it('never yields a name that climbs out, hides, or contains a separator', () => {
    for (const key of [
      '../x',
      '..',
      '.',
      './a',
      '/etc/passwd',
      '//x',
      '..%2F..%2Fx',
      'a/../../b',
      '~o',
      'a~o/b',
      '\0',
      '.hidden',
      'a\\..\\b',
    ]) {
      const names = path(key).split('/');
      for (const name of names) {
        expect(name).not.toMatch(/^\.|^$|\\|\0|^~/);
      }
      expect(names.slice(0, -1).every((n) => !n.endsWith('~o'))).toBe(true);
    }
    expect(path('../x')).toBe('%2E.+/x~o');
    expect(path('/etc/passwd')).toBe('+/etc+/passwd~o');
  });

  it('cuts long segments so every name fits in 255 bytes, and round-trips every byte', () => {
    const key = 'é'.repeat(512); // 1024 bytes, each encoded as %XX
    const names = path(key).split('/');
    expect(names.length).toBe(Math.ceil(1024 / PIECE_BYTES));
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(255);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const piece of keyPieces(all)) expect(decodePiece(encodePiece(piece))!.equals(piece)).toBe(true);
  });

  it('refuses empty, over-long and malformed keys, and names it did not write', () => {
    expect(keyBytes('')).toBeUndefined();
    expect(keyBytes('x'.repeat(1024))).toBeDefined();
    expect(keyBytes('x'.repeat(1025))).toBeUndefined();
    expect(keyBytes('\ud800')).toBeUndefined(); // a lone surrogate is not UTF-8
    expect(decodePiece('a%2e')).toBeUndefined(); // lower-case hex is not ours
    expect(decodePiece('%61')).toBeUndefined(); // "a" would be written plainly
    expect(parseEntry('~tmp', true)).toBeUndefined();
    expect(parseEntry('notes.txt', false)).toBeUndefined();
    expect(parseEntry('short', true)).toBeUndefined(); // a directory must end in "/" or be a full piece
    expect(parseEntry('a+', true)).toMatchObject({ object: false });
    expect(parseEntry('a~o', false)).toMatchObject({ object: true });
  });
});

describe('bucket names', () => {
  it("follows S3's rules", () => {
    for (const ok of ['abc', 'my-bucket.data', 'a'.repeat(63), '1bucket'])
      expect(bucketNameProblem(ok)).toBeUndefined();
    for (const bad of [
      'ab',
      'a'.repeat(64),
      'My-Bucket',
      '-abc',
      'abc-',
      'a..b',
      'a.-b',
      '192.168.1.1',
      'xn--abc',
      'abc-s3alias',
      '..',
      'a/b',
      'a_b',
    ]) {
      expect(bucketNameProblem(bad), bad).toBeDefined();
    }
  });
});
