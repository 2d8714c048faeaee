// Left sidebar: the Git panel (repositories in the home directory).
import { ILabShell, ILayoutRestorer, type JupyterFrontEndPlugin } from '@jupyterlab/application';
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
  },
};
