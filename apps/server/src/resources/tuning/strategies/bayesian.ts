// The Bayesian strategy: a Gaussian process models the objective over the space from the jobs that
// have reported it; the next job is the candidate of highest expected improvement. Jobs still
// running count as if they had returned the model's prediction ("kriging believer"), so jobs
// started side by side go to different places. Categorical ranges enter the model one-hot; the
// objective enters as normal scores of its ranks (a Gaussian copula, as in Salinas et al. 2020),
// so the model follows the order of the results, not the size of the worst one.
import { type Dimension, paramsOf } from '../space.ts';
import { expectedImprovement, fitGaussianProcess, normalScores } from './gaussian-process.ts';
import { gaussian, randomPoint } from './random.ts';

export interface Observation {
  /** The point, as a unit vector of the space. */
  u: number[];
  /** The objective, made smaller-is-better (negated for Maximize). */
  y: number;
}

const RANDOM_CANDIDATES = 1500;
const LOCAL_CANDIDATES = 150;
const LOCAL_AROUND = 5;
/** At most this many observations go into the model: the best half and the most recent. */
const MAX_MODELLED = 100;
/** At most this many running jobs are believed (the most recent); more add little. */
const MAX_PENDING = 20;
/**
 * What scoring the candidates may cost, in kernel terms (points × (features + points)): it runs on
 * the server's thread, so a wide space (many categorical values) gets fewer candidates, not more time.
 */
const SCORING_BUDGET = 4e7;

/** The model's view of a point: numeric coordinates as they are, a categorical range one-hot. */
function features(space: Dimension[], u: number[]): number[] {
  return space.flatMap((d, i) => {
    const x = u[i]!;
    if (d.kind !== 'Categorical') return [x];
    const k = Math.min(d.values.length - 1, Math.floor(x * d.values.length));
    // 1/√2 per coordinate: two different values are distance 1 apart, like the ends of a numeric range.
    return d.values.map((_, j) => (j === k ? Math.SQRT1_2 : 0));
  });
}

/** How many random points the strategy starts with before it trusts its model. */
export const initialRandomPoints = (space: Dimension[]) => Math.min(10, Math.max(3, space.length + 1));

/** The next point, or undefined when there is nothing to model yet (the caller picks at random). */
export function suggestBayesian(
  space: Dimension[],
  observed: Observation[],
  pending: number[][],
  rand: () => number,
): number[] | undefined {
  if (observed.length < 2) return undefined;
  const sorted = [...observed].sort((a, b) => a.y - b.y);
  const modelled =
    observed.length <= MAX_MODELLED
      ? observed
      : [...new Set([...sorted.slice(0, MAX_MODELLED / 2), ...observed.slice(-MAX_MODELLED / 2)])];
  let xs = modelled.map((o) => features(space, o.u));
  let ys = normalScores(modelled.map((o) => o.y));
  const believing = pending.slice(-MAX_PENDING);
  if (believing.length) {
    const first = fitGaussianProcess(xs, ys);
    const believed = believing.map((u) => first.predict(features(space, u)).mean);
    xs = [...xs, ...believing.map((u) => features(space, u))];
    ys = [...ys, ...believed];
  }
  const model = fitGaussianProcess(xs, ys);
  const best = Math.min(...ys);
  const spread = Math.max(...ys) - best;
  const taken = new Set([...observed.map((o) => o.u), ...pending].map((u) => JSON.stringify(paramsOf(space, u))));

  const n = xs.length;
  const share = Math.min(
    1,
    SCORING_BUDGET / ((RANDOM_CANDIDATES + LOCAL_AROUND * LOCAL_CANDIDATES) * n * (xs[0]!.length + n)),
  );
  const candidates: number[][] = [];
  for (let i = 0; i < Math.ceil(RANDOM_CANDIDATES * share); i++) candidates.push(randomPoint(space.length, rand));
  for (const o of sorted.slice(0, LOCAL_AROUND))
    for (let i = 0; i < Math.ceil(LOCAL_CANDIDATES * share); i++)
      candidates.push(
        o.u.map((x, k) =>
          space[k]!.kind === 'Categorical'
            ? rand() < 0.2
              ? rand()
              : x
            : Math.min(1, Math.max(0, x + 0.05 * gaussian(rand))),
        ),
      );
  let choice: { u: number[]; ei: number } | undefined;
  for (const u of candidates) {
    if (taken.has(JSON.stringify(paramsOf(space, u)))) continue;
    const ei = expectedImprovement(model.predict(features(space, u)), best, 0.01 * spread);
    if (!choice || ei > choice.ei) choice = { u, ei };
  }
  return choice?.u;
}
