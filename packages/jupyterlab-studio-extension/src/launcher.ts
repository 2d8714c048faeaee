// Provides the launcher (in place of launcher-extension:plugin): JupyterLab's launcher widget
// under an environment bar, whose image and instance type decide which kernel "Notebook" and
// "Console" start. Creation, the "+" tab button and the palette entry work as in JupyterLab.
import { ILabShell, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ILauncher, Launcher } from '@jupyterlab/launcher';
import { ITranslator } from '@jupyterlab/translation';
import { addIcon, launcherIcon } from '@jupyterlab/ui-components';
import { IStudioContext, KernelChoiceBar, KernelChoiceLauncherModel } from '@tessera/jupyterlab-studio';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Panel, type Widget } from '@lumino/widgets';

const CREATE = 'launcher:create';
let nextId = 0;

export const launcherPlugin: JupyterFrontEndPlugin<ILauncher> = {
  id: '@tessera/jupyterlab-studio-extension:launcher',
  description: 'The launcher, with the image and instance type new kernels start on.',
  autoStart: true,
  requires: [ITranslator, IStudioContext],
  optional: [ILabShell, ICommandPalette, IDefaultFileBrowser],
  provides: ILauncher,
  activate: (
    app,
    translator: ITranslator,
    studio: IStudioContext,
    labShell: ILabShell | null,
    palette: ICommandPalette | null,
    browser: IDefaultFileBrowser | null,
  ) => {
    const { commands, shell } = app;
    const model = new KernelChoiceLauncherModel(studio.choice);

    commands.addCommand(CREATE, {
      label: 'New Launcher',
      icon: (args) => (args.toolbar ? addIcon : undefined),
      execute: (args: ReadonlyPartialJSONObject) => {
        const id = `launcher-${nextId++}`;
        const cwd = (args.cwd as string) ?? browser?.model.path ?? '';
        // Launching replaces this tab with what was launched, as in JupyterLab.
        const callback = (item: Widget) => {
          shell.add(item, 'main', { ref: id });
          main.dispose();
        };
        const launcher = new Launcher({ model, cwd, callback, commands, translator });
        const content = new Panel();
        content.addClass('tessera-LauncherPanel');
        content.addWidget(new KernelChoiceBar(studio));
        content.addWidget(launcher);
        const main = new MainAreaWidget({ content });
        main.id = id;
        main.title.icon = launcherIcon;
        main.title.label = 'Launcher';
        main.title.closable = Array.from(shell.widgets('main')).length > 0;
        shell.add(main, 'main', {
          activate: args.activate as boolean | undefined,
          ref: args.ref as string | undefined,
        });
        if (browser) {
          const follow = () => (launcher.cwd = browser.model.path);
          browser.model.pathChanged.connect(follow);
          launcher.disposed.connect(() => browser.model.pathChanged.disconnect(follow));
        }
        labShell?.layoutModified.connect(() => {
          main.title.closable = Array.from(labShell.widgets('main')).length > 1;
        }, main);
        return main;
      },
    });

    if (labShell) {
      // An empty main area always shows a launcher.
      void app.restored.then(() => {
        const ensure = () => labShell.isEmpty('main') && void commands.execute(CREATE);
        labShell.layoutModified.connect(ensure);
        ensure();
      });
      labShell.addButtonEnabled = true;
      labShell.addRequested.connect((_, tabBar) => {
        const ref = tabBar.currentTitle?.owner.id ?? tabBar.titles[tabBar.titles.length - 1]?.owner.id;
        return commands.execute(CREATE, { ref: ref ?? null });
      });
    }
    palette?.addItem({ command: CREATE, category: 'Launcher' });
    return model;
  },
};
