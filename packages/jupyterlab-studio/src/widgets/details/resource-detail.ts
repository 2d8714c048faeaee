// A job's, endpoint's or model's page in Studio's main area, opened from the components panel (or
// the tessera:open-resource command). It starts from the REST API's description and then follows
// the events socket: a status event of the resource redraws it, its log lines are appended as they
// come, a training job's metric charts are refreshed as its log moves (metrics are parsed from the
// log), and an endpoint's figures when the server says it was invoked (at most every two seconds).
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import type { IStudioContext } from '../../tokens.ts';
import type { StudioEvent } from '../../types.ts';
import { describeEndpoint, EndpointCharts, endpointSections, historySection, invokeBox } from './endpoint-detail.ts';
import { MonitoringTab, processingResultsSections } from './monitoring-detail.ts';
import {
  deployTrainingJob,
  describeJob,
  jobArn,
  jobSections,
  jobStatus,
  MetricCharts,
  stopJob,
  type JobKind,
} from './job-detail.ts';
import { LogsView } from './logs-view.ts';
import { modelSections } from './model-detail.ts';
import {
  deployModelPackage,
  describeModelPackage,
  modelPackageSections,
  versionLabel,
} from './model-package-detail.ts';
import { section, status, tabs } from './parts.ts';
import { describeExperiment, experimentSections, RunComparison, sourceArns } from './experiment-detail.ts';
import { describeTuningJob, ObjectiveChart, registerBest, TuningJobsTable, tuningSections } from './tuning-detail.ts';
import { LABELS, type ResourceKind, type ResourceRef } from './resource-ref.ts';

export type { ResourceKind, ResourceRef };

const isJob = (k: ResourceKind): k is JobKind => k === 'TrainingJob' || k === 'ProcessingJob' || k === 'TransformJob';

export const detailId = (ref: ResourceRef) => `tessera-detail-${ref.kind}-${ref.name}`;

export class ResourceDetail extends Widget {
  constructor(
    private readonly studio: IStudioContext,
    readonly ref: ResourceRef,
    private readonly open: (ref: ResourceRef) => void,
  ) {
    super();
    this.id = detailId(ref);
    this.addClass('tessera-Detail');
    this.title.label = ref.kind === 'ModelPackage' ? versionLabel(ref.name) : ref.name;
    this.title.caption = `${LABELS[ref.kind]} ${ref.name}`;
    this.title.closable = true;
    if (ref.kind === 'TrainingJob') this.metrics = new MetricCharts(ref.name);
    if (ref.kind === 'Endpoint') {
      this.figures = new EndpointCharts(ref.name);
      this.monitoring = new MonitoringTab(ref.name, (job) => open({ kind: 'ProcessingJob', name: job }));
    }
    if (ref.kind === 'Experiment') this.runs = new RunComparison(open);
    if (ref.kind === 'HyperParameterTuningJob') {
      this.tuningJobs = new TuningJobsTable(open);
      this.objective = new ObjectiveChart();
    }
    if (isJob(ref.kind) || ref.kind === 'Endpoint') this.logs = new LogsView(ref.kind, ref.name);
    studio.events.received.connect(this.onEvent, this);
    void this.refresh();
    void this.logs?.load().catch(() => undefined);
  }

  dispose(): void {
    this.studio.events.received.disconnect(this.onEvent, this);
    clearTimeout(this.debounce);
    clearTimeout(this.runsRedraw);
    this.metrics?.dispose();
    this.figures?.dispose();
    this.monitoring?.dispose();
    this.objective?.chart.dispose();
    super.dispose();
  }

