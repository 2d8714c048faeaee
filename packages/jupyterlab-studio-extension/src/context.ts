// Provides IStudioContext: which user profile this Studio is, from the page config the boot page
// wrote when the JupyterServer app came InService.
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { createStudioContext, IStudioContext, type StudioPageInfo } from '@tessera/jupyterlab-studio';

export const contextPlugin: JupyterFrontEndPlugin<IStudioContext> = {
  id: '@tessera/jupyterlab-studio-extension:context',
  description: 'The user profile this Studio belongs to, its REST client and events.',
  autoStart: true,
  provides: IStudioContext,
  activate: () => {
    const info = JSON.parse(PageConfig.getOption('tessera') || 'null') as StudioPageInfo | null;
    if (!info) throw new Error('The page config has no "tessera" option: open Studio at /studio');
    return createStudioContext(info);
  },
};
