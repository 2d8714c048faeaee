// Tessera Studio's JupyterLab plugins. Each is small and says what it needs; the app registers
// them all (apps/studio/src/plugins.ts).
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { contextPlugin } from './context.ts';
import { gitPlugin } from './git.ts';
import { jumpStartPlugin } from './jumpstart.ts';
import { launcherPlugin } from './launcher.ts';
import { logoPlugin } from './logo.ts';
import { notebookToolbarPlugin } from './notebook-toolbar.ts';
import { resourcesPlugin } from './resources.ts';
import { themePlugin } from './theme.ts';
import { translatorConnectorPlugin } from './translator-connector.ts';

const plugins: JupyterFrontEndPlugin<any>[] = [
  contextPlugin,
  themePlugin,
  logoPlugin,
  translatorConnectorPlugin,
  launcherPlugin,
  gitPlugin,
  jumpStartPlugin,
  resourcesPlugin,
  notebookToolbarPlugin,
];

export default plugins;
