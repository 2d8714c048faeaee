// A time-series line chart (uPlot: small, fast, maintained) sized to its container. Series share
// one time axis; points of each series are merged onto it, gaps left where a series has none.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../../dom.ts';

export interface Series {
  label: string;
  /** [epoch ms, value], in time order. */
  points: [number, number][];
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/** Aligns several series on the union of their timestamps (seconds, as uPlot wants them). */
function align(series: Series[]): uPlot.AlignedData {
  const times = [...new Set(series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = series.map((s) => {
    const col: (number | null)[] = times.map(() => null);
    for (const [t, v] of s.points) col[index.get(t)!] = v;
    return col;
  });
  return [times.map((t) => t / 1000), ...columns] as uPlot.AlignedData;
}

export class TimeChart {
  readonly node: HTMLElement;

  constructor(
    readonly title: string,
    private unit = '',
    /** The least span of the time axis, in seconds (per-minute figures read best over ten minutes). */
    private minSpan = 600,
  ) {
    this.node = h('figure', { className: 'tessera-Chart', dataset: { chart: title } }, h('figcaption', {}, title));
  }

  /** Draws (or redraws) the chart with these series. */
  update(series: Series[]): void {
    const data = align(series);
    // What the chart adds up to, for readers that cannot see the canvas (screen readers, tests).
    const sum = series.reduce((all, s) => all + s.points.reduce((t, [, v]) => t + v, 0), 0);
    this.node.dataset.sum = String(Math.round(sum * 1000) / 1000);
    // A few points close together still get a readable axis: at least minSpan of it.
    const times = data[0] as number[];
    const [lo, hi] = [times[0] ?? 0, times[times.length - 1] ?? 0];
    const pad = Math.max(0, this.minSpan - (hi - lo)) / 2;
    this.bounds = [lo - pad, hi + pad];
    const width = Math.max(280, (this.node.clientWidth || 520) - 8);
    const labels = series.map((s) => s.label).join('\0');
    if (this.plot && labels === this.labels) {
      this.plot.setData(data);
      this.plot.setScale('x', { min: this.bounds[0], max: this.bounds[1] });
      return;
    }
    this.plot?.destroy();
    this.labels = labels;
    this.node.querySelector('.tessera-Chart-empty')?.remove();
    if (!series.some((s) => s.points.length)) {
      this.plot = undefined;
      this.node.append(h('p', { className: 'tessera-Muted tessera-Chart-empty' }, 'No data points yet.'));
      return;
    }
    this.plot = new uPlot(
      {
        width,
        height: 180,
        scales: { x: { time: true, auto: false, range: () => this.bounds } },
        axes: [{}, { label: this.unit, size: 56 }],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            points: { show: s.points.length < 40 },
          })),
        ],
      },
      data,
      this.node,
    );
  }

  dispose(): void {
    this.plot?.destroy();
  }

  private plot: uPlot | undefined;
  private bounds: [number, number] = [0, 1];
  private labels = '';
}
