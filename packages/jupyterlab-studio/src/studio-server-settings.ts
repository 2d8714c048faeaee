// Connection settings for what the Tessera server answers in jupyterlab_server's place
// (/studio/api/settings, workspaces, translations). The Jupyter server itself lives at the
// page config's baseUrl (the profile's /jupyter/... proxy) and knows nothing of these.
// The setting and workspace managers request baseUrl + appUrl + "api/...".
import { ServerConnection } from '@jupyterlab/services';

export function studioServerSettings(): ServerConnection.ISettings {
  return ServerConnection.makeSettings({ baseUrl: `${location.origin}/`, appUrl: '/studio', wsUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/` });
}

/** Relative to studioServerSettings().baseUrl. */
export const STUDIO_TRANSLATIONS_URL = 'studio/api/translations';
