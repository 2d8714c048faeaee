// Left sidebar: the Git panel (repositories in the home directory).
import { ILabShell, ILayoutRestorer, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { showErrorMessage } from '@jupyterlab/apputils';
import { GitPanel, gitIcon, IStudioContext } from '@tessera/jupyterlab-studio';

export const gitPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:git',
  description: 'Adds the Git panel: status, diffs and commits of the repositories in the home directory.',
  autoStart: true,
  requires: [IStudioContext, ILabShell],
  optional: [ILayoutRestorer],
  activate: (app, studio: IStudioContext, shell: ILabShell, restorer: ILayoutRestorer | null) => {
    const panel = new GitPanel(studio);
    panel.id = 'tessera-git';
    panel.title.icon = gitIcon;
    panel.title.caption = 'Git';
    shell.add(panel, 'left', { rank: 250, type: 'Git' });
    restorer?.add(panel, panel.id);
    app.commands.addCommand('tessera:git-refresh', { label: 'Refresh Git status', execute: () => panel.refresh() });
    // The notebook toolbar's Git diff: the current file's changes, in the Git panel.
    app.commands.addCommand('tessera:git-diff', {
      label: (args) => (args.toolbar ? '' : 'Git diff of this file'),
      caption: 'Show what changed in this file since its last commit',
      icon: gitIcon,
      execute: async (args) => {
        const path = String(args.path ?? '');
        shell.activateById(panel.id);
        if (!(await panel.showDiffOf(path)))
          void showErrorMessage('No Git repository', `${path} is in no Git repository of your home; create one here.`);
      },
    });
  },
};
