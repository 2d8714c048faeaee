import { describe, expect, it } from 'vitest';
import { isIdentity, JsonPathError, parseJsonPath, selectPath } from './json-path.ts';

const sel = (expr: string, v: unknown) => selectPath(parseJsonPath(expr), v);
const row = ['id7', '1.5', '2', '3'];

describe('JSONPath subset', () => {
  it('passes everything through with $ (or nothing)', () => {
    expect(isIdentity(parseJsonPath('$'))).toBe(true);
    expect(isIdentity(parseJsonPath(''))).toBe(true);
    expect(sel('$', row)).toBe(row);
  });
  it('slices, unions and single indexes on arrays (CSV fields)', () => {
    expect(sel('$[1:]', row)).toEqual(['1.5', '2', '3']);
    expect(sel('$[1:3]', row)).toEqual(['1.5', '2']);
    expect(sel('$[:2]', row)).toEqual(['id7', '1.5']);
    expect(sel('$[0,2]', row)).toEqual(['id7', '2']);
    expect(sel('$[0,-1]', row)).toEqual(['id7', '3']);
    expect(sel('$[0,2:]', row)).toEqual(['id7', '2', '3']);
    expect(sel('$[-2:]', row)).toEqual(['2', '3']);
    expect(sel('$[1]', row)).toBe('1.5');
    expect(sel('$[*]', row)).toEqual(row);
  });
  it('names on objects: one gives the value, several an object of them; chains', () => {
    const rec = { id: 3, features: [1, 2, 3], meta: { w: 0.5 } };
    expect(sel('$.features', rec)).toEqual([1, 2, 3]);
    expect(sel("$['features']", rec)).toEqual([1, 2, 3]);
    expect(sel("$['id','features']", rec)).toEqual({ id: 3, features: [1, 2, 3] });
    expect(sel('$.features[1:]', rec)).toEqual([2, 3]);
    expect(sel('$.meta.w', rec)).toBe(0.5);
  });
  it('reports indexes outside the record, missing keys and wrong shapes', () => {
    expect(() => sel('$[4]', row)).toThrow(/index 4 is outside a record of 4 fields/);
    expect(() => sel('$[0,9]', row)).toThrow(JsonPathError);
    expect(() => sel('$.nope', { a: 1 })).toThrow(/no key "nope"/);
    expect(() => sel('$.a', row)).toThrow(/has no keys/);
    expect(() => sel('$[0]', { a: 1 })).toThrow(/indexes need an array/);
  });
  it('refuses what it does not speak, saying where', () => {
    for (const bad of ['features', '$..a', '$[?(@.a)]', '$[1', '$[a]', '$x'])
      expect(() => parseJsonPath(bad)).toThrow(JsonPathError);
    expect(() => parseJsonPath('$[1')).toThrow(/never closed/);
  });
});
