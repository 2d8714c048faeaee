// Cell-level diff of two notebooks (the checkpoint and the notebook as it is now): cells are
// matched by id when both sides have ids, else by their source, with a longest-common-subsequence.
export interface DiffCell {
  cell_type: string;
  source: string;
  id?: string;
}

export type CellChange =
  | { kind: 'unchanged'; before: DiffCell; after: DiffCell }
  | { kind: 'changed'; before: DiffCell; after: DiffCell; lines: LineChange[] }
  | { kind: 'added'; after: DiffCell }
  | { kind: 'removed'; before: DiffCell };

export interface LineChange {
  kind: ' ' | '+' | '-';
  text: string;
}

export const sourceOf = (s: unknown) => (Array.isArray(s) ? s.join('') : typeof s === 'string' ? s : '');

export function cellsOf(notebook: unknown): DiffCell[] {
  const cells = (notebook as { cells?: unknown[] })?.cells;
  if (!Array.isArray(cells)) return [];
  return (cells as Array<{ cell_type?: unknown; source?: unknown; id?: unknown } | null>).map((c) => ({
    cell_type: String(c?.cell_type ?? 'code'),
    source: sourceOf(c?.source),
    ...(typeof c?.id === 'string' ? { id: c.id } : {}),
  }));
}

/** Longest common subsequence alignment of two lists under `same`. */
function align<T>(a: T[], b: T[], same: (x: T, y: T) => boolean): [number, number][] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i]![j] = same(a[i]!, b[j]!) ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(a[i]!, b[j]!)) pairs.push([i++, j++]);
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

export function diffLines(before: string, after: string): LineChange[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of align(a, b, (x, y) => x === y)) {
    while (i < pi) out.push({ kind: '-', text: a[i++]! });
    while (j < pj) out.push({ kind: '+', text: b[j++]! });
    out.push({ kind: ' ', text: a[i++]! });
    j++;
  }
  while (i < a.length) out.push({ kind: '-', text: a[i++]! });
  while (j < b.length) out.push({ kind: '+', text: b[j++]! });
  return out;
}

export function diffNotebooks(before: DiffCell[], after: DiffCell[]): CellChange[] {
  const byId = before.length > 0 && after.length > 0 && [...before, ...after].every((c) => c.id);
  // Without ids, a cell that was edited matches nothing by source: pair leftovers in order
  // of appearance between two matched cells as "changed".
  const pairs = align(
    before,
    after,
    byId ? (x, y) => x.id === y.id : (x, y) => x.source === y.source && x.cell_type === y.cell_type,
  );
  const out: CellChange[] = [];
  let i = 0;
  let j = 0;
  const flush = (ei: number, ej: number) => {
    while (!byId && i < ei && j < ej) {
      const b = before[i++]!;
      const a = after[j++]!;
      out.push({ kind: 'changed', before: b, after: a, lines: diffLines(b.source, a.source) });
    }
    while (i < ei) out.push({ kind: 'removed', before: before[i++]! });
    while (j < ej) out.push({ kind: 'added', after: after[j++]! });
  };
  for (const [pi, pj] of pairs) {
    flush(pi, pj);
    const b = before[i++]!;
    const a = after[j++]!;
    if (b.source === a.source && b.cell_type === a.cell_type) out.push({ kind: 'unchanged', before: b, after: a });
    else out.push({ kind: 'changed', before: b, after: a, lines: diffLines(b.source, a.source) });
  }
  flush(before.length, after.length);
  return out;
}
