// A hyperparameter tuning job's page: what it tunes and how far it has come (counters, the best
// job), its training jobs as a table that sorts by any column, a chart of the objective as the
// jobs ended with the best so far and the best marked, and "Register the best" — a version of a
// registry group from the best job's model, whose page then approves and deploys it.
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import { epochMs, failureSection, section, status, table, time, type Described } from './parts.ts';
import type { ResourceRef } from './resource-ref.ts';
import { TimeChart } from './time-chart.ts';

export async function describeTuningJob(name: string): Promise<{ d: Described; jobs: Described[] }> {
  const d = await sageMaker('DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: name });
  const jobs: Described[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sageMaker('ListTrainingJobsForHyperParameterTuningJob', {
      HyperParameterTuningJobName: name,
      MaxResults: 100,
      SortBy: 'CreationTime',
      SortOrder: 'Ascending',
      ...(NextToken ? { NextToken } : {}),
    });
    jobs.push(...page.TrainingJobSummaries);
    NextToken = page.NextToken;
  } while (NextToken);
  return { d, jobs };
}

const objectiveValue = (j: Described): number | undefined => j.FinalHyperParameterTuningJobObjectiveMetric?.Value;

type Column = { label: string; value: (j: Described) => string | number | undefined };

/** The training jobs, sortable by clicking a column's header (again: the other way). */
export class TuningJobsTable {
  readonly node = h('div', { className: 'tessera-TuningJobs' });

  constructor(private readonly open: (ref: ResourceRef) => void) {}

  update(d: Described, jobs: Described[]): void {
    this.jobs = jobs;
    this.bestName = d.BestTrainingJob?.TrainingJobName;
    const names = [...new Set(jobs.flatMap((j) => Object.keys(j.TunedHyperParameters ?? {})))].sort();
    const metric = d.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective?.MetricName ?? 'Objective';
    this.columns = [
      { label: '#', value: (j) => Number(/-(\d{3})-[0-9a-f]{8}$/.exec(j.TrainingJobName)?.[1] ?? 0) },
      { label: 'Status', value: (j) => j.TrainingJobStatus },
      { label: metric, value: objectiveValue },
      ...names.map((n) => ({
        label: n,
        value: (j: Described) => {
          const v = j.TunedHyperParameters?.[n] as string | undefined;
          return v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
        },
      })),
      { label: 'Training job', value: (j) => j.TrainingJobName },
    ];
    this.render();
  }

  /** Sorts by the column labelled `label` (clicking a header). */
  sortBy(label: string): void {
    this.sort = this.sort?.label === label ? { label, dir: -this.sort.dir } : { label, dir: 1 };
    this.render();
  }

  private render(): void {
    if (!this.jobs.length) {
      this.node.replaceChildren(h('p', { className: 'tessera-Muted' }, 'No training jobs launched yet.'));
      return;
    }
    const col = this.columns.find((c) => c.label === this.sort?.label);
    const rows = [...this.jobs];
    if (col) {
      const dir = this.sort!.dir;
      rows.sort((a, b) => {
        const [x, y] = [col.value(a), col.value(b)];
        if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1; // blanks last
        return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
    }
    const cell = (c: Column, j: Described) => {
      const v = c.value(j);
      if (c.label === 'Training job')
        return h(
          'button',
          { className: 'tessera-LinkButton', onclick: () => this.open({ kind: 'TrainingJob', name: String(v) }) },
          String(v),
        );
      if (c.label === 'Status') return status(String(v));
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
          rows.map((j) =>
            h(
              'tr',
              {
                dataset: { job: j.TrainingJobName, best: String(j.TrainingJobName === this.bestName) },
                className: j.TrainingJobName === this.bestName ? 'tessera-Best' : undefined,
              },
              this.columns.map((c) => h('td', {}, cell(c, j))),
            ),
          ),
        ),
      ),
    );
  }

  private jobs: Described[] = [];
  private columns: Column[] = [];
  private bestName: string | undefined;
  private sort: { label: string; dir: number } | undefined;
}

/** The objective of each job when it ended, the best so far, and the best job marked. */
export function objectiveSeries(d: Described, jobs: Described[]) {
  const minimize = d.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective?.Type !== 'Maximize';
  const ended = jobs
    .filter((j) => objectiveValue(j) !== undefined && j.TrainingEndTime !== undefined)
    .map((j) => ({ t: epochMs(j.TrainingEndTime), v: objectiveValue(j)!, name: j.TrainingJobName as string }))
    .sort((a, b) => a.t - b.t);
  let best: number | undefined;
  const bestSoFar = ended.map((p): [number, number] => {
    best = best === undefined ? p.v : minimize ? Math.min(best, p.v) : Math.max(best, p.v);
    return [p.t, best];
  });
  const marked = ended.filter((p) => p.name === d.BestTrainingJob?.TrainingJobName);
  return [
    { label: 'objective', points: ended.map((p): [number, number] => [p.t, p.v]) },
    { label: 'best so far', points: bestSoFar },
    { label: 'best job', points: marked.map((p): [number, number] => [p.t, p.v]) },
  ];
}

export function tuningSections(d: Described): HTMLElement[] {
  const config = d.HyperParameterTuningJobConfig ?? {};
  const objective = config.HyperParameterTuningJobObjective ?? {};
  const limits = config.ResourceLimits ?? {};
  const counts = d.TrainingJobStatusCounters ?? {};
  const best = d.BestTrainingJob;
  return [
    ...failureSection(d.FailureReason),
    section(
      'Overview',
      table([
        ['Status', status(d.HyperParameterTuningJobStatus)],
        ['Strategy', config.Strategy],
        ['Objective', `${objective.Type} ${objective.MetricName}`],
        [
          'Training jobs',
          `${limits.MaxNumberOfTrainingJobs ?? 'grid'} at most, ${limits.MaxParallelTrainingJobs} at once`,
        ],
        ['Early stopping', config.TrainingJobEarlyStoppingType ?? 'Off'],
        [
          'Progress',
          `${counts.Completed ?? 0} completed, ${counts.InProgress ?? 0} running, ${counts.Stopped ?? 0} stopped, ` +
            `${(counts.RetryableError ?? 0) + (counts.NonRetryableError ?? 0)} failed`,
        ],
        ['Created', time(d.CreationTime)],
        ['Ended', time(d.HyperParameterTuningEndTime)],
      ]),
    ),
    section(
      'Best training job',
      best
        ? table([
            ['Training job', best.TrainingJobName],
            [objective.MetricName, String(objectiveValue(best))],
            ...Object.entries((best.TunedHyperParameters ?? {}) as Record<string, string>),
          ])
        : h('p', { className: 'tessera-Muted' }, 'No training job has reported the objective yet.'),
    ),
  ];
}

/**
 * A version in `group` (made if it does not exist) from the best job's model: its image, its
 * artifacts, its objective as metadata. Returns the version's ARN.
 */
export async function registerBest(d: Described, group: string): Promise<string> {
  const best = d.BestTrainingJob;
  const job = await sageMaker('DescribeTrainingJob', { TrainingJobName: best.TrainingJobName });
  const groups = await sageMaker('ListModelPackageGroups', { NameContains: group, MaxResults: 100 });
  if (!groups.ModelPackageGroupSummaryList.some((g) => g.ModelPackageGroupName === group))
    await sageMaker('CreateModelPackageGroup', {
      ModelPackageGroupName: group,
      ModelPackageGroupDescription: `Models from tuning job ${d.HyperParameterTuningJobName}`,
    });
  const objective = d.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective;
  const created = await sageMaker('CreateModelPackage', {
    ModelPackageGroupName: group,
    ModelPackageDescription:
      `Best of tuning job ${d.HyperParameterTuningJobName}: ` + `${objective.MetricName} ${objectiveValue(best)}`,
    ModelApprovalStatus: 'PendingManualApproval',
    InferenceSpecification: {
      Containers: [
        {
          Image: job.AlgorithmSpecification.TrainingImage as string,
          ModelDataUrl: job.ModelArtifacts.S3ModelArtifacts,
        },
      ],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    },
    CustomerMetadataProperties: {
      TrainingJobName: best.TrainingJobName,
      TuningJobName: d.HyperParameterTuningJobName,
      [objective.MetricName]: String(objectiveValue(best)),
      ...best.TunedHyperParameters,
    },
  });
  return created.ModelPackageArn;
}

/** The objective chart, kept across redraws so uPlot redraws in place. */
export class ObjectiveChart {
  // Jobs may end seconds apart: the axis spans what they span, at least ten seconds.
  readonly chart = new TimeChart('Objective of each training job, when it ended', '', 10);
  update(d: Described, jobs: Described[]): void {
    this.chart.update(objectiveSeries(d, jobs));
  }
}
