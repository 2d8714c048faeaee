import { describe, expect, it } from 'vitest';
import { compileMetrics, extractMetrics, MetricDefinitionError } from './metric-definitions.ts';

describe('metric definitions', () => {
  it('reads the first capture group of every matching definition', async () => {
    const defs = compileMetrics([
      { Name: 'train:rmse', Regex: '.*\\[\\d+\\].*#011train-rmse:([-+]?[0-9]*\\.?[0-9]+)' },
      { Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' },
    ]);
    const samples = (
      await extractMetrics(defs, [
        { timestamp: 1, message: '[0]#011train-rmse:0.51#011validation-rmse:0.62' },
        { timestamp: 2, message: 'unrelated line' },
        { timestamp: 3, message: '[1]#011train-rmse:0.41#011validation-rmse:0.52' },
      ])
    ).samples;
    expect(samples).toEqual([
      { name: 'train:rmse', value: 0.51, timestamp: 1 },
      { name: 'validation:rmse', value: 0.62, timestamp: 1 },
      { name: 'train:rmse', value: 0.41, timestamp: 3 },
      { name: 'validation:rmse', value: 0.52, timestamp: 3 },
    ]);
  });
  it('names the definition whose regex does not compile', () => {
    expect(() => compileMetrics([{ Name: 'loss', Regex: 'loss=([0-9' }])).toThrow(/loss/);
  });

  it('reads Python-style named groups, which RE2 shares with Python re', async () => {
    const defs = compileMetrics([{ Name: 'loss', Regex: 'loss=(?P<value>[0-9.]+)' }]);
    expect((await extractMetrics(defs, [{ timestamp: 5, message: 'epoch 2 loss=0.25' }])).samples).toEqual([
      { name: 'loss', value: 0.25, timestamp: 5 },
    ]);
  });

  it('applies catastrophic regexes to 100 KB lines in milliseconds', async () => {
    const defs = compileMetrics([
      { Name: 'a', Regex: '(a+)+$' },
      { Name: 'alt', Regex: '(a|aa)+$' },
      { Name: 'x', Regex: '(x+x+)+y' },
      { Name: 'loss', Regex: 'loss=([0-9.]+)' },
    ]);
    const lines = [
      { timestamp: 1, message: 'a'.repeat(50) + '!' },
      { timestamp: 2, message: 'a'.repeat(100_000) + '!' },
      { timestamp: 3, message: 'x'.repeat(100_000) },
      { timestamp: 4, message: 'loss=0.5' },
    ];
    await extractMetrics(defs, [{ timestamp: 0, message: 'the worker is started once' }]);
    const started = performance.now();
    expect((await extractMetrics(defs, lines)).samples).toEqual([{ name: 'loss', value: 0.5, timestamp: 4 }]);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('refuses regexes RE2 cannot run, naming the definition and why', () => {
    const refused: [regex: string, why: RegExp][] = [
      ['(\\d)\\1', /RE2 does not support backreferences/],
      ['(?P<v>\\d)(?P=v)', /RE2 does not support backreferences/],
      ['loss=(?=[0-9])([0-9.]+)', /RE2 does not support lookahead/],
      ['(?<=loss=)([0-9.]+)', /RE2 does not support lookbehind/],
    ];
    for (const [Regex, why] of refused) {
      const ok = { Name: 'ok', Regex: 'ok=([0-9]+)' };
      expect(() => compileMetrics([ok, { Name: 'train:loss', Regex }]), Regex).toThrow(MetricDefinitionError);
      expect(() => compileMetrics([ok, { Name: 'train:loss', Regex }]), Regex).toThrow(why);
      expect(() => compileMetrics([ok, { Name: 'train:loss', Regex }]), Regex).toThrow(
        /^MetricDefinitions\[1\] \(train:loss\): .*; MetricDefinitions regexes use RE2 syntax here/,
      );
    }
  });

  it('refuses definitions whose sizes together exceed what every line can afford', () => {
    const heavy = (i: number) => ({ Name: `m${i}`, Regex: `m${i}=([0-9]{1,9}[^x]{0,900})` });
    expect(() => compileMetrics([1, 2, 3, 4].map(heavy))).not.toThrow();
    expect(() => compileMetrics([1, 2, 3, 4, 5].map(heavy))).toThrow(
      /MetricDefinitions: the regexes together are 4[0-9]{3} characters long .* at most 4000/,
    );
  });
});
