// Left sidebar: JumpStart's sample notebooks.
import { ILabShell, ILayoutRestorer, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IStudioContext, JumpStartPanel, jumpstartIcon, SAMPLES } from '@tessera/jupyterlab-studio';

export const jumpStartPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:jumpstart',
  description: 'Adds the JumpStart panel of sample notebooks.',
  autoStart: true,
  requires: [IStudioContext, ILabShell],
  optional: [ILayoutRestorer],
  activate: (app, studio: IStudioContext, shell: ILabShell, restorer: ILayoutRestorer | null) => {
    const panel = new JumpStartPanel(studio, app.serviceManager.contents, app.commands);
    panel.id = 'tessera-jumpstart';
    panel.title.icon = jumpstartIcon;
    panel.title.caption = 'JumpStart: sample notebooks';
    shell.add(panel, 'left', { rank: 300, type: 'JumpStart' });
    restorer?.add(panel, panel.id);
    app.commands.addCommand('tessera:open-sample', {
      label: (args) => `Open sample: ${SAMPLES.find((s) => s.id === args.id)?.title ?? args.id}`,
      execute: (args) => {
        const sample = SAMPLES.find((s) => s.id === args.id);
        return sample ? panel.open(sample) : undefined;
      },
    });
  },
};
