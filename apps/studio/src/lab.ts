// JupyterLab itself, started once the page config is written. Settings and workspaces go to the
// Tessera server (/studio/api/...); everything else to the profile's Jupyter server (baseUrl).
import { JupyterLab } from '@jupyterlab/application';
import { ServiceManager, SettingManager, WorkspaceManager } from '@jupyterlab/services';
import { studioServerSettings } from '@tessera/jupyterlab-studio';
import { mimeExtensions, plugins } from './plugins.ts';

export async function startLab(): Promise<JupyterLab> {
  const studio = studioServerSettings();
  const serviceManager = new ServiceManager({
    settings: new SettingManager({ serverSettings: studio }),
    workspaces: new WorkspaceManager({ serverSettings: studio }),
  });
  const lab = new JupyterLab({
    serviceManager,
    mimeExtensions,
    // The router's base is this origin's root: JupyterLab's URLs (/studio/lab/...) are Studio's,
    // not the Jupyter server's.
    paths: { urls: { base: '/' } } as JupyterLab.IOptions['paths'],
  });
  lab.registerPlugins(plugins);
  await lab.start({ bubblingKeydown: true });
  await lab.restored;
  return lab;
}
