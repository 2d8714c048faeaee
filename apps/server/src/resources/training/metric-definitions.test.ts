import { describe, expect, it } from 'vitest';
import { compileMetrics, extractMetrics } from './metric-definitions.ts';

describe('metric definitions', () => {
  it('reads the first capture group of every matching definition', () => {
    const defs = compileMetrics([
      { Name: 'train:rmse', Regex: '.*\\[\\d+\\].*#011train-rmse:([-+]?[0-9]*\\.?[0-9]+)' },
      { Name: 'validation:rmse', Regex: 'validation-rmse:([0-9.]+)' },
    ]);
    const samples = extractMetrics(defs, [
      { timestamp: 1, message: '[0]#011train-rmse:0.51#011validation-rmse:0.62' },
      { timestamp: 2, message: 'unrelated line' },
      { timestamp: 3, message: '[1]#011train-rmse:0.41#011validation-rmse:0.52' },
    ]);
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
});
