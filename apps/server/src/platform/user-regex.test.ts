import { describe, expect, it } from 'vitest';
import { compileUserRegex, UserRegexError } from './user-regex.ts';

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
      ['((a{20}){20}){20}', /RE2 allows at most 1000 repetitions/],
      ['[a', /^invalid regular expression: missing \]: \[a$/],
      ['a'.repeat(5000), /longer than 4096 characters/],
    ];
    for (const [source, why] of refused) {
      expect(() => compileUserRegex(source), source).toThrow(UserRegexError);
      expect(() => compileUserRegex(source), source).toThrow(why);
    }
  });
});
