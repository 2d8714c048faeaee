import { describe, expect, it } from 'vitest';
import { medianRule } from './early-stopping.ts';

const curve = (offset: number, n: number) => Array.from({ length: n }, (_, e) => offset + 1 / (e + 1));

describe('the median stopping rule', () => {
  const earlier = [curve(0, 10), curve(1, 10), curve(2, 10)];

  it('stops a job whose best trails the median of the earlier running averages', () => {
    const d = medianRule(curve(10, 3), earlier);
    expect(d.stop).toBe(true);
    // The median of the averages over 3 reports is the offset-1 job's: 1 + (1 + 1/2 + 1/3) / 3.
    expect(d.median).toBeCloseTo(1 + (1 + 1 / 2 + 1 / 3) / 3, 10);
    expect(d.best).toBeCloseTo(10 + 1 / 3, 10);
  });

  it('lets a job at or above the median run', () => {
    expect(medianRule(curve(0.5, 5), earlier).stop).toBe(false);
  });

  it('needs three earlier jobs that reported as often, and three reports', () => {
    expect(medianRule(curve(10, 3), earlier.slice(0, 2)).stop).toBe(false);
    expect(medianRule(curve(10, 2), earlier).stop).toBe(false);
    expect(medianRule(curve(10, 11), earlier).stop).toBe(false);
  });

  it('takes a series of any length (a job printing its metric in a loop)', () => {
    expect(medianRule(curve(10, 300_000), [curve(0, 300_000), curve(1, 300_000), curve(2, 300_000)]).stop).toBe(true);
  });
});
