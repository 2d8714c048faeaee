// Left sidebar, "SageMaker components and registries": the profile's apps (with a stop button),
// training jobs, models and endpoints. Refreshed when the events socket reports a change.
import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { h, relativeTime } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';
import type { StudioEvent, StudioResources } from '../types.ts';

const WATCHED = /^(app|trainingJob|model|endpoint)\./;

export class ResourcesPanel extends Widget {
  constructor(private readonly studio: IStudioContext) {
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
      this._data = await this.studio.client.resources();
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
        d.TrainingJobs.map((j) => row(j.Name, j.CreationTime, j.Status)),
        'No training jobs yet.',
      ),
      section(
        'Models',
        'tessera-Models',
        d.Models.map((m) => row(m.Name, m.CreationTime)),
        'No models yet.',
      ),
      section(
        'Endpoints',
        'tessera-Endpoints',
        d.Endpoints.map((e) => row(e.Name, e.CreationTime, e.Status)),
        'No endpoints yet.',
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

  private _data: StudioResources | undefined;
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

function row(name: string, created: string, s?: string): HTMLElement {
  return h(
    'li',
    { className: 'tessera-Resource' },
    h(
      'div',
      { className: 'tessera-Resource-main' },
      h('strong', {}, name),
      s ? status(s) : null,
      h('div', { className: 'tessera-Muted' }, `created ${relativeTime(created)}`),
    ),
  );
}

function status(s: string): HTMLElement {
  return h('span', { className: 'tessera-Status', dataset: { status: s } }, s);
}
