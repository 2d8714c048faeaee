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
});
