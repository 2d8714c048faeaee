// An endpoint's Monitoring tab: its monitoring schedules (stop, start), their executions, the
// report of one execution — for data quality each feature's baseline beside its current value,
// with the violations the check found; for model quality its metrics; for bias and explainability
// the Clarify report — and each published metric over time (a feature's drift, execution by execution).
import { showErrorMessage } from '@jupyterlab/apputils';
import type { ProcessingResultsResponse } from '@tessera/contracts';
import { h } from '../../dom.ts';
import { monitoringMetrics, processingResults, sageMaker } from '../../details-client.ts';
import { clarifyReport } from './clarify-report.ts';
import { epochMs, section, status, time, type Described } from './parts.ts';
import { TimeChart } from './time-chart.ts';

const jobName = (arn: string | undefined) => arn?.slice(arn.lastIndexOf('/') + 1);
const ENDED = new Set(['Completed', 'CompletedWithViolations', 'Failed', 'Stopped']);
const pct = (v: number) => `${+(v * 100).toFixed(1)} %`;
const fmt = (v: unknown) => (typeof v === 'number' ? String(+v.toPrecision(4)) : String(v ?? '–'));

function headed(columns: string[], rows: HTMLElement[], className = ''): HTMLElement {
  return h(
    'table',
    { className: `tessera-Detail-table ${className}` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', {}, c)),
      ),
    ),
    h('tbody', {}, rows),
  );
}

/** One feature's statistics in a line: mean and spread for numbers, the commonest values for strings. */
function summary(f: Described | undefined): string {
  if (!f) return '–';
  const n = f.numerical_statistics;
  if (n) {
    const common = n.common ?? {};
    const present = common.num_present / Math.max(1, common.num_present + common.num_missing);
    return `mean ${fmt(n.mean)} · sd ${fmt(n.std_dev)} · ${fmt(n.min)}…${fmt(n.max)} · ${pct(present)} present`;
  }
  const s = f.string_statistics;
  if (!s) return f.inferred_type ?? '–';
  const buckets = ((s.distribution?.categorical?.buckets ?? []) as { value: string; count: number }[])
    .slice()
    .sort((a, b) => b.count - a.count);
  const total = buckets.reduce((t, b) => t + b.count, 0) || 1;
  const top = buckets.slice(0, 4).map((b) => `${b.value} ${pct(b.count / total)}`);
  return `${s.distinct_count} distinct · ${top.join(' · ')}`;
}

function dataQualityReport(r: ProcessingResultsResponse): HTMLElement {
  const violations = ((r.Outputs['constraint_violations.json'] as Described | undefined)?.violations ?? []) as {
    feature_name: string;
    constraint_check_type: string;
    description: string;
  }[];
  const byName = (stats: unknown) =>
    new Map((((stats as Described | undefined)?.features ?? []) as Described[]).map((f) => [f.name as string, f]));
  const base = byName(r.Baseline['statistics.json']);
  const current = byName(r.Outputs['statistics.json']);
  const names = [...new Set([...base.keys(), ...current.keys(), ...violations.map((v) => v.feature_name)])];
  const rows = names.map((name) => {
    const found = violations.filter((v) => v.feature_name === name);
    return h(
      'tr',
      {
        className: found.length ? 'tessera-Violation' : '',
        dataset: { feature: name, violations: String(found.length) },
      },
      h('td', {}, name),
      h('td', {}, found.length ? found.map((v) => h('div', { title: v.description }, v.constraint_check_type)) : '✓'),
      h('td', {}, summary(base.get(name))),
      h('td', {}, summary(current.get(name))),
      h('td', { className: 'tessera-Muted' }, found.map((v) => v.description).join(' ')),
    );
  });
  return headed(['Feature', 'Violations', 'Baseline', 'This execution', 'Why'], rows, 'tessera-DataQuality');
}

function modelQualityReport(r: ProcessingResultsResponse): HTMLElement | null {
  const stats = r.Outputs['statistics.json'] as Described | undefined;
  const group = Object.entries(stats ?? {}).find(([k]) => k.endsWith('_metrics'));
  if (!group) return null;
  const violations = ((r.Outputs['constraint_violations.json'] as Described | undefined)?.violations ??
    []) as Described[];
  const rows = Object.entries(group[1] as Record<string, Described>)
    .filter(([, v]) => v && typeof v === 'object' && 'value' in v)
    .map(([name, v]) => {
      const bad = violations.find((x) => x.metric_name === name);
      return h(
        'tr',
        { className: bad ? 'tessera-Violation' : '', dataset: { metric: name } },
        h('td', {}, name),
        h('td', {}, fmt(v.value)),
        h('td', { className: 'tessera-Muted' }, bad?.description ?? ''),
      );
    });
  return headed(['Metric', 'Value', 'Violation'], rows);
}

