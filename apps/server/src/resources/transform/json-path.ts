// The JSONPath subset batch transform's InputFilter and OutputFilter use (SageMaker's examples:
// "$", "$[1:]", "$[0,5:]", "$.features", "$['id','SageMakerOutput']"). A CSV record is filtered as
// the JSON array of its fields. Results are shaped the way those filters are meant: one name or
// one index gives the value itself; several names give an object of them; slices, unions and
// wildcards give an array. An index outside the record is an error, as SageMaker reports it;
// slices clamp, as slices do.

export type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number }
  | { kind: 'wildcard' };

export interface JsonPath {
  source: string;
  /** Each segment is one `.name` or `[...]`, applied in turn. */
  segments: Selector[][];
}

export class JsonPathError extends Error {}

/** Parses `expr`; throws JsonPathError saying where it stops making sense. Empty means `$`. */
export function parseJsonPath(expr: string): JsonPath {
  const src = expr.trim() || '$';
  if (src[0] !== '$') throw new JsonPathError(`${expr} must start with $`);
  const segments: Selector[][] = [];
  let i = 1;
  const fail = (why: string): never => {
    throw new JsonPathError(`${expr}: ${why} at position ${i}`);
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      i++;
      if (src[i] === '.') fail('recursive descent (..) is not supported');
      if (src[i] === '*') {
        i++;
        segments.push([{ kind: 'wildcard' }]);
        continue;
      }
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
      if (!m) fail('expected a name after "."');
      segments.push([{ kind: 'name', name: m![0] }]);
      i += m![0].length;
    } else if (c === '[') {
      i++;
      const close = findClose(src, i);
      if (close < 0) fail('"[" is never closed');
      segments.push(
        src
          .slice(i, close)
          .split(/,(?=(?:[^']*'[^']*')*[^']*$)/)
          .map((part) => selector(part.trim(), fail)),
      );
      i = close + 1;
    } else {
      fail(`unexpected "${c}"`);
    }
  }
  return { source: src, segments };
}

function findClose(src: string, from: number): number {
  let quoted: string | undefined;
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (quoted) {
      if (c === quoted) quoted = undefined;
    } else if (c === "'" || c === '"') quoted = c;
    else if (c === ']') return j;
  }
  return -1;
}

function selector(part: string, fail: (why: string) => never): Selector {
  if (part === '*') return { kind: 'wildcard' };
  const quoted = /^(['"])(.*)\1$/.exec(part);
  if (quoted) return { kind: 'name', name: quoted[2]! };
  if (/^-?\d+$/.test(part)) return { kind: 'index', index: Number(part) };
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(part);
  if (slice) {
    return {
      kind: 'slice',
      ...(slice[1] !== undefined ? { start: Number(slice[1]) } : {}),
      ...(slice[2] !== undefined ? { end: Number(slice[2]) } : {}),
    };
  }
  if (part.startsWith('?') || part.startsWith('(')) fail('filter and script expressions are not supported');
  return fail(`"${part}" is not an index, a slice, a quoted name or *`);
}

/** True for `$` alone: the filter passes everything through. */
export const isIdentity = (p: JsonPath) => p.segments.length === 0;

export function selectPath(path: JsonPath, value: unknown): unknown {
  let v = value;
  for (const seg of path.segments) v = applySegment(seg, v, path.source);
  return v;
}

function applySegment(seg: Selector[], v: unknown, source: string): unknown {
  const names = seg.every((s) => s.kind === 'name');
  if (names) {
    if (!isObject(v)) throw new JsonPathError(`${source}: ${describe(v)} has no keys to select`);
    const pick = (name: string) => {
      if (!(name in v)) throw new JsonPathError(`${source}: the record has no key "${name}"`);
      return v[name];
    };
    if (seg.length === 1) return pick((seg[0] as { name: string }).name);
    return Object.fromEntries(seg.map((s) => [(s as { name: string }).name, pick((s as { name: string }).name)]));
  }
  if (seg.length === 1 && seg[0]!.kind === 'wildcard') {
    if (Array.isArray(v)) return v;
    if (isObject(v)) return Object.values(v);
    throw new JsonPathError(`${source}: * needs an array or an object, not ${describe(v)}`);
  }
  if (!Array.isArray(v))
    throw new JsonPathError(`${source}: indexes need an array (a CSV record or a JSON array), not ${describe(v)}`);
  if (seg.length === 1 && seg[0]!.kind === 'index') return v[position(seg[0]!.index, v.length, source)];
  const out: unknown[] = [];
  for (const s of seg) {
    if (s.kind === 'index') out.push(v[position(s.index, v.length, source)]);
    else if (s.kind === 'slice') out.push(...v.slice(s.start, s.end));
    else if (s.kind === 'wildcard') out.push(...v);
    else throw new JsonPathError(`${source}: names and indexes cannot be mixed in one [...]`);
  }
  return out;
}

function position(index: number, length: number, source: string): number {
  const at = index < 0 ? length + index : index;
  if (at < 0 || at >= length)
    throw new JsonPathError(
      `${source}: index ${index} is outside a record of ${length} field${length === 1 ? '' : 's'}`,
    );
  return at;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  Array.isArray(v)
    ? 'an array'
    : v === null
      ? 'null'
      : typeof v === 'object'
        ? 'an object'
        : `the ${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
