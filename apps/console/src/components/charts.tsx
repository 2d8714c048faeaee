// Hand-written SVG bar charts (no chart library): vertical bars for a series over days,
// horizontal bars for a ranking (per user, per domain).
// Small amounts (a few minutes of a cheap instance) keep four decimals so they do not read as zero.
const money = (v: number, currency: string) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    minimumFractionDigits: v > 0 && v < 1 ? 4 : 2,
    maximumFractionDigits: v > 0 && v < 1 ? 4 : v < 100 ? 2 : 0,
  }).format(v);

function niceMax(v: number) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

export function ColumnChart({
  data,
  currency,
  label,
}: {
  data: { key: string; value: number }[];
  currency: string;
  label: string;
}) {
  const width = 1000;
  const height = 240;
  const pad = { top: 12, right: 12, bottom: 28, left: 76 };
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = data.length ? innerW / data.length : innerW;
  const bar = Math.max(2, Math.min(36, step * 0.7));
  const every = Math.ceil(data.length / 10);
  return (
    <svg className="c-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => {
        const y = pad.top + innerH * (1 - t);
        return (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} className="c-chart-grid" />
            <text x={pad.left - 6} y={y + 4} textAnchor="end" className="c-chart-axis">
              {money(max * t, currency)}
            </text>
          </g>
        );
      })}
      {data.map((d, i) => {
        const h = (d.value / max) * innerH;
        const x = pad.left + step * i + (step - bar) / 2;
        return (
          <g key={d.key}>
            <rect
              x={x}
              y={pad.top + innerH - h}
              width={bar}
              height={Math.max(h, d.value > 0 ? 1 : 0)}
              rx={2}
              className="c-chart-bar"
            >
              <title>
                {d.key}: {money(d.value, currency)}
              </title>
            </rect>
            {i % every === 0 && (
              <text x={x + bar / 2} y={height - 8} textAnchor="middle" className="c-chart-axis">
                {d.key.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function BarList({
  data,
  currency,
  label,
}: {
  data: { key: string; value: number; detail?: string }[];
  currency: string;
  label: string;
}) {
  const max = Math.max(0, ...data.map((d) => d.value)) || 1;
  const rowH = 30;
  const width = 520;
  const labelW = 150;
  const valueW = 100;
  return (
    <svg
      className="c-chart"
      viewBox={`0 0 ${width} ${Math.max(rowH, data.length * rowH)}`}
      role="img"
      aria-label={label}
    >
      {data.map((d, i) => {
        const w = ((width - labelW - valueW) * d.value) / max;
        const y = i * rowH;
        return (
          <g key={d.key}>
            <text x={labelW - 8} y={y + 19} textAnchor="end" className="c-chart-label">
              {d.key.length > 20 ? `${d.key.slice(0, 19)}…` : d.key}
            </text>
            <rect
              x={labelW}
              y={y + 6}
              width={Math.max(w, d.value > 0 ? 2 : 0)}
              height={rowH - 12}
              rx={3}
              className="c-chart-bar c-chart-bar-alt"
            >
              <title>
                {d.key}: {money(d.value, currency)}
                {d.detail ? ` (${d.detail})` : ''}
              </title>
            </rect>
            <text x={labelW + w + 8} y={y + 19} className="c-chart-value">
              {money(d.value, currency)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export { money };
