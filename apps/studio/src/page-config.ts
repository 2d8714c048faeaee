// The page config that jupyterlab_server would render into the page, written by the boot code
// once Studio's JupyterServer app is InService. JupyterLab reads it (PageConfig) on first use,
// so it must be in the DOM before the JupyterLab chunk is evaluated.
import type { OpenStudioResponse } from '@tessera/jupyterlab-studio/rest';

export function writePageConfig(opened: OpenStudioResponse): void {
  const baseUrl = opened.JupyterBaseUrl.endsWith('/') ? opened.JupyterBaseUrl : `${opened.JupyterBaseUrl}/`;
  const ws = location.protocol === 'https:' ? 'wss' : 'ws';
  const config: Record<string, string> = {
    appName: 'Tessera Studio',
    appNamespace: 'tessera-studio',
    appVersion: '4.6.6',
    // Jupyter Server (REST + WebSockets) through the server's per-profile proxy.
    baseUrl,
    wsUrl: `${ws}://${location.host}${baseUrl}`,
    token: '',
    // Studio's own pages and what jupyterlab_server would serve, on the Tessera server.
    appUrl: '/studio/lab',
    treeUrl: '/studio/lab/tree',
    fullStaticUrl: '/studio/static',
    staticUrl: '/studio/static',
    settingsUrl: '/studio/api/settings',
    // The theme manager joins this to baseUrl, so it climbs out of the Jupyter path.
    themesUrl: `${'../'.repeat(baseUrl.split('/').filter(Boolean).length)}studio/api/themes`,
    translationsApiUrl: '/studio/api/translations',
    workspacesApiUrl: '/studio/api/workspaces',
    workspace: 'default',
    defaultWorkspace: 'default',
    // /studio/lab/tree/<path> (a copied shared notebook, a bookmark) opens that file.
    treePath: decodeURIComponent(/^\/studio\/lab\/tree\/(.+)$/.exec(location.pathname)?.[1] ?? ''),
    mode: 'multiple-document',
    terminalsAvailable: 'true',
    notebookStartsKernel: 'true',
    buildAvailable: 'false',
    buildCheck: 'false',
    devMode: 'false',
    cacheFiles: 'false',
    exposeAppInBrowser: 'false',
    disabledExtensions: '[]',
    deferredExtensions: '[]',
    tessera: JSON.stringify({
      domainId: opened.DomainId,
      userProfileName: opened.UserProfileName,
      username: opened.Username,
      jupyterBaseUrl: baseUrl,
      defaults: { imageName: opened.Defaults.ImageName, instanceType: opened.Defaults.InstanceType },
    }),
  };
  document.getElementById('jupyter-config-data')?.remove();
  const el = document.createElement('script');
  el.id = 'jupyter-config-data';
  el.type = 'application/json';
  el.textContent = JSON.stringify(config);
  document.head.appendChild(el);
}
