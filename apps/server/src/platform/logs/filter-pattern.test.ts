import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.ts';

const lines = [
  '[ERROR] Failed to start worker',
  'WARN disk 91% full',
  'INFO epoch 3 loss=0.12',
  'ERROR Throttling: slow down',
  'error lower case',
];
const select = (pattern: string | undefined) => lines.filter(compileFilterPattern(pattern));

describe('filter patterns', () => {
  it('matches everything when empty', () => {
    expect(select(undefined)).toEqual(lines);
    expect(select('   ')).toEqual(lines);
  });

  it('needs every plain term, case-sensitively, anywhere in the message', () => {
    expect(select('ERROR')).toEqual(['[ERROR] Failed to start worker', 'ERROR Throttling: slow down']);
    expect(select('ERROR worker')).toEqual(['[ERROR] Failed to start worker']);
    expect(select('loss=0.12')).toEqual(['INFO epoch 3 loss=0.12']);
  });

  it('treats a quoted phrase as one term, with escapes', () => {
    expect(select('"Failed to start"')).toEqual(['[ERROR] Failed to start worker']);
    expect(select('"to start worker" ERROR')).toEqual(['[ERROR] Failed to start worker']);
    expect(compileFilterPattern('"say \\"hi\\""')('they say "hi" here')).toBe(true);
  });

  it('matches any ?-term, and excludes -terms', () => {
    expect(select('?ERROR ?WARN')).toEqual([
      '[ERROR] Failed to start worker',
      'WARN disk 91% full',
      'ERROR Throttling: slow down',
    ]);
    expect(select('ERROR -Throttling')).toEqual(['[ERROR] Failed to start worker']);
    expect(select('?WARN ?INFO -loss')).toEqual(['WARN disk 91% full']);
  });

  it('matches %regex% patterns', () => {
    expect(select('%^(WARN|INFO) %')).toEqual(['WARN disk 91% full', 'INFO epoch 3 loss=0.12']);
    expect(select('%[Ee]rror%')).toEqual(['error lower case']);
  });

  it('refuses what it cannot match faithfully', () => {
    for (const p of ['{ $.level = "ERROR" }', '[ip, user, status]', '"unterminated', '%(%']) {
      expect(() => compileFilterPattern(p), p).toThrow(FilterPatternError);
    }
    expect(() => compileFilterPattern('{ $.x = 1 }')).toThrow(/JSON filter patterns/);
  });

  it('runs %regex% in linear time: catastrophic patterns over 100 KB lines take milliseconds', () => {
    const cases: [pattern: string, line: string, matches: boolean][] = [
      ['(a+)+$', 'a'.repeat(50) + '!', false],
      ['(a+)+$', 'a'.repeat(100_000) + '!', false],
      ['(a+)+$', 'a'.repeat(100_000), true],
      ['(a|aa)+$', 'a'.repeat(100_000) + '!', false],
      ['(x+x+)+y', 'x'.repeat(100_000), false],
      ['(x+x+)+y', 'x'.repeat(100_000) + 'y', true],
      ['(\\w+\\s?)+$', 'word '.repeat(20_000) + '!', false],
      ['((a*)*)*b', 'a'.repeat(100_000), false],
    ];
    for (const [pattern, line, matches] of cases) {
      const started = performance.now();
      expect(compileFilterPattern(`%${pattern}%`)(line), pattern).toBe(matches);
      expect(performance.now() - started, `${pattern} over ${line.length} characters`).toBeLessThan(250);
    }
  });

  it('refuses regex syntax RE2 cannot run, saying which pattern and why', () => {
    const refused: [pattern: string, why: RegExp][] = [
      ['%(a)\\1%', /RE2 does not support backreferences/],
      ['%(?<w>a)\\k<w>%', /RE2 does not support backreferences/],
      ['%ERROR(?=:)%', /RE2 does not support lookahead/],
      ['%(?<!WARN )ERROR%', /RE2 does not support lookbehind/],
      ['%(?>a+)b%', /RE2 does not support atomic groups/],
      ['%a++%', /RE2 does not support possessive quantifiers/],
      ['%(ab%', /missing \)/],
    ];
    for (const [pattern, why] of refused) {
      let error: unknown;
      try {
        compileFilterPattern(pattern);
      } catch (err) {
        error = err;
      }
      expect(error, pattern).toBeInstanceOf(FilterPatternError);
      expect((error as Error).message, pattern).toMatch(why);
      expect((error as Error).message, pattern).toContain(JSON.stringify(pattern));
      expect((error as Error).message, pattern).toMatch(/%regex% patterns use RE2 syntax/);
    }
  });
});