function reportOf(type: string | undefined, r: ProcessingResultsResponse): HTMLElement[] {
  if (r.Outputs['analysis.json']) {
    const violations = ((r.Outputs['constraint_violations.json'] as Described | undefined)?.violations ??
      []) as Described[];
    return [
      ...(violations.length
        ? [
            headed(
              ['Check', 'Metric', 'Facet / label', 'Why'],
              violations.map((v) =>
                h(
                  'tr',
                  { className: 'tessera-Violation' },
                  h('td', {}, v.constraint_check_type),
                  h('td', {}, v.metric_name ?? ''),
                  h('td', {}, [v.facet, v.facet_value, v.label].filter(Boolean).join(' ')),
                  h('td', { className: 'tessera-Muted' }, v.description ?? ''),
                ),
              ),
            ),
          ]
        : []),
      ...clarifyReport(r.Outputs['analysis.json'] as Described),
    ];
  }
  const quality = modelQualityReport(r);
  if (quality) return [quality];
  if (type === 'ModelQuality') return [h('p', { className: 'tessera-Muted' }, 'No metrics.')];
  if (!r.Outputs['statistics.json'] && !r.Outputs['constraint_violations.json'])
    return [h('p', { className: 'tessera-Muted' }, 'This execution wrote no results.')];
  return [dataQualityReport(r)];
}

export class MonitoringTab {
  readonly node = h('div', { className: 'tessera-Monitoring' });
  private drift = new TimeChart('Baseline drift per feature (distance from the baseline)', '', 300);
  private attribution = new TimeChart('Feature attribution (mean |SHAP|)', '', 300);
  private others = new TimeChart('Model quality and bias metrics', '', 300);
  private selected: string | undefined;
  private generation = 0;

  constructor(
    private readonly endpoint: string,
    private readonly openJob: (name: string) => void,
  ) {}

  dispose(): void {
    this.drift.dispose();
    this.attribution.dispose();
    this.others.dispose();
  }

  async refresh(): Promise<void> {
    // Only the latest of overlapping refreshes draws: an older answer never replaces a newer one.
    const generation = ++this.generation;
    const [schedules, executions, metrics] = await Promise.all([
      sageMaker('ListMonitoringSchedules', { EndpointName: this.endpoint, MaxResults: 100 }),
      sageMaker('ListMonitoringExecutions', { EndpointName: this.endpoint, MaxResults: 50 }),
      monitoringMetrics(this.endpoint),
    ]);
    const details = await Promise.all(
      schedules.MonitoringScheduleSummaries.map((s) =>
        sageMaker('DescribeMonitoringSchedule', { MonitoringScheduleName: s.MonitoringScheduleName }),
      ),
    );
    const runs = executions.MonitoringExecutionSummaries;
    const chosen =
      runs.find((e) => jobName(e.ProcessingJobArn) === this.selected) ??
      runs.find((e) => ENDED.has(e.MonitoringExecutionStatus) && e.MonitoringExecutionStatus !== 'Failed');
    const report = chosen?.ProcessingJobArn ? await processingResults(jobName(chosen.ProcessingJobArn)!) : undefined;
    if (generation !== this.generation) return;
    this.node.replaceChildren(
      this.schedulesSection(details as Described[]),
      this.executionsSection(runs as Described[], chosen as Described | undefined),
      section(
        chosen ? `Execution of ${time(chosen.ScheduledTime)} (${chosen.MonitoringType})` : 'Execution report',
        ...(report
          ? reportOf(chosen!.MonitoringType, report)
          : [h('p', { className: 'tessera-Muted' }, 'No execution has ended yet.')]),
      ),
      section(
        'Over time',
        h('div', { className: 'tessera-Charts' }, this.drift.node, this.attribution.node, this.others.node),
      ),
    );
    const series = metrics.Series.map((s) => ({
      label: s.MetricName,
      points: s.Points.map((p) => [epochMs(p.Timestamp), p.Value] as [number, number]),
    }));
    // Model Monitor names a feature's figures feature_baseline_drift_x, feature_data_x and feature_non_null_x;
    // Clarify's attributions are feature_x.
    const drift = series.filter((s) => s.label.startsWith('feature_baseline_drift_'));
    this.drift.update(drift.map((s) => ({ ...s, label: s.label.slice('feature_baseline_drift_'.length) })));
    const attributions = series.filter(
      (s) => s.label.startsWith('feature_') && !/^feature_(baseline_drift|data|non_null)_/.test(s.label),
    );
    this.attribution.update(attributions.map((s) => ({ ...s, label: s.label.slice('feature_'.length) })).slice(0, 6));
    this.others.update(series.filter((s) => !s.label.startsWith('feature_')).slice(0, 6));
  }

