// Left sidebar, "SageMaker components and registries": the profile's apps (with a stop button),
// training, tuning, processing and transform jobs, models, endpoints and the model registry's groups and
// versions; each opens its detail view.
// Refreshed when the events socket reports a change.
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { h, relativeTime } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';
import type { StudioEvent, StudioResources } from '../types.ts';
import { sageMaker } from '../details-client.ts';
import type { ResourceRef } from './details/resource-detail.ts';

const WATCHED = new RegExp(
  '^(app|trainingJob|hyperParameterTuningJob|experiment|processingJob|transformJob|model|endpoint|' +
    'modelPackage|modelPackageGroup)\\.',
);

interface RegistryGroup {
  Name: string;
  CreationTime: string;
  Versions: { Arn: string; Version: number; Approval: string; CreationTime: string }[];
}

interface OtherJobs {
  Experiments: { Name: string; CreationTime: string }[];
  TuningJobs: { Name: string; Status: string; CreationTime: string }[];
  ProcessingJobs: { Name: string; Status: string; CreationTime: string }[];
  TransformJobs: { Name: string; Status: string; CreationTime: string }[];
  Registry: RegistryGroup[];
}

const iso = (t: unknown) => new Date(typeof t === 'number' ? t * 1000 : String(t)).toISOString();

/**
 * Tuning, processing and transform jobs, newest first, and the model registry (groups, their latest
 * versions), through the SageMaker operations Studio may call.
 */
async function otherJobs(): Promise<OtherJobs> {
  const newest = { SortBy: 'CreationTime', SortOrder: 'Descending' } as const;
  const [experiments, tuning, p, t, groups, versions] = await Promise.all([
    sageMaker('ListExperiments', { MaxResults: 50, SortBy: 'CreationTime', SortOrder: 'Descending' }),
    sageMaker('ListHyperParameterTuningJobs', { MaxResults: 50, ...newest }),
    sageMaker('ListProcessingJobs', { MaxResults: 50, ...newest }),
    sageMaker('ListTransformJobs', { MaxResults: 50, ...newest }),
    sageMaker('ListModelPackageGroups', { MaxResults: 50, ...newest }),
    sageMaker('ListModelPackages', { MaxResults: 100, ...newest }),
  ]);
  return {
    Registry: groups.ModelPackageGroupSummaryList.map((g) => ({
      Name: g.ModelPackageGroupName,
      CreationTime: iso(g.CreationTime),
      Versions: versions.ModelPackageSummaryList.filter((v) => v.ModelPackageGroupName === g.ModelPackageGroupName).map(
        (v) => ({
          Arn: v.ModelPackageArn,
          Version: v.ModelPackageVersion ?? 0,
          Approval: v.ModelApprovalStatus ?? 'PendingManualApproval',
          CreationTime: iso(v.CreationTime),
        }),
      ),
    })),
    Experiments: (experiments.ExperimentSummaries ?? []).map((e) => ({
      Name: e.ExperimentName,
      CreationTime: iso(e.CreationTime),
    })),
    TuningJobs: tuning.HyperParameterTuningJobSummaries.map((j) => ({
      Name: j.HyperParameterTuningJobName,
      Status: j.HyperParameterTuningJobStatus,
      CreationTime: iso(j.CreationTime),
    })),
    ProcessingJobs: (p.ProcessingJobSummaries ?? []).map((j) => ({
      Name: j.ProcessingJobName,
      Status: j.ProcessingJobStatus,
      CreationTime: iso(j.CreationTime),
    })),
    TransformJobs: (t.TransformJobSummaries ?? []).map((j) => ({
      Name: j.TransformJobName,
      Status: j.TransformJobStatus,
      CreationTime: iso(j.CreationTime),
    })),
  };
}

export class ResourcesPanel extends Widget {
  constructor(
    private readonly studio: IStudioContext,
    private readonly open: (ref: ResourceRef) => void = () => undefined,
  ) {
    super();
    this.addClass('tessera-Panel');
    this.addClass('tessera-ResourcesPanel');
    studio.events.received.connect(this.onEvent, this);
    void this.refresh();
  }

  dispose(): void {
    this.studio.events.received.disconnect(this.onEvent, this);
    clearTimeout(this._timer);
    super.dispose();
  }

