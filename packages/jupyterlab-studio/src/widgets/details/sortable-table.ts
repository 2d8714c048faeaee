// A table that sorts by any column when its header is clicked (again: the other way), numbers as
// numbers, blanks last. The tuning job's training jobs and an experiment's trial components use it.
import { h } from '../../dom.ts';

export interface Column<R> {
  label: string;
  value: (row: R) => string | number | undefined;
  /** How the cell shows (default: the value, numbers to six significant digits). */
  render?: (row: R) => Node | string;
}

export class SortableTable<R> {
  readonly node: HTMLElement;

  constructor(
    className: string,
    private readonly empty: string,
    private readonly attributes: (row: R) => { dataset?: Record<string, string>; className?: string } = () => ({}),
  ) {
    this.node = h('div', { className });
  }

  update(columns: Column<R>[], rows: R[]): void {
    this.columns = columns;
    this.rows = rows;
    this.render();
  }

  sortBy(label: string): void {
    this.sort = this.sort?.label === label ? { label, dir: -this.sort.dir } : { label, dir: 1 };
    this.render();
  }

  private render(): void {
    if (!this.rows.length) {
      this.node.replaceChildren(h('p', { className: 'tessera-Muted' }, this.empty));
      return;
    }
    const col = this.columns.find((c) => c.label === this.sort?.label);
    const rows = [...this.rows];
    if (col) {
      const dir = this.sort!.dir;
      rows.sort((a, b) => {
        const [x, y] = [col.value(a), col.value(b)];
        if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
        return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
    }
    const cell = (c: Column<R>, r: R) => {
      if (c.render) return c.render(r);
      const v = c.value(r);
      return typeof v === 'number' ? String(Number(v.toPrecision(6))) : (v ?? '');
    };
    this.node.replaceChildren(
      h(
        'table',
        { className: 'tessera-Detail-table tessera-SortTable' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            this.columns.map((c) =>
              h(
                'th',
                {
                  'aria-sort':
                    this.sort?.label === c.label ? (this.sort.dir > 0 ? 'ascending' : 'descending') : undefined,
                },
                h('button', { className: 'tessera-LinkButton', onclick: () => this.sortBy(c.label) }, c.label),
              ),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              this.attributes(r),
              this.columns.map((c) => h('td', {}, cell(c, r))),
            ),
          ),
        ),
      ),
    );
  }

  private columns: Column<R>[] = [];
  private rows: R[] = [];
  private sort: { label: string; dir: number } | undefined;
}

/** Horizontal bars, one per row, for comparing one number across runs (a chosen metric). */
export function barChart(title: string, bars: { label: string; value: number }[]): HTMLElement {
  const max = Math.max(...bars.map((b) => Math.abs(b.value)), 0) || 1;
  return h(
    'figure',
    { className: 'tessera-Bars', dataset: { chart: title, count: String(bars.length) } },
    h('figcaption', {}, title),
    bars.length
      ? bars.map((b) =>
          h(
            'div',
            { className: 'tessera-Bar', dataset: { label: b.label, value: String(b.value) } },
            h('span', { className: 'tessera-Bar-label', title: b.label }, b.label),
            h('span', {
              className: 'tessera-Bar-fill',
              style: `width: ${Math.max(1, (Math.abs(b.value) / max) * 100).toFixed(1)}%`,
            }),
            h('span', { className: 'tessera-Bar-value' }, String(Number(b.value.toPrecision(6)))),
          ),
        )
      : h('p', { className: 'tessera-Muted' }, 'No run has reported this metric yet.'),
  );
}