  private schedulesSection(schedules: Described[]): HTMLElement {
    const act = (label: string, op: 'StopMonitoringSchedule' | 'StartMonitoringSchedule', name: string) =>
      h(
        'button',
        {
          className: 'jp-mod-styled',
          onclick: async () => {
            try {
              await sageMaker(op, { MonitoringScheduleName: name });
              await this.refresh();
            } catch (err) {
              void showErrorMessage(`Could not ${label.toLowerCase()} ${name}`, err as Error);
            }
          },
        },
        label,
      );
    return section(
      'Monitoring schedules',
      schedules.length
        ? headed(
            ['Schedule', 'Type', 'Status', 'When', 'Last execution', ''],
            schedules.map((s) =>
              h(
                'tr',
                { dataset: { schedule: s.MonitoringScheduleName } },
                h('td', {}, s.MonitoringScheduleName),
                h('td', {}, s.MonitoringType ?? ''),
                h('td', {}, status(s.MonitoringScheduleStatus)),
                h('td', {}, h('code', {}, s.MonitoringScheduleConfig?.ScheduleConfig?.ScheduleExpression ?? '')),
                h(
                  'td',
                  {},
                  s.LastMonitoringExecutionSummary
                    ? [
                        status(s.LastMonitoringExecutionSummary.MonitoringExecutionStatus),
                        ' ',
                        time(s.LastMonitoringExecutionSummary.ScheduledTime) ?? '',
                      ]
                    : '–',
                ),
                h(
                  'td',
                  {},
                  s.MonitoringScheduleStatus === 'Scheduled'
                    ? act('Stop', 'StopMonitoringSchedule', s.MonitoringScheduleName)
                    : s.MonitoringScheduleStatus === 'Stopped'
                      ? act('Start', 'StartMonitoringSchedule', s.MonitoringScheduleName)
                      : null,
                ),
              ),
            ),
          )
        : h(
            'p',
            { className: 'tessera-Muted' },
            'No monitoring schedule watches this endpoint. Create one with CreateMonitoringSchedule (see the README).',
          ),
    );
  }

  private executionsSection(runs: Described[], chosen: Described | undefined): HTMLElement {
    return section(
      'Executions',
      runs.length
        ? headed(
            ['Scheduled', 'Schedule', 'Type', 'Status', ''],
            runs.map((e) => {
              const name = jobName(e.ProcessingJobArn);
              return h(
                'tr',
                {
                  className: e === chosen ? 'tessera-Selected' : '',
                  dataset: { execution: name ?? '', status: e.MonitoringExecutionStatus },
                },
                h('td', {}, time(e.ScheduledTime) ?? ''),
                h('td', {}, e.MonitoringScheduleName),
                h('td', {}, e.MonitoringType ?? ''),
                h('td', { title: e.FailureReason ?? '' }, status(e.MonitoringExecutionStatus)),
                h(
                  'td',
                  {},
                  name && ENDED.has(e.MonitoringExecutionStatus)
                    ? h(
                        'button',
                        { className: 'jp-mod-styled', onclick: () => ((this.selected = name), void this.refresh()) },
                        'Report',
                      )
                    : null,
                  name ? h('button', { className: 'jp-mod-styled', onclick: () => this.openJob(name) }, 'Job') : null,
                ),
              );
            }),
          )
        : h('p', { className: 'tessera-Muted' }, 'No execution yet.'),
    );
  }
}

/** A processing job's page shows its Clarify report or data-quality results when it wrote any. */
export async function processingResultsSections(name: string): Promise<HTMLElement[]> {
  try {
    const r = await processingResults(name);
    if (r.Outputs['analysis.json']) return reportOf(undefined, r);
    if (r.Outputs['statistics.json'] || r.Outputs['constraint_violations.json'])
      return [section('Model Monitor results', ...reportOf(undefined, r))];
    return [];
  } catch {
    return [];
  }
}
