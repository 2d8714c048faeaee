// Tessera Light and Tessera Dark. Each is JupyterLab's theme of that lightness with Studio's
// colours and system fonts on top, built into one CSS file that the theme manager loads by URL.
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IThemeManager } from '@jupyterlab/apputils';

const PACKAGE = '@tessera/jupyterlab-studio-extension';

export const themePlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:theme`,
  description: 'Adds the Tessera Light and Tessera Dark themes.',
  autoStart: true,
  requires: [IThemeManager],
  activate: (_app, manager: IThemeManager) => {
    for (const [name, isLight] of [
      ['Tessera Light', true],
      ['Tessera Dark', false],
    ] as const) {
      manager.register({
        name,
        displayName: name,
        isLight,
        themeScrollbars: !isLight,
        load: () => manager.loadCSS(`${PACKAGE}/${isLight ? 'light' : 'dark'}.css`),
        unload: () => Promise.resolve(undefined),
      });
    }
  },
};
