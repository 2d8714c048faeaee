// A tuning job's search space: its ParameterRanges checked once, and the two ways the strategies
// see a point — a unit vector (one coordinate per range, in [0, 1]) that random and model-based
// search move in, and the hyperparameter strings a training job gets. Scaling is applied between
// them: a Logarithmic range is uniform in log space, so 1e-4..1 gives each decade the same share.
import type { ParameterRanges } from '@tessera/contracts';

export type Dimension =
  | { kind: 'Continuous' | 'Integer'; name: string; min: number; max: number; scaling: Scaling }
  | { kind: 'Categorical'; name: string; values: string[] };
type Scaling = 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';

export class SpaceError extends Error {}

/** At most this many ranges, as SageMaker allows. */
const MAX_RANGES = 30;

/** Checks the ranges and returns the space; SpaceError with the reason for a range SageMaker refuses too. */
export function parseSpace(ranges: ParameterRanges | undefined, staticNames: string[]): Dimension[] {
  const dims: Dimension[] = [];
  const numeric =
    (kind: 'Continuous' | 'Integer') => (r: NonNullable<ParameterRanges['IntegerParameterRanges']>[0]) => {
      const at = `${kind}ParameterRanges ${r.Name}`;
      const min = Number(r.MinValue);
      const max = Number(r.MaxValue);
      if (r.MinValue.trim() === '' || r.MaxValue.trim() === '' || !Number.isFinite(min) || !Number.isFinite(max))
        throw new SpaceError(`${at}: MinValue and MaxValue must be numbers (got "${r.MinValue}", "${r.MaxValue}")`);
      if (kind === 'Integer' && (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)))
        throw new SpaceError(`${at}: MinValue and MaxValue must be integers (got "${r.MinValue}", "${r.MaxValue}")`);
      if (!Number.isFinite(max - min) || (kind === 'Integer' && !Number.isSafeInteger(max - min + 1)))
        throw new SpaceError(`${at}: the range ${r.MinValue}..${r.MaxValue} is too wide to sample`);
      if (min > max) throw new SpaceError(`${at}: MinValue ${min} is greater than MaxValue ${max}`);
      const scaling: Scaling = !r.ScalingType || r.ScalingType === 'Auto' ? 'Linear' : r.ScalingType;
      if (scaling === 'Logarithmic' && min <= 0)
        throw new SpaceError(`${at}: Logarithmic scaling needs MinValue greater than 0 (got ${min})`);
      if (scaling === 'ReverseLogarithmic' && (kind === 'Integer' || min < 0 || max >= 1))
        throw new SpaceError(
          `${at}: ReverseLogarithmic scaling is for continuous ranges within 0 <= value < 1 (got ${min}..${max})`,
        );
      dims.push({ kind, name: r.Name, min, max, scaling });
    };
  (ranges?.ContinuousParameterRanges ?? []).forEach(numeric('Continuous'));
  (ranges?.IntegerParameterRanges ?? []).forEach(numeric('Integer'));
  for (const r of ranges?.CategoricalParameterRanges ?? []) {
    if (new Set(r.Values).size !== r.Values.length)
      throw new SpaceError(`CategoricalParameterRanges ${r.Name}: a value is listed twice`);
    dims.push({ kind: 'Categorical', name: r.Name, values: r.Values });
  }
  if (!dims.length) throw new SpaceError('ParameterRanges: give at least one range to tune');
  if (dims.length > MAX_RANGES)
    throw new SpaceError(`ParameterRanges: ${dims.length} ranges given, at most ${MAX_RANGES} may be tuned`);
  const seen = new Set<string>();
  for (const d of dims) {
    if (seen.has(d.name)) throw new SpaceError(`ParameterRanges: ${d.name} has more than one range`);
    if (staticNames.includes(d.name))
      throw new SpaceError(
        `ParameterRanges: ${d.name} is also a StaticHyperParameter; a hyperparameter is one or the other`,
      );
    seen.add(d.name);
  }
  return dims;
}

const forward = (d: Extract<Dimension, { min: number }>, u: number): number => {
  const t = Math.min(1, Math.max(0, u));
  if (d.scaling === 'Logarithmic') return Math.exp(Math.log(d.min) + t * (Math.log(d.max) - Math.log(d.min)));
  if (d.scaling === 'ReverseLogarithmic')
    return 1 - Math.exp(Math.log(1 - d.min) + t * (Math.log(1 - d.max) - Math.log(1 - d.min)));
  return d.min + t * (d.max - d.min);
};

const backward = (d: Extract<Dimension, { min: number }>, v: number): number => {
  if (d.max === d.min) return 0.5;
  const span = (a: number, b: number, x: number) => (x - a) / (b - a);
  if (d.scaling === 'Logarithmic') return span(Math.log(d.min), Math.log(d.max), Math.log(Math.max(v, d.min)));
  if (d.scaling === 'ReverseLogarithmic')
    return span(Math.log(1 - d.min), Math.log(1 - d.max), Math.log(1 - Math.min(v, d.max)));
  return span(d.min, d.max, v);
};

/** Integers map [0, 1] onto max - min + 1 equal slices, so the ends are as likely as the middle. */
function integerAt(d: Extract<Dimension, { min: number }>, u: number): number {
  if (d.scaling === 'Linear')
    return Math.min(d.max, d.min + Math.floor(Math.min(1, Math.max(0, u)) * (d.max - d.min + 1)));
  return Math.min(d.max, Math.max(d.min, Math.round(forward(d, u))));
}

/** The hyperparameter strings for a unit vector. */
export function paramsOf(space: Dimension[], u: number[]): Record<string, string> {
  return Object.fromEntries(
    space.map((d, i) => {
      const x = u[i] ?? 0.5;
      if (d.kind === 'Categorical')
        return [d.name, d.values[Math.min(d.values.length - 1, Math.floor(x * d.values.length))]!];
      if (d.kind === 'Integer') return [d.name, String(integerAt(d, x))];
      return [d.name, String(Number(forward(d, x).toPrecision(8)))];
    }),
  );
}

/** The unit vector of a job's hyperparameters, or undefined when one is outside the space (a warm start's parents). */
export function unitOf(space: Dimension[], params: Record<string, string>): number[] | undefined {
  const u: number[] = [];
  for (const d of space) {
    const raw = params[d.name];
    if (raw === undefined) return undefined;
    if (d.kind === 'Categorical') {
      const i = d.values.indexOf(raw);
      if (i < 0) return undefined;
      u.push((i + 0.5) / d.values.length);
      continue;
    }
    const v = Number(raw);
    if (!Number.isFinite(v) || v < d.min || v > d.max) return undefined;
    u.push(
      d.kind === 'Integer' && d.scaling === 'Linear'
        ? (v - d.min + 0.5) / (d.max - d.min + 1)
        : Math.min(1, Math.max(0, backward(d, v))),
    );
  }
  return u;
}

/** How many points a grid over these ranges has (Grid takes categorical ranges only). */
export function gridSize(space: Dimension[]): number {
  return space.reduce((n, d) => n * (d.kind === 'Categorical' ? d.values.length : 1), 1);
}

/** The grid's point number `i` (0-based), the first range varying slowest. */
export function gridPoint(space: Dimension[], i: number): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = i;
  for (let k = space.length - 1; k >= 0; k--) {
    const d = space[k]!;
    if (d.kind !== 'Categorical') continue;
    out[d.name] = d.values[rest % d.values.length]!;
    rest = Math.floor(rest / d.values.length);
  }
  return Object.fromEntries(space.map((d) => [d.name, out[d.name]!]));
}
