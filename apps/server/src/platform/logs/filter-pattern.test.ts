import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './filter-pattern.ts';
import { applyFilter } from './log-store.ts';

const lines = [
  '[ERROR] Failed to start worker',
  'WARN disk 91% full',
  'INFO epoch 3 loss=0.12',
  'ERROR Throttling: slow down',
  'error lower case',
];
const keeps = (pattern: string, messages: string[]) => applyFilter(compileFilterPattern(pattern), messages);
const select = async (pattern: string | undefined) => {
  const kept = await applyFilter(compileFilterPattern(pattern), lines);
  return lines.filter((_, i) => kept[i]);
};

describe('filter patterns', () => {
  it('matches everything when empty', async () => {
    expect(await select(undefined)).toEqual(lines);
    expect(await select('   ')).toEqual(lines);
  });

  it('needs every plain term, case-sensitively, anywhere in the message', async () => {
    expect(await select('ERROR')).toEqual(['[ERROR] Failed to start worker', 'ERROR Throttling: slow down']);
    expect(await select('ERROR worker')).toEqual(['[ERROR] Failed to start worker']);
    expect(await select('loss=0.12')).toEqual(['INFO epoch 3 loss=0.12']);
  });

  it('treats a quoted phrase as one term, with escapes', async () => {
    expect(await select('"Failed to start"')).toEqual(['[ERROR] Failed to start worker']);
    expect(await select('"to start worker" ERROR')).toEqual(['[ERROR] Failed to start worker']);
    expect(await keeps('"say \\"hi\\""', ['they say "hi" here'])).toEqual([true]);
  });

  it('matches any ?-term, and excludes -terms', async () => {
    expect(await select('?ERROR ?WARN')).toEqual([
      '[ERROR] Failed to start worker',
      'WARN disk 91% full',
      'ERROR Throttling: slow down',
    ]);
    expect(await select('ERROR -Throttling')).toEqual(['[ERROR] Failed to start worker']);
    expect(await select('?WARN ?INFO -loss')).toEqual(['WARN disk 91% full']);
  });

  it('matches %regex% patterns', async () => {
    expect(await select('%^(WARN|INFO) %')).toEqual(['WARN disk 91% full', 'INFO epoch 3 loss=0.12']);
    expect(await select('%[Ee]rror%')).toEqual(['error lower case']);
  });

  it('refuses what it cannot match faithfully', async () => {
    for (const p of ['{ $.level = "ERROR" }', '[ip, user, status]', '"unterminated', '%(%']) {
      expect(() => compileFilterPattern(p), p).toThrow(FilterPatternError);
    }
    expect(() => compileFilterPattern('{ $.x = 1 }')).toThrow(/JSON filter patterns/);
  });

  it('runs %regex% in linear time: catastrophic patterns over 100 KB lines take milliseconds', async () => {
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
    await keeps('%warm%', ['the worker is started once']);
    for (const [pattern, line, matches] of cases) {
      const started = performance.now();
      expect(await keeps(`%${pattern}%`, [line]), pattern).toEqual([matches]);
      expect(performance.now() - started, `${pattern} over ${line.length} characters`).toBeLessThan(250);
    }
  });

  it('refuses regex syntax RE2 cannot run, saying which pattern and why', async () => {
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