  async refresh(): Promise<void> {
    const { kind, name } = this.ref;
    try {
      if (isJob(kind)) {
        const d = await describeJob(kind, name);
        this.arn = jobArn(kind, d);
        const s = jobStatus(kind, d);
        this.render(s, this.jobActions(kind, s), [
          ...jobSections(kind, d),
          ...(kind === 'TrainingJob' && s === 'Completed'
            ? [
                await this.deployForm(
                  `${name}`.slice(0, 54) + '-endpoint',
                  'A model from these artifacts, an endpoint config and a real-time endpoint.',
                  (endpointName, type) => deployTrainingJob(d, endpointName, type),
                ),
              ]
            : []),
          ...(this.metrics ? [section('Metrics', this.metrics.node)] : []),
          ...(kind === 'ProcessingJob' && s === 'Completed' ? await processingResultsSections(name) : []),
        ]);
        await this.metrics?.refresh();
      } else if (kind === 'Endpoint') {
        const d = await describeEndpoint(name);
        this.arn = d.EndpointArn;
        const strip = tabs(['Overview', 'Monitoring'], this.tab, (t) => {
          this.tab = t as 'Overview' | 'Monitoring';
          void this.refresh();
        });
        this.render(
          d.EndpointStatus,
          [this.button('Delete', () => this.deleteEndpoint(), true)],
          this.tab === 'Monitoring'
            ? [strip, this.monitoring!.node]
            : [
                strip,
                ...endpointSections(d, () => void this.refresh()),
                section('Invocations, errors and latency', this.figures!.node),
                invokeBox(name, () => void this.figures!.refresh()),
                await historySection(name),
              ],
          this.tab === 'Overview',
        );
        if (this.tab === 'Monitoring') await this.monitoring!.refresh();
        else await this.figures!.refresh();
      } else if (kind === 'HyperParameterTuningJob') {
        const { d, jobs } = await describeTuningJob(name);
        this.arn = d.HyperParameterTuningJobArn;
        const s = d.HyperParameterTuningJobStatus;
        this.render(
          s,
          s === 'InProgress'
            ? [
                this.button(
                  'Stop',
                  async () => (
                    await sageMaker('StopHyperParameterTuningJob', { HyperParameterTuningJobName: name }),
                    this.refresh()
                  ),
                  true,
                ),
              ]
            : [],
          [
            ...tuningSections(d),
            ...(d.BestTrainingJob ? [this.registerForm(d)] : []),
            section('Training jobs', this.tuningJobs!.node),
            section('Objective', h('div', { className: 'tessera-Charts' }, this.objective!.chart.node)),
          ],
        );
        this.tuningJobs!.update(d, jobs);
        this.objective!.update(d, jobs);
      } else if (kind === 'Experiment') {
        const { e, runs } = await describeExperiment(name);
        this.arn = e.ExperimentArn;
        this.related = new Set(sourceArns(runs));
        this.render(undefined, [], [...experimentSections(e), section('Runs', this.runs!.node)]);
        this.runs!.update(runs);
      } else if (kind === 'ModelPackage') {
        const d = await describeModelPackage(name);
        this.arn = d.ModelPackageArn;
        // Room for the -model and -config suffixes of what Deploy makes, within 63 characters.
        const endpoint = `${String(d.ModelPackageGroupName).slice(0, 40).replace(/-+$/, '')}-v${d.ModelPackageVersion}`;
        this.render(
          d.ModelApprovalStatus,
          [],
          [
            ...modelPackageSections(d, () => void this.refresh()),
            await this.deployForm(
              endpoint,
              'A model from this version, an endpoint config and a real-time endpoint.',
              (endpointName, type) => deployModelPackage(d.ModelPackageArn, endpointName, type),
            ),
          ],
        );
      } else {
        const m = await modelSections(name);
        this.arn = m.arn;
        this.render(undefined, [], m.sections);
      }
    } catch (err) {
      this.render(undefined, [], [h('div', { className: 'tessera-Error' }, (err as Error).message)]);
    }
  }

  private render(s: string | undefined, actions: HTMLElement[], sections: HTMLElement[], withLogs = true): void {
    const header = h(
      'header',
      { className: 'tessera-Detail-header' },
      h('div', { className: 'tessera-Muted' }, LABELS[this.ref.kind]),
      h('h2', { title: this.ref.name }, this.title.label, s ? status(s) : null),
      h(
        'div',
        { className: 'tessera-Detail-actions' },
        ...actions,
        this.button('Refresh', () => this.refresh()),
      ),
    );
    const logs = this.logs && withLogs ? [section('Logs', this.logs.node)] : [];
    // A redraw (a status event, say) keeps what the user typed or chose in the page's fields.
    const typed = new Map<string, string>();
    for (const f of this.node.querySelectorAll<HTMLInputElement>('input[aria-label], textarea[aria-label]'))
      if (f.value !== f.defaultValue) typed.set(f.getAttribute('aria-label')!, f.value);
    for (const f of this.node.querySelectorAll<HTMLSelectElement>('select[aria-label]'))
      if (f.selectedOptions[0] && !f.selectedOptions[0].defaultSelected)
        typed.set(f.getAttribute('aria-label')!, f.value);
    this.node.replaceChildren(header, h('div', { className: 'tessera-Detail-body' }, ...sections, ...logs));
    for (const [label, value] of typed) {
      const f = this.node.querySelector<HTMLInputElement | HTMLSelectElement>(`[aria-label="${CSS.escape(label)}"]`);
      if (f) f.value = value;
    }
  }

  private button(label: string, run: () => Promise<void>, warn = false): HTMLElement {
    return h(
      'button',
      {
        className: `jp-mod-styled ${warn ? 'jp-mod-warn' : 'jp-mod-reject'}`,
        onclick: () => void run().catch((err) => showErrorMessage(`${label} failed`, err as Error)),
      },
      label,
    );
  }

