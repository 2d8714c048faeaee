import { describe, expect, it } from 'vitest';
import { compileUserRegex, expandedSize, UserRegexError } from './user-regex.ts';

describe('user regular expressions', () => {
  it('match as JavaScript regexes do for the syntax the two engines share', () => {
    const re = compileUserRegex('^(?<level>[A-Z]+) \\[(\\d+)\\]\\s+(\\w+|-)$');
    expect(re.exec('WARN [42]  disk')?.slice(1)).toEqual(['WARN', '42', 'disk']);
    expect(re.test('warn [42] disk')).toBe(false);
    expect(compileUserRegex('caf.').exec('un café')?.[0]).toBe('café');
  });

  it('refuse what RE2 cannot run, saying why', () => {
    const refused: [source: string, why: RegExp][] = [
      ['(a)\\1', /^RE2 does not support backreferences \(invalid escape sequence: \\1\)$/],
      ['(?=a)', /RE2 does not support lookahead/],
      ['(?<!a)b', /RE2 does not support lookbehind/],
      ['(?>a)', /RE2 does not support atomic groups/],
      ['a*+', /RE2 does not support possessive quantifiers/],
      ['((a{20}){20}){20}', /8000 characters long once its counted repetitions/],
      ['[^x]{0,1000}[^y]{0,1000}z', /2001 characters long once its counted repetitions .* at most 1000/],
      ['[a', /^invalid regular expression: missing \]: \[a$/],
      ['a'.repeat(5000), /longer than 4096 characters/],
    ];
    for (const [source, why] of refused) {
      expect(() => compileUserRegex(source), source).toThrow(UserRegexError);
      expect(() => compileUserRegex(source), source).toThrow(why);
    }
  });

  it('count the atoms of a pattern with its counted repetitions written out', () => {
    const sizes: [source: string, size: number][] = [
      ['abc', 3],
      ['a{3}', 3],
      ['(ab){2,5}c', 11],
      ['((a{2}){3}b){4}', 28],
      ['[a-z]{0,10}', 10],
      ['[]a{]{4}', 4], // ] first in a class is a literal, so is a { that opens no repetition
      ['[[:alpha:]]{5}', 5],
      ['\\d{4}-\\d{2}', 7],
      ['\\p{Greek}{3}', 3],
      ['a|b{9}', 10],
      ['x{2,}', 2],
      ['a{,3}', 5],
      ['(a', 1],
      ['(?:\\Qabc\\E|x){4}', 16],
      ['(){999}', 999],
    ];
    for (const [source, size] of sizes) expect(expandedSize(source), source).toBe(size);
  });

  it('accept patterns up to the size limit, which match a 16 KiB line in well under a second', () => {
    const line = 'a'.repeat(16_000);
    const classes = (n: number, k: number) =>
      Array.from({ length: n }, (_, i) => `[^${String.fromCharCode(98 + i)}]{0,${k}}`).join('') + 'z';
    for (const source of [classes(2, 499), classes(10, 99), '.?'.repeat(500) + '[^x]{0,499}z']) {
      const re = compileUserRegex(source);
      const started = performance.now();
      expect(re.exec(line)).toBeNull();
      expect(performance.now() - started, source).toBeLessThan(500);
    }
  });
});
