import { describe, expect, it } from 'vitest';
import { assemble, outputLocation, parseManifest, relativeKey } from './assemble.ts';

describe('assemble', () => {
  it('Line ends every chunk with a newline, adding none that is there; None concatenates', () => {
    expect(assemble(['1', '2\n', Buffer.from('3\n4')], 'Line').toString()).toBe('1\n2\n3\n4\n');
    expect(assemble(['{"a":1}', '{"a":2}'], 'None').toString()).toBe('{"a":1}{"a":2}');
    expect(assemble([], 'Line').length).toBe(0);
  });
  it('keeps the key relative to the prefix (or its folder) and names the output .out', () => {
    expect(relativeKey('in/', 'in/a.csv')).toBe('a.csv');
    expect(relativeKey('in', 'in/sub/a.csv')).toBe('sub/a.csv');
    expect(relativeKey('data/in', 'data/input-2/a.csv')).toBe('input-2/a.csv');
    expect(relativeKey('data/in/a.csv', 'data/in/a.csv')).toBe('a.csv');
    expect(relativeKey('', 'a.csv')).toBe('a.csv');
    expect(outputLocation('s3://b/out/', 'sub/a.csv')).toEqual({ bucket: 'b', key: 'out/sub/a.csv.out' });
    expect(outputLocation('s3://b', 'a.csv')).toEqual({ bucket: 'b', key: 'a.csv.out' });
  });
  it('reads a manifest: a prefix then keys relative to it', () => {
    expect(parseManifest('[{"prefix":"s3://b/data/"},"x.csv","sub/y.csv"]')).toEqual({
      bucket: 'b',
      objects: [
        { key: 'data/x.csv', relative: 'x.csv' },
        { key: 'data/sub/y.csv', relative: 'sub/y.csv' },
      ],
    });
    expect(() => parseManifest('["x.csv"]')).toThrow(/first item/);
    expect(() => parseManifest('nope')).toThrow(/not JSON/);
  });
});
