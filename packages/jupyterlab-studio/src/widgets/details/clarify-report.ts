// A Clarify report (analysis.json): bias metrics per facet as diverging bars around each metric's
// fair value, with what the metric means, and the SHAP attributions as bars, largest first.
import { h } from '../../dom.ts';
import { section, type Described } from './parts.ts';

/** What each metric measures, and the value that means "no difference" (1 for DI, 0 for the rest). */
const MEANINGS: Record<string, string> = {
  CI: 'Class imbalance: how much fewer rows the facet has than the rest (−1…1)',
  DPL: 'Difference in positive proportions in labels: the rest’s positive rate minus the facet’s',
  KL: 'Kullback-Leibler divergence of the label distributions (0 = alike)',
  JS: 'Jensen-Shannon divergence of the label distributions (0 = alike)',
  LP: 'Lp (Euclidean) distance between the label distributions',
  TVD: 'Total variation distance between the label distributions',
  KS: 'Kolmogorov-Smirnov: the largest gap between the label distributions',
  CDDL: 'Conditional demographic disparity in labels, within the groups',
  DPPL: 'Difference in positive proportions in predicted labels',
  DI: 'Disparate impact: the facet’s predicted positive rate over the rest’s (1 = alike)',
  DCA: 'Difference in conditional acceptance: observed ÷ predicted positives, rest minus facet',
  DCR: 'Difference in conditional rejection: observed ÷ predicted negatives, facet minus rest',
  RD: 'Recall difference: the rest’s recall minus the facet’s',
  SD: 'Specificity difference: the facet’s true negative rate minus the rest’s',
  DAR: 'Difference in acceptance rates (precision), rest minus facet',
  DRR: 'Difference in rejection rates, facet minus rest',
  AD: 'Accuracy difference: the rest’s accuracy minus the facet’s',
  CDDPL: 'Conditional demographic disparity in predicted labels',
  TE: 'Treatment equality: FN/FP of the facet minus the rest’s',
  FT: 'Flip test: how often the facet’s prediction flips for its nearest neighbours in the rest',
  GE: 'Generalized entropy of the benefits (0 = equal)',
};
const fairValue = (metric: string) => (metric === 'DI' ? 1 : 0);

interface Metric {
  name: string;
  description?: string;
  value?: number | string;
  error?: string;
}

const num = (v: number | string | undefined) =>
  typeof v === 'number' ? v : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number.NaN;

/** Bars drawn from the metric's fair value, left for below it, right for above. */
export function divergingBars(title: string, metrics: Metric[]): HTMLElement {
  const finite = metrics.map((m) => Math.abs(num(m.value) - fairValue(m.name))).filter(Number.isFinite);
  const max = Math.max(...finite, 0) || 1;
  return h(
    'figure',
    { className: 'tessera-Bars tessera-Diverging', dataset: { chart: title, count: String(metrics.length) } },
    h('figcaption', {}, title),
    metrics.map((m) => {
      const v = num(m.value);
      const off = v - fairValue(m.name);
      // An error has no bar; an infinite value fills its side.
      const width =
        m.error || Number.isNaN(off) ? 0 : Number.isFinite(off) ? Math.max(1, (Math.abs(off) / max) * 50) : 50;
      return h(
        'div',
        { className: 'tessera-Bar', dataset: { label: m.name, value: String(m.value ?? '') } },
        h('span', { className: 'tessera-Bar-label', title: MEANINGS[m.name] ?? m.description ?? m.name }, m.name),
        h(
          'span',
          { className: 'tessera-Bar-track' },
          h('span', {
            className: `tessera-Bar-fill ${off < 0 ? 'tessera-Bar-negative' : ''}`,
            style: off < 0 ? `margin-left: ${50 - width}%; width: ${width}%` : `margin-left: 50%; width: ${width}%`,
          }),
        ),
        h(
          'span',
          { className: 'tessera-Bar-value' },
          m.error ? 'error' : Number.isFinite(v) ? String(+v.toPrecision(4)) : String(m.value),
        ),
        h('span', { className: 'tessera-Bar-meaning' }, m.error ?? MEANINGS[m.name] ?? m.description ?? ''),
      );
    }),
  );
}

/** Bars of |value|, largest first (SHAP attributions). */
function attributionBars(title: string, values: Record<string, number>): HTMLElement {
  const rows = Object.entries(values).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const max = Math.max(...rows.map(([, v]) => Math.abs(v)), 0) || 1;
  return h(
    'figure',
    { className: 'tessera-Bars', dataset: { chart: title, count: String(rows.length) } },
    h('figcaption', {}, title),
    rows.map(([feature, v]) =>
      h(
        'div',
        { className: 'tessera-Bar', dataset: { label: feature, value: String(v) } },
        h('span', { className: 'tessera-Bar-label', title: feature }, feature),
        h('span', {
          className: 'tessera-Bar-fill',
          style: `width: ${Math.max(1, (Math.abs(v) / max) * 100).toFixed(1)}%`,
        }),
        h('span', { className: 'tessera-Bar-value' }, String(+v.toPrecision(4))),
      ),
    ),
  );
}

type Facets = Record<string, { value_or_threshold: string; metrics: Metric[] }[]>;

function biasSection(title: string, part: Described | undefined): HTMLElement[] {
  if (!part?.facets) return [];
  const charts: HTMLElement[] = [];
  for (const [facet, groups] of Object.entries(part.facets as Facets))
    for (const g of groups)
      charts.push(
        divergingBars(
          `${facet} = ${g.value_or_threshold} (label ${part.label} = ${part.label_value_or_threshold})`,
          g.metrics,
        ),
      );
  return [section(title, ...charts)];
}

/** Every part of an analysis.json: pre- and post-training bias, SHAP per label. */
export function clarifyReport(analysis: Described): HTMLElement[] {
  const out = [
    ...biasSection('Pre-training bias', analysis.pre_training_bias_metrics),
    ...biasSection('Post-training bias', analysis.post_training_bias_metrics),
  ];
  const shap = (analysis.explanations?.kernel_shap ?? {}) as Record<string, Described>;
  for (const [label, e] of Object.entries(shap))
    if (e.global_shap_values)
      out.push(
        section(
          `Feature attribution (SHAP, ${label})`,
          attributionBars('Mean |SHAP value| per feature', e.global_shap_values as Record<string, number>),
          e.expected_value !== undefined
            ? h('p', { className: 'tessera-Muted' }, `Expected value: ${e.expected_value}`)
            : null,
        ),
      );
  return out;
}
