import { describe, expect, it } from 'vitest';
import { gridPoint, gridSize, paramsOf, parseSpace, SpaceError, unitOf } from './space.ts';
import { suggestBayesian, type Observation } from './strategies/bayesian.ts';
import { randomPoint, seededRandom } from './strategies/random.ts';

const space = parseSpace(
  {
    ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.001', MaxValue: '1', ScalingType: 'Logarithmic' }],
    IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '1', MaxValue: '10' }],
    CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
  },
  ['num_round'],
);

describe('the search space', () => {
  it('maps unit vectors to hyperparameters and back, log ranges uniform per decade', () => {
    expect(paramsOf(space, [0, 0, 0])).toEqual({ eta: '0.001', max_depth: '1', booster: 'gbtree' });
    expect(paramsOf(space, [1, 1, 1])).toEqual({ eta: '1', max_depth: '10', booster: 'dart' });
    expect(Number(paramsOf(space, [1 / 3, 0.5, 0.2]).eta)).toBeCloseTo(0.01, 8);
    for (const u of [
      [0.25, 0.55, 0.75],
      [0.9, 0.05, 0.1],
    ]) {
      const p = paramsOf(space, u);
      expect(paramsOf(space, unitOf(space, p)!)).toEqual(p);
    }
    expect(unitOf(space, { eta: '2', max_depth: '3', booster: 'gbtree' })).toBeUndefined();
    // Every integer is as likely: 10 equal slices of [0, 1].
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const d = paramsOf(space, [0.5, (i + 0.5) / 1000, 0]).max_depth!;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual(new Array(10).fill(100));
  });

  it('refuses ranges SageMaker refuses, saying which and why', () => {
    const bad = [
      [{ IntegerParameterRanges: [{ Name: 'a', MinValue: '1.5', MaxValue: '3' }] }, /must be integers/],
      [
        { ContinuousParameterRanges: [{ Name: 'a', MinValue: '0', MaxValue: '1', ScalingType: 'Logarithmic' }] },
        /greater than 0/,
      ],
      [{ ContinuousParameterRanges: [{ Name: 'a', MinValue: '2', MaxValue: '1' }] }, /greater than MaxValue/],
      [{ CategoricalParameterRanges: [{ Name: 'num_round', Values: ['1'] }] }, /StaticHyperParameter/],
      [{ CategoricalParameterRanges: [{ Name: 'a', Values: ['x', 'x'] }] }, /listed twice/],
      [{}, /at least one range/],
      [{ IntegerParameterRanges: [{ Name: 'a', MinValue: '-1e308', MaxValue: '1e308' }] }, /must be integers/],
      [{ ContinuousParameterRanges: [{ Name: 'a', MinValue: '-1e308', MaxValue: '1e308' }] }, /too wide/],
    ] as const;
    for (const [ranges, message] of bad)
      expect(() => parseSpace(ranges as never, ['num_round'])).toThrow(message as RegExp);
    expect(() => parseSpace({}, [])).toThrow(SpaceError);
  });

  it('enumerates a grid once, every point distinct', () => {
    const grid = parseSpace(
      {
        CategoricalParameterRanges: [
          { Name: 'a', Values: ['1', '2', '3'] },
          { Name: 'b', Values: ['x', 'y'] },
        ],
      },
      [],
    );
    expect(gridSize(grid)).toBe(6);
    const points = Array.from({ length: 6 }, (_, i) => JSON.stringify(gridPoint(grid, i)));
    expect(new Set(points).size).toBe(6);
    expect(gridPoint(grid, 0)).toEqual({ a: '1', b: 'x' });
  });
});

describe('the Bayesian strategy', () => {
  // A bowl with its minimum at eta = 0.03, max_depth = 6, booster = dart.
  const f = (p: Record<string, string>) =>
    (Math.log10(Number(p.eta)) - Math.log10(0.03)) ** 2 +
    ((Number(p.max_depth) - 6) / 3) ** 2 +
    (p.booster === 'dart' ? 0 : 0.5);

  function run(strategy: 'Bayesian' | 'Random', seed: number, budget: number): number[] {
    const observed: Observation[] = [];
    const ys: number[] = [];
    for (let seq = 1; seq <= budget; seq++) {
      const rand = seededRandom(seed, `${strategy}/${seq}`);
      const u =
        (strategy === 'Bayesian' && seq > 4 && suggestBayesian(space, observed, [], rand)) || randomPoint(3, rand);
      const y = f(paramsOf(space, u));
      observed.push({ u, y });
      ys.push(y);
    }
    return ys;
  }

  it('finds a better point than random search with the same budget, over several seeds', () => {
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
    let wins = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const bayes = run('Bayesian', seed, 20);
      const random = run('Random', seed, 20);
      expect(Math.min(...bayes)).toBeLessThan(median(random));
      if (Math.min(...bayes) < Math.min(...random)) wins++;
      // The model's choices (after the four random ones) concentrate near the optimum.
      expect(median(bayes.slice(4))).toBeLessThan(median(random.slice(4)) / 2);
    }
    expect(wins).toBeGreaterThanOrEqual(4);
  });

  it('sends parallel suggestions to different places (pending points count as predicted)', () => {
    const rand = seededRandom(7, 'x');
    const observed = Array.from({ length: 6 }, () => {
      const u = randomPoint(3, rand);
      return { u, y: f(paramsOf(space, u)) };
    });
    const first = suggestBayesian(space, observed, [], seededRandom(1, 'a'))!;
    const second = suggestBayesian(space, observed, [first], seededRandom(1, 'a'))!;
    expect(paramsOf(space, second)).not.toEqual(paramsOf(space, first));
  });

  it('keeps a step short on the widest space SageMaker allows (30 ranges of 30 values)', () => {
    const wide = parseSpace(
      {
        CategoricalParameterRanges: Array.from({ length: 30 }, (_, i) => ({
          Name: `c${i}`,
          Values: Array.from({ length: 30 }, (_, j) => `v${j}`),
        })),
      },
      [],
    );
    const rand = seededRandom(3, 'wide');
    const observed = Array.from({ length: 400 }, () => ({ u: randomPoint(30, rand), y: rand() }));
    const pending = Array.from({ length: 100 }, () => randomPoint(30, rand));
    const started = performance.now();
    const u = suggestBayesian(wide, observed, pending, rand);
    const ms = performance.now() - started;
    expect(u).toHaveLength(30);
    // Measured about 0.3 s here; the bound only catches a return of the unbounded cost (minutes).
    expect(ms).toBeLessThan(5_000);
  });
});
