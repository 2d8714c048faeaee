// Translations come from the Tessera server (/studio/api/translations), not from the Jupyter
// server that the page's baseUrl names; replaces translation-extension:translator-connector.
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ITranslatorConnector, TranslatorConnector } from '@jupyterlab/translation';
import { STUDIO_TRANSLATIONS_URL, studioServerSettings } from '@tessera/jupyterlab-studio';

export const translatorConnectorPlugin: JupyterFrontEndPlugin<ITranslatorConnector> = {
  id: '@tessera/jupyterlab-studio-extension:translator-connector',
  description: "Fetches language packs from Studio's own API.",
  autoStart: true,
  provides: ITranslatorConnector,
  activate: () => new TranslatorConnector(STUDIO_TRANSLATIONS_URL, studioServerSettings()),
};
