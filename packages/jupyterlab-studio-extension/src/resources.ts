// Left sidebar: "SageMaker components and registries" — apps, training jobs, models, endpoints.
import { ILabShell, ILayoutRestorer, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IStudioContext, ResourcesPanel, resourcesIcon } from '@tessera/jupyterlab-studio';

export const resourcesPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:resources',
  description: "Adds the components and registries panel: the profile's apps, jobs, models and endpoints, live.",
  autoStart: true,
  requires: [IStudioContext, ILabShell],
  optional: [ILayoutRestorer],
  activate: (_app, studio: IStudioContext, shell: ILabShell, restorer: ILayoutRestorer | null) => {
    const panel = new ResourcesPanel(studio);
    panel.id = 'tessera-resources';
    panel.title.icon = resourcesIcon;
    panel.title.caption = 'SageMaker components and registries';
    shell.add(panel, 'left', { rank: 350, type: 'Components and registries' });
    restorer?.add(panel, panel.id);
  },
};