  async refresh(): Promise<void> {
    try {
      const [data, others] = await Promise.all([this.studio.client.resources(), otherJobs()]);
      this._data = { ...data, ...others };
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
    this.render();
  }

  private onEvent(_: unknown, event: StudioEvent): void {
    if (!WATCHED.test(event.type)) return;
    // Bursts of events (an app passing through its states) cost one refresh.
    clearTimeout(this._timer);
    this._timer = setTimeout(() => void this.refresh(), 250);
  }

  private render(): void {
    const header = h(
      'header',
      { className: 'tessera-Panel-header' },
      h('h2', {}, 'Components and registries'),
      h(
        'button',
        {
          className: 'tessera-IconButton',
          title: 'Refresh',
          'aria-label': 'Refresh',
          onclick: () => void this.refresh(),
        },
        '⟳',
      ),
    );
    if (this._error)
      return void this.node.replaceChildren(header, h('div', { className: 'tessera-Error' }, this._error));
    const d = this._data;
    if (!d) return void this.node.replaceChildren(header, h('p', { className: 'tessera-Muted' }, 'Loading…'));
    this.node.replaceChildren(
      header,
      section(
        'Apps',
        'tessera-Apps',
        d.Apps.map((a) =>
          h(
            'li',
            { className: 'tessera-Resource', dataset: { appType: a.AppType, appName: a.AppName } },
            h(
              'div',
              { className: 'tessera-Resource-main' },
              h('strong', {}, a.AppName),
              status(a.Status),
              h(
                'div',
                { className: 'tessera-Muted' },
                [a.AppType, a.InstanceType, a.ImageName].filter(Boolean).join(' · '),
              ),
              a.FailureReason ? h('div', { className: 'tessera-Error' }, a.FailureReason) : null,
            ),
            a.Status === 'InService' || a.Status === 'Pending' || a.Status === 'Failed'
              ? h(
                  'button',
                  {
                    className: 'tessera-IconButton',
                    title:
                      a.AppType === 'JupyterServer' ? 'Stop this app (this Studio closes)' : 'Stop and delete this app',
                    'aria-label': `Delete ${a.AppName}`,
                    onclick: () => void this.deleteApp(a.AppType, a.AppName),
                  },
                  '■',
                )
              : null,
          ),
        ),
        'No apps are running.',
      ),
      section(
        'Training jobs',
        'tessera-TrainingJobs',
        d.TrainingJobs.map((j) => this.row({ kind: 'TrainingJob', name: j.Name }, j.CreationTime, j.Status)),
        'No training jobs yet.',
      ),
      section(
        'Tuning jobs',
        'tessera-TuningJobsList',
        d.TuningJobs.map((j) => this.row({ kind: 'HyperParameterTuningJob', name: j.Name }, j.CreationTime, j.Status)),
        'No tuning jobs yet.',
      ),
      section(
        'Experiments',
        'tessera-ExperimentsList',
        d.Experiments.map((e) => this.row({ kind: 'Experiment', name: e.Name }, e.CreationTime)),
        'No experiments yet.',
      ),
      section(
        'Processing jobs',
        'tessera-ProcessingJobs',
        d.ProcessingJobs.map((j) => this.row({ kind: 'ProcessingJob', name: j.Name }, j.CreationTime, j.Status)),
        'No processing jobs yet.',
      ),
      section(
        'Transform jobs',
        'tessera-TransformJobs',
        d.TransformJobs.map((j) => this.row({ kind: 'TransformJob', name: j.Name }, j.CreationTime, j.Status)),
        'No transform jobs yet.',
      ),
      section(
        'Models',
        'tessera-Models',
        d.Models.map((m) => this.row({ kind: 'Model', name: m.Name }, m.CreationTime)),
        'No models yet.',
      ),
      section(
        'Endpoints',
        'tessera-Endpoints',
        d.Endpoints.map((e) => this.row({ kind: 'Endpoint', name: e.Name }, e.CreationTime, e.Status)),
        'No endpoints yet.',
      ),
      section(
        'Model registry',
        'tessera-Registry',
        d.Registry.map((g) =>
          h(
            'li',
            { className: 'tessera-RegistryGroup', dataset: { group: g.Name } },
            h('strong', {}, g.Name),
            h('span', { className: 'tessera-Muted' }, ` · ${g.Versions.length} version(s)`),
            g.Versions.length
              ? h(
                  'ul',
                  {},
                  g.Versions.map((v) =>
                    this.row({ kind: 'ModelPackage', name: v.Arn }, v.CreationTime, v.Approval, `v${v.Version}`),
                  ),
                )
              : null,
          ),
        ),
        'No model groups yet (CreateModelPackageGroup).',
      ),
    );
  }

  private async deleteApp(appType: string, appName: string): Promise<void> {
    const warning =
      appType === 'JupyterServer'
        ? ' This is the app behind this Studio: it closes until you open Studio again.'
        : ' Kernels running on it stop.';
    const answer = await showDialog({
      title: `Delete ${appName}?`,
      body: `Stops the ${appType} app ${appName}.${warning}`,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })],
    });
    if (!answer.button.accept) return;
    try {
      await this.studio.client.deleteApp(appType, appName);
      await this.refresh();
    } catch (err) {
      void showErrorMessage(`Could not delete ${appName}`, err as Error);
    }
  }

  /** A resource that opens its detail view when clicked (or Enter is pressed on it). */
  private row(ref: ResourceRef, created: string, s?: string, label = ref.name): HTMLElement {
    const open = () => this.open(ref);
    return h(
      'li',
      {
        className: 'tessera-Resource tessera-Resource-openable',
        tabindex: '0',
        role: 'button',
        title: `Open ${label}`,
        dataset: { kind: ref.kind, name: ref.name },
        onclick: open,
        onkeydown: (e: KeyboardEvent) => {
          if (e.key === 'Enter') open();
        },
      },
      h(
        'div',
        { className: 'tessera-Resource-main' },
        h('strong', {}, label),
        s ? status(s) : null,
        h('div', { className: 'tessera-Muted' }, `created ${relativeTime(created)}`),
      ),
    );
  }

  private _data: (StudioResources & OtherJobs) | undefined;
  private _error: string | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
}

function section(title: string, className: string, items: HTMLElement[], empty: string): HTMLElement {
  return h(
    'section',
    { className: `tessera-ResourceSection ${className}` },
    h('h3', {}, title, h('span', { className: 'tessera-Count' }, String(items.length))),
    items.length ? h('ul', {}, items) : h('p', { className: 'tessera-Muted' }, empty),
  );
}

function status(s: string): HTMLElement {
  return h('span', { className: 'tessera-Status', dataset: { status: s } }, s);
}
