// A Gaussian-process regression over the unit cube: Matérn 5/2 kernel, the length scale and noise
// chosen by the marginal likelihood over a small grid, targets standardised. It is the model
// behind the Bayesian strategy (bayesian.ts); the sizes here (a few hundred points at most) keep
// its Cholesky factorisation to milliseconds.

export interface Fitted {
  /** Posterior mean and standard deviation at x, in the targets' own units. */
  predict(x: number[]): { mean: number; sd: number };
}

const LENGTH_SCALES = [0.05, 0.1, 0.2, 0.35, 0.6, 1, 1.6];
const NOISES = [1e-6, 1e-4, 1e-2, 0.05];

const squaredDistance = (a: number[], b: number[]) => {
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i]! - b[i]!) ** 2;
  return d2;
};

/** The kernel at squared distance d2 for length scale ell. */
function matern52(d2: number, ell: number): number {
  const r = Math.sqrt(5 * d2) / ell;
  return (1 + r + (r * r) / 3) * Math.exp(-r);
}

/** Lower-triangular L with L Lᵀ = K, or undefined when K is not positive definite. */
function cholesky(k: number[][]): number[][] | undefined {
  const n = k.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = k[i]![j]!;
      for (let p = 0; p < j; p++) sum -= l[i]![p]! * l[j]![p]!;
      if (i === j) {
        if (sum <= 0) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  return l;
}

/** Solves L z = b (forward) or Lᵀ z = b (backward). */
function solve(l: number[][], b: number[], transpose: boolean): number[] {
  const n = b.length;
  const z = new Array<number>(n).fill(0);
  if (!transpose) {
    for (let i = 0; i < n; i++) {
      let s = b[i]!;
      for (let p = 0; p < i; p++) s -= l[i]![p]! * z[p]!;
      z[i] = s / l[i]![i]!;
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i]!;
      for (let p = i + 1; p < n; p++) s -= l[p]![i]! * z[p]!;
      z[i] = s / l[i]![i]!;
    }
  }
  return z;
}

/** Fits the process to (xs, ys); throws when given no points. */
export function fitGaussianProcess(xs: number[][], ys: number[]): Fitted {
  if (!xs.length) throw new Error('a Gaussian process needs at least one observation');
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length) || 1;
  const y = ys.map((v) => (v - mean) / sd);
  let best: { ll: number; l: number[][]; alpha: number[]; ell: number } | undefined;
  // The distances once, the kernel for each length scale from them: the features may be wide.
  const d2 = xs.map((a) => xs.map((b) => squaredDistance(a, b)));
  for (const ell of LENGTH_SCALES) {
    const base = d2.map((row) => row.map((v) => matern52(v, ell)));
    for (const noise of NOISES) {
      const l = cholesky(base.map((row, i) => row.map((v, j) => (i === j ? v + noise : v))));
      if (!l) continue;
      const alpha = solve(l, solve(l, y, false), true);
      let ll = -0.5 * y.reduce((s, v, i) => s + v * alpha[i]!, 0);
      for (let i = 0; i < l.length; i++) ll -= Math.log(l[i]![i]!);
      if (!best || ll > best.ll) best = { ll, l, alpha, ell };
    }
  }
  if (!best) throw new Error('the Gaussian process could not be fitted');
  const { l, alpha, ell } = best;
  return {
    predict(x) {
      const k = xs.map((a) => matern52(squaredDistance(a, x), ell));
      const m = k.reduce((s, v, i) => s + v * alpha[i]!, 0);
      const v = solve(l, k, false);
      const variance = Math.max(1e-12, 1 - v.reduce((s, q) => s + q * q, 0));
      return { mean: mean + m * sd, sd: Math.sqrt(variance) * sd };
    },
  };
}

const SQRT2 = Math.sqrt(2);
/** erf by Abramowitz and Stegun 7.1.26 (error below 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Expected improvement below `best` (the targets are minimised). */
export function expectedImprovement(p: { mean: number; sd: number }, best: number, xi = 0.01): number {
  const improvement = best - p.mean - xi;
  if (p.sd <= 1e-12) return Math.max(0, improvement);
  const z = improvement / p.sd;
  const cdf = 0.5 * (1 + erf(z / SQRT2));
  const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  return improvement * cdf + p.sd * pdf;
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The values by rank, as normal scores (a Gaussian copula): the model then sees the order of the
 * objective, not its scale, so one very bad job does not flatten everything else into "good".
 */
export function normalScores(ys: number[]): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(ys.length);
  for (let k = 0; k < order.length;) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]!.y === order[k]!.y) j++;
    const score = normalQuantile((k + j + 2) / 2 / (ys.length + 1));
    for (let m = k; m <= j; m++) out[order[m]!.i] = score;
    k = j + 1;
  }
  return out;
}