  private jobActions(kind: JobKind, s: string): HTMLElement[] {
    if (s !== 'InProgress') return [];
    return [this.button('Stop', async () => (await stopJob(kind, this.ref.name), this.refresh()), true)];
  }

  private async deleteEndpoint(): Promise<void> {
    const answer = await showDialog({
      title: `Delete ${this.ref.name}?`,
      body: 'Its instances stop; the endpoint config and model stay.',
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })],
    });
    if (!answer.button.accept) return;
    await sageMaker('DeleteEndpoint', { EndpointName: this.ref.name });
    await this.refresh();
  }

  /** An endpoint name and an instance type, and a Deploy button that opens the new endpoint's page. */
  private async deployForm(
    defaultName: string,
    what: string,
    deploy: (endpointName: string, instanceType: string) => Promise<void>,
  ): Promise<HTMLElement> {
    const { instanceTypes } = await this.studio.catalog();
    const choices = instanceTypes.filter((t) => t.Available !== false && t.Name !== 'system');
    const select = h(
      'select',
      { 'aria-label': 'Instance type' },
      choices.map((t) => h('option', { value: t.Name, selected: t.Name === 'ml.m5.large' }, t.Name)),
    ) as HTMLSelectElement;
    const endpointName = h('input', { value: defaultName, 'aria-label': 'Endpoint name' }) as HTMLInputElement;
    return section(
      'Deploy',
      h('p', { className: 'tessera-Muted' }, what),
      h('label', { className: 'tessera-Field' }, 'Endpoint name ', endpointName),
      h('label', { className: 'tessera-Field' }, 'Instance type ', select),
      this.button('Deploy', async () => {
        await deploy(endpointName.value, select.value);
        this.open({ kind: 'Endpoint', name: endpointName.value });
      }),
    );
  }

  /** A model group's name, and a button that registers the best job's model there and opens the version. */
  private registerForm(d: Record<string, unknown>): HTMLElement {
    const group = h('input', {
      value: `${String(d.HyperParameterTuningJobName).slice(0, 56)}-models`,
      'aria-label': 'Model group',
    }) as HTMLInputElement;
    return section(
      'Register the best model',
      h(
        'p',
        { className: 'tessera-Muted' },
        "A version of the registry group from the best training job's model, pending approval.",
      ),
      h('label', { className: 'tessera-Field' }, 'Model group ', group),
      this.button('Register', async () => {
        const arn = await registerBest(d, group.value.trim());
        this.open({ kind: 'ModelPackage', name: arn });
      }),
    );
  }

  private onEvent(_: unknown, event: StudioEvent): void {
    // A tuning job's page follows its training jobs too: their status events name it.
    // An experiment's page follows the jobs its runs record (statuses, and log lines: metrics), and
    // the user's jobs' statuses (a new run).
    const ofTuning = !!this.arn && (event.detail as { tuningJobArn?: string } | undefined)?.tuningJobArn === this.arn;
    // A job of the user's starting or ending may be (or become) one of the experiment's runs.
    // An endpoint's Monitoring tab follows the user's processing jobs: monitoring executions are.
    const ofRun =
      this.related.has(event.resourceArn) ||
      (this.ref.kind === 'Experiment' && /^(training|processing|transform)Job\.status$/.test(event.type)) ||
      (this.ref.kind === 'Endpoint' && this.tab === 'Monitoring' && event.type === 'processingJob.status');
    if (!this.arn || (event.resourceArn !== this.arn && !ofTuning && !ofRun)) return;
    if (ofRun) {
      // At most one redraw a second, however many lines the runs print.
      this.runsRedraw ??= setTimeout(() => {
        this.runsRedraw = undefined;
        void this.refresh();
      }, 1000);
      return;
    }
    if (event.type === 'log') {
      const detail = event.detail as { logStreamName: string; events: { timestamp: number; message: string }[] };
      this.logs?.append(detail.events.map((e) => ({ stream: detail.logStreamName, ...e })));
      if (!this.metrics) return;
    }
    if (event.type === 'endpoint.invocations') {
      void this.figures?.refresh().catch(() => undefined);
      return;
    }
    // Bursts (a status and its log lines) cost one redraw.
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void (event.type === 'log' ? this.metrics?.refresh() : this.refresh()), 500);
  }

  private arn: string | undefined;
  private logs: LogsView | undefined;
  private metrics: MetricCharts | undefined;
  private figures: EndpointCharts | undefined;
  private monitoring: MonitoringTab | undefined;
  private tab: 'Overview' | 'Monitoring' = 'Overview';
  private tuningJobs: TuningJobsTable | undefined;
  private runs: RunComparison | undefined;
  private related = new Set<string>();
  private runsRedraw: ReturnType<typeof setTimeout> | undefined;
  private objective: ObjectiveChart | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
}
