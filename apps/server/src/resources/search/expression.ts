// Search's filters, evaluated over a resource's description. A property name is a dotted path
// ("TrainingJobName", "HyperParameters.eta", "Metrics.validation:rmse", "Tags.team",
// "InputDataConfig.ChannelName"); a path through a list reaches every element. Keys that hold dots
// themselves are found by trying the longest key first. Values wrapped as SageMaker wraps them
// ({NumberValue}, {StringValue}, an artifact's {Value}, a metric summary's Last) compare as what
// they wrap. Numbers compare as numbers, times (epoch seconds) also against ISO dates, text as text.
import type { SearchExpression, SearchFilter } from '@tessera/contracts';

type Doc = Record<string, unknown>;

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What SageMaker wraps a value in, unwrapped. */
export function unwrap(v: unknown): unknown {
  if (!isObject(v)) return v;
  if ('NumberValue' in v) return v.NumberValue;
  if ('StringValue' in v) return v.StringValue;
  if ('Last' in v) return v.Last;
  if ('Value' in v && Object.keys(v).every((k) => k === 'Value' || k === 'MediaType')) return v.Value;
  return v;
}

/** Every value at the dotted path (none when it is not there). */
export function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (!path.length) return doc === undefined || doc === null ? [] : Array.isArray(doc) ? doc : [doc];
  if (Array.isArray(doc)) return doc.flatMap((d) => valuesAt(d, path));
  if (!isObject(doc)) return [];
  for (let k = path.length; k >= 1; k--) {
    const key = path.slice(0, k).join('.');
    if (Object.hasOwn(doc, key)) return valuesAt(doc[key], path.slice(k));
  }
  return [];
}

/** a − b in the order of their kind, or undefined when they do not compare. */
function compare(a: unknown, b: string): number | undefined {
  const v = unwrap(a);
  const n = Number(b);
  const numeric = b.trim() !== '' && Number.isFinite(n);
  if (typeof v === 'number') {
    if (numeric) return v - n;
    const t = Date.parse(b);
    return Number.isNaN(t) ? undefined : v - t / 1000;
  }
  if (typeof v === 'boolean') return String(v) === b.toLowerCase() ? 0 : String(v) < b.toLowerCase() ? -1 : 1;
  if (typeof v === 'string') {
    const m = Number(v);
    if (numeric && v.trim() !== '' && Number.isFinite(m)) return m - n;
    return v === b ? 0 : v < b ? -1 : 1;
  }
  return undefined;
}

function test(values: unknown[], f: SearchFilter): boolean {
  const op = f.Operator ?? (f.Value === undefined ? 'Exists' : 'Equals');
  if (op === 'Exists') return values.length > 0;
  if (op === 'NotExists') return values.length === 0;
  const value = f.Value ?? '';
  if (op === 'NotEquals') return !values.some((v) => compare(v, value) === 0);
  if (op === 'In') {
    const options = value.split(',').map((o) => o.trim());
    return values.some((v) => options.some((o) => compare(v, o) === 0));
  }
  if (op === 'Contains')
    return values.some((v) => {
      const u = unwrap(v);
      return (typeof u === 'string' || typeof u === 'number') && String(u).includes(value);
    });
  return values.some((v) => {
    const c = compare(v, value);
    if (c === undefined) return false;
    return op === 'Equals'
      ? c === 0
      : op === 'GreaterThan'
        ? c > 0
        : op === 'GreaterThanOrEqualTo'
          ? c >= 0
          : op === 'LessThan'
            ? c < 0
            : c <= 0;
  });
}

type Test = (doc: unknown) => boolean;

function compileFilter(f: SearchFilter, strip = ''): Test {
  const name = strip && f.Name.startsWith(`${strip}.`) ? f.Name.slice(strip.length + 1) : f.Name;
  const path = name.split('.');
  return (doc) => test(valuesAt(doc, path), f);
}

/**
 * The expression as one test, its paths split once: a search runs it over thousands of
 * descriptions. And/Or stop at the first result that decides.
 */
export function compile(e: SearchExpression | undefined, depth = 0): Test {
  if (!e) return () => true;
  if (depth > 5) return () => false;
  const tests: Test[] = [
    ...(e.Filters ?? []).map((f) => compileFilter(f)),
    ...(e.NestedFilters ?? []).map((nested): Test => {
      const prefix = nested.NestedPropertyName.split('.');
      const each = nested.Filters.map((f) => compileFilter(f, nested.NestedPropertyName));
      // One element of the list must satisfy every filter.
      return (doc) => valuesAt(doc, prefix).some((element) => each.every((t) => t(element)));
    }),
    ...(e.SubExpressions ?? []).map((sub) => compile(sub, depth + 1)),
  ];
  return e.Operator === 'Or' ? (doc) => tests.some((t) => t(doc)) : (doc) => tests.every((t) => t(doc));
}

export const matches = (doc: unknown, e: SearchExpression | undefined) => compile(e)(doc);

/** The sort key at a path: its first value, unwrapped, if it is a number or text. */
export function sortKey(doc: unknown, path: string): number | string | undefined {
  const v = unwrap(valuesAt(doc, path.split('.'))[0]);
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/** Every property path of a description, as Search names them (GetSearchSuggestions). */
export function propertyNames(doc: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(doc)) {
    for (const d of doc) propertyNames(d, prefix, out);
    return out;
  }
  const v = unwrap(doc);
  if (!isObject(v)) {
    if (prefix) out.add(prefix);
    return out;
  }
  if (prefix && v !== doc) out.add(prefix);
  for (const [k, child] of Object.entries(v)) propertyNames(child, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
