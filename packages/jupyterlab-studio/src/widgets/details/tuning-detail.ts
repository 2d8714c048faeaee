// A hyperparameter tuning job's page: what it tunes and how far it has come (counters, the best
// job), its training jobs as a table that sorts by any column, a chart of the objective as the
// jobs ended with the best so far and the best marked, and "Register the best" — a version of a
// registry group from the best job's model, whose page then approves and deploys it.
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import { epochMs, failureSection, section, status, table, time, type Described } from './parts.ts';
import type { ResourceRef } from './resource-ref.ts';
import { type Column, SortableTable } from './sortable-table.ts';
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

/** The training jobs, sortable by any column; the best one marked. */
export class TuningJobsTable {
  readonly table: SortableTable<Described>;

  constructor(private readonly open: (ref: ResourceRef) => void) {
    this.table = new SortableTable('tessera-TuningJobs', 'No training jobs launched yet.', (j) => ({
      dataset: { job: j.TrainingJobName, best: String(j.TrainingJobName === this.bestName) },
      className: j.TrainingJobName === this.bestName ? 'tessera-Best' : '',
    }));
  }

  get node(): HTMLElement {
    return this.table.node;
  }

  update(d: Described, jobs: Described[]): void {
    this.bestName = d.BestTrainingJob?.TrainingJobName;
    const names = [...new Set(jobs.flatMap((j) => Object.keys(j.TunedHyperParameters ?? {})))].sort();
    const metric = d.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective?.MetricName ?? 'Objective';
    const columns: Column<Described>[] = [
      { label: '#', value: (j) => Number(/-(\d{3})-[0-9a-f]{8}$/.exec(j.TrainingJobName)?.[1] ?? 0) },
      { label: 'Status', value: (j) => j.TrainingJobStatus, render: (j) => status(j.TrainingJobStatus) },
      { label: metric, value: objectiveValue },
      ...names.map((n) => ({ label: n, value: (j: Described) => numberOrText(j.TunedHyperParameters?.[n]) })),
      {
        label: 'Training job',
        value: (j) => j.TrainingJobName,
        render: (j) =>
          h(
            'button',
            {
              className: 'tessera-LinkButton',
              onclick: () => this.open({ kind: 'TrainingJob', name: j.TrainingJobName }),
            },
            j.TrainingJobName,
          ),
      },
    ];
    this.table.update(columns, jobs);
  }

  private bestName: string | undefined;
}

/** A hyperparameter or parameter as a number when it is one (so it sorts as one). */
export const numberOrText = (v: unknown): string | number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};

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
