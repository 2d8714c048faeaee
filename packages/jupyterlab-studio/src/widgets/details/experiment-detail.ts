// An experiment's page: what it is, its trials, and its runs (trial components) side by side —
// one row each with its trial, status, parameters and the last value of each metric, sortable by
// any of them — and a bar chart of a chosen metric across the runs. The components come from
// Search (one call gives them with their parents, parameters and metrics).
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import { section, status, table, time, type Described } from './parts.ts';
import type { ResourceRef } from './resource-ref.ts';
import { barChart, type Column, SortableTable } from './sortable-table.ts';
import { numberOrText } from './tuning-detail.ts';

export async function describeExperiment(name: string): Promise<{ e: Described; runs: Described[] }> {
  const e = await sageMaker('DescribeExperiment', { ExperimentName: name });
  const runs: Described[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sageMaker('Search', {
      Resource: 'ExperimentTrialComponent',
      SearchExpression: { Filters: [{ Name: 'Parents.ExperimentName', Operator: 'Equals', Value: name }] },
      SortBy: 'CreationTime',
      SortOrder: 'Ascending',
      MaxResults: 100,
      ...(NextToken ? { NextToken } : {}),
    });
    runs.push(...page.Results.map((r) => r.TrialComponent as Described));
    NextToken = page.NextToken;
  } while (NextToken && runs.length < 1000);
  return { e, runs };
}

/** The jobs the runs record: their events redraw the page. */
export const sourceArns = (runs: Described[]): string[] =>
  runs.map((r) => r.Source?.SourceArn as string | undefined).filter((a): a is string => !!a);

const lastOf = (run: Described, metric: string): number | undefined =>
  (run.Metrics as Described[] | undefined)?.find((m) => m.MetricName === metric)?.Last;
const paramOf = (run: Described, name: string) => {
  const p = run.Parameters?.[name] as Described | undefined;
  return numberOrText(p?.NumberValue ?? p?.StringValue);
};

export function experimentSections(e: Described): HTMLElement[] {
  return [
    section(
      'Overview',
      table([
        ['Description', e.Description],
        ['Source', e.Source?.SourceArn],
        ['Created', time(e.CreationTime)],
        ['Last modified', time(e.LastModifiedTime)],
      ]),
    ),
  ];
}

/** The runs compared: the table, and the chart of the chosen metric. */
export class RunComparison {
  readonly node = h('div', { className: 'tessera-Runs' });
  readonly table: SortableTable<Described>;

  constructor(private readonly open: (ref: ResourceRef) => void) {
    this.table = new SortableTable('tessera-RunsTable', 'No runs in this experiment yet.', (r) => ({
      dataset: { run: r.TrialComponentName },
    }));
  }

  update(runs: Described[]): void {
    const metrics = [...new Set(runs.flatMap((r) => ((r.Metrics ?? []) as Described[]).map((m) => m.MetricName)))];
    metrics.sort();
    // SageMaker.* parameters (instance type, image) are the same for most runs: left out of the comparison.
    const params = [...new Set(runs.flatMap((r) => Object.keys(r.Parameters ?? {})))]
      .filter((p) => !p.startsWith('SageMaker.') && !p.startsWith('sagemaker_') && !p.startsWith('_'))
      .sort();
    const columns: Column<Described>[] = [
      {
        label: 'Run',
        value: (r) => r.DisplayName ?? r.TrialComponentName,
        render: (r) => {
          const job = /:training-job\/(.+)$/.exec(r.Source?.SourceArn ?? '')?.[1];
          const label = r.DisplayName ?? r.TrialComponentName;
          return job
            ? h(
                'button',
                { className: 'tessera-LinkButton', onclick: () => this.open({ kind: 'TrainingJob', name: job }) },
                label,
              )
            : label;
        },
      },
      { label: 'Trial', value: (r) => (r.Parents as Described[] | undefined)?.map((p) => p.TrialName).join(', ') },
      {
        label: 'Status',
        value: (r) => r.Status?.PrimaryStatus,
        render: (r) => (r.Status?.PrimaryStatus ? status(r.Status.PrimaryStatus) : ''),
      },
      ...params.map((p) => ({ label: p, value: (r: Described) => paramOf(r, p) })),
      ...metrics.map((m) => ({ label: m, value: (r: Described) => lastOf(r, m) })),
    ];
    this.table.update(columns, runs);
    if (!this.metric || !metrics.includes(this.metric)) this.metric = metrics[0];
    const choose = h(
      'select',
      {
        'aria-label': 'Metric',
        onchange: (ev: Event) => {
          this.metric = (ev.target as HTMLSelectElement).value;
          this.update(runs);
        },
      },
      metrics.map((m) => h('option', { value: m, selected: m === this.metric }, m)),
    );
    const bars = this.metric
      ? runs
          .filter((r) => lastOf(r, this.metric!) !== undefined)
          .map((r) => ({ label: r.DisplayName ?? r.TrialComponentName, value: lastOf(r, this.metric!)! }))
      : [];
    this.node.replaceChildren(
      this.table.node,
      metrics.length
        ? h(
            'div',
            { className: 'tessera-RunChart' },
            h('label', { className: 'tessera-Field' }, 'Chart of ', choose),
            barChart(`${this.metric} (last value) per run`, bars),
          )
        : h('p', { className: 'tessera-Muted' }, 'No run has reported metrics yet.'),
    );
  }

  private metric: string | undefined;
}
