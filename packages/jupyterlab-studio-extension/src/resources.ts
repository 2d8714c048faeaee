// Left sidebar: "SageMaker components and registries" — apps, training jobs, models, endpoints —
// and their pages, opened from the panel, the tessera:open-resource command or a notebook output
// of the application/vnd.tessera.resource+json type.
import { ILabShell, ILayoutRestorer, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  detailId,
  IStudioContext,
  ResourceDetail,
  resourceLinkFactory,
  ResourcesPanel,
  resourcesIcon,
  type ResourceKind,
  type ResourceRef,
} from '@tessera/jupyterlab-studio';

const OPEN = 'tessera:open-resource';

export const resourcesPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:resources',
  description:
    "Adds the components and registries panel (the profile's apps, jobs, models and endpoints, live) and their views.",
  autoStart: true,
  requires: [IStudioContext, ILabShell],
  optional: [ILayoutRestorer, IRenderMimeRegistry],
  activate: (
    app,
    studio: IStudioContext,
    shell: ILabShell,
    restorer: ILayoutRestorer | null,
    rendermime: IRenderMimeRegistry | null,
  ) => {
    // One view per resource: opening it again brings the open one forward.
    const open = (ref: ResourceRef) => {
      const id = detailId(ref);
      if (![...shell.widgets('main')].some((w) => w.id === id)) {
        shell.add(new ResourceDetail(studio, ref, open), 'main');
      }
      shell.activateById(id);
    };
    app.commands.addCommand(OPEN, {
      label: (args) => `Open ${String(args.name ?? 'resource')}`,
      execute: (args) => open({ kind: args.kind as ResourceKind, name: String(args.name) }),
    });
    rendermime?.addFactory(resourceLinkFactory(open));
    const panel = new ResourcesPanel(studio, open);
    panel.id = 'tessera-resources';
    panel.title.icon = resourcesIcon;
    panel.title.caption = 'SageMaker components and registries';
    shell.add(panel, 'left', { rank: 350, type: 'Components and registries' });
    restorer?.add(panel, panel.id);
  },
};
