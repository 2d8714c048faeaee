// The notebook toolbar's Studio items (placed by schema/notebook-toolbar.json): the kernel's
// image and instance type, its instance's CPU and memory, checkpoint diff, Git diff, a terminal
// in the notebook's folder, and Share.
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { CommandToolbarButton, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { terminalIcon } from '@jupyterlab/ui-components';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import {
  checkpointDiffIcon,
  IStudioContext,
  KernelTargetPicker,
  KernelUsageWidget,
  shareIcon,
  showCheckpointDiff,
  showShareDialog,
  watchKernelStart,
} from '@tessera/jupyterlab-studio';

const FACTORY = 'Notebook';
const DIFF = 'tessera:checkpoint-diff';
const SHARE = 'tessera:share-notebook';
const TERMINAL = 'tessera:notebook-terminal';
const GIT_DIFF = 'tessera:git-diff';

export const notebookToolbarPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:notebook-toolbar',
  description:
    "Adds the kernel's image and instance-type pickers, its usage, checkpoint diff and Share to the notebook toolbar.",
  autoStart: true,
  requires: [IStudioContext, IToolbarWidgetRegistry, INotebookTracker],
  activate: (app, studio: IStudioContext, toolbars: IToolbarWidgetRegistry, tracker: INotebookTracker) => {
    const { commands } = app;
    const current = (args: { [k: string]: unknown }) =>
      (args.path ? tracker.find((p) => p.context.path === args.path) : tracker.currentWidget) ?? null;

    commands.addCommand(DIFF, {
      label: 'Compare with checkpoint',
      caption: 'Show the cells that changed since the last checkpoint',
      icon: checkpointDiffIcon,
      isEnabled: () => !!tracker.currentWidget,
      execute: async (args) => {
        const panel = current(args);
        if (panel) await showCheckpointDiff(studio, panel, app.serviceManager.contents);
      },
    });
    commands.addCommand(SHARE, {
      label: 'Share',
      caption: 'Share a read-only link to a snapshot of this notebook',
      icon: shareIcon,
      isEnabled: () => !!tracker.currentWidget,
      execute: async (args) => {
        const panel = current(args);
        if (panel) await showShareDialog(studio, panel);
      },
    });

    commands.addCommand(TERMINAL, {
      label: (args) => (args.toolbar ? '' : 'Open a terminal here'),
      caption: "Open a terminal in this notebook's folder",
      icon: terminalIcon,
      execute: (args) => {
        const panel = current(args);
        const cwd = panel ? PathExt.dirname(panel.context.path) : '';
        return commands.execute('terminal:create-new', { cwd });
      },
    });

    // Kernels that stay "Starting" because their first kernel_info reply was missed get asked again.
    tracker.widgetAdded.connect((_, panel) => watchKernelStart(panel.sessionContext));

    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-image',
      (panel) => new KernelTargetPicker(studio, panel.sessionContext, 'image'),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-instance-type',
      (panel) => new KernelTargetPicker(studio, panel.sessionContext, 'instanceType'),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-usage',
      (panel) => new KernelUsageWidget(studio, panel.sessionContext),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-checkpoint-diff',
      (panel) =>
        new CommandToolbarButton({ commands, id: DIFF, args: { path: panel.context.path, toolbar: true }, label: '' }),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-git-diff',
      (panel) =>
        new CommandToolbarButton({
          commands,
          id: GIT_DIFF,
          args: { path: panel.context.path, toolbar: true },
          label: '',
        }),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-terminal',
      (panel) =>
        new CommandToolbarButton({
          commands,
          id: TERMINAL,
          args: { path: panel.context.path, toolbar: true },
          label: '',
        }),
    );
    toolbars.addFactory<NotebookPanel>(
      FACTORY,
      'tessera-share',
      (panel) =>
        new CommandToolbarButton({
          commands,
          id: SHARE,
          args: { path: panel.context.path, toolbar: true },
          label: 'Share',
        }),
    );
  },
};
