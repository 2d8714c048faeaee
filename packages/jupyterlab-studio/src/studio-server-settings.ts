// Connection settings for what the Tessera server answers in jupyterlab_server's place
// (/studio/api/settings, workspaces, translations). The Jupyter server itself lives at the
// page config's baseUrl (the profile's /jupyter/... proxy) and knows nothing of these.
// The setting and workspace managers request baseUrl + appUrl + "api/...".
import { ServerConnection } from '@jupyterlab/services';

export function studioServerSettings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: `${location.origin}/`,
    appUrl: '/studio',
    wsUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`,
    // Tessera refuses unsafe requests that a cross-site form could send (CSRF); JupyterLab's
    // managers send no Content-Type without a token, so they carry this header instead.
    init: { cache: 'no-store', credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  });
}

/** Relative to studioServerSettings().baseUrl. */
export const STUDIO_TRANSLATIONS_URL = 'studio/api/translations';
