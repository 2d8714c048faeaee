// Which JupyterLab extensions make up Studio. Each module's default export is a plugin or a
// list of them; they are flattened as imported (spreading a module object would drop its
// __esModule marker and break registration).
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import applicationExtension from '@jupyterlab/application-extension';
import apputilsExtension from '@jupyterlab/apputils-extension';
import codemirrorExtension from '@jupyterlab/codemirror-extension';
import completerExtension from '@jupyterlab/completer-extension';
import consoleExtension from '@jupyterlab/console-extension';
import csvviewerExtension from '@jupyterlab/csvviewer-extension';
import docmanagerExtension from '@jupyterlab/docmanager-extension';
import documentsearchExtension from '@jupyterlab/documentsearch-extension';
import filebrowserExtension from '@jupyterlab/filebrowser-extension';
import fileeditorExtension from '@jupyterlab/fileeditor-extension';
import imageviewerExtension from '@jupyterlab/imageviewer-extension';
import javascriptExtension from '@jupyterlab/javascript-extension';
import jsonExtension from '@jupyterlab/json-extension';
import mainmenuExtension from '@jupyterlab/mainmenu-extension';
import markedparserExtension from '@jupyterlab/markedparser-extension';
import metadataformExtension from '@jupyterlab/metadataform-extension';
import notebookExtension from '@jupyterlab/notebook-extension';
import rendermimeExtension from '@jupyterlab/rendermime-extension';
import runningExtension from '@jupyterlab/running-extension';
import shortcutsExtension from '@jupyterlab/shortcuts-extension';
import statusbarExtension from '@jupyterlab/statusbar-extension';
import terminalExtension from '@jupyterlab/terminal-extension';
import themeDarkExtension from '@jupyterlab/theme-dark-extension';
import themeLightExtension from '@jupyterlab/theme-light-extension';
import tocExtension from '@jupyterlab/toc-extension';
import tooltipExtension from '@jupyterlab/tooltip-extension';
import translationExtension from '@jupyterlab/translation-extension';
import uiComponentsExtension from '@jupyterlab/ui-components-extension';
import studioExtension from '@tessera/jupyterlab-studio-extension';

import '@jupyterlab/application-extension/style/index.js';
import '@jupyterlab/apputils-extension/style/index.js';
import '@jupyterlab/codemirror-extension/style/index.js';
import '@jupyterlab/completer-extension/style/index.js';
import '@jupyterlab/console-extension/style/index.js';
import '@jupyterlab/csvviewer-extension/style/index.js';
import '@jupyterlab/docmanager-extension/style/index.js';
import '@jupyterlab/documentsearch-extension/style/index.js';
import '@jupyterlab/filebrowser-extension/style/index.js';
import '@jupyterlab/fileeditor-extension/style/index.js';
import '@jupyterlab/imageviewer-extension/style/index.js';
import '@jupyterlab/javascript-extension/style/index.js';
import '@jupyterlab/json-extension/style/index.js';
import '@jupyterlab/launcher-extension/style/index.js';
import '@jupyterlab/mainmenu-extension/style/index.js';
import '@jupyterlab/markedparser-extension/style/index.js';
import '@jupyterlab/metadataform-extension/style/index.js';
import '@jupyterlab/notebook-extension/style/index.js';
import '@jupyterlab/rendermime-extension/style/index.js';
import '@jupyterlab/running-extension/style/index.js';
import '@jupyterlab/shortcuts-extension/style/index.js';
import '@jupyterlab/statusbar-extension/style/index.js';
import '@jupyterlab/terminal-extension/style/index.js';
import '@jupyterlab/toc-extension/style/index.js';
import '@jupyterlab/tooltip-extension/style/index.js';
import '@jupyterlab/translation-extension/style/index.js';
import '@jupyterlab/ui-components-extension/style/index.js';
import '@tessera/jupyterlab-studio-extension/style/index.css';

/** Stock plugins Studio replaces or that call endpoints a Tessera Jupyter server lacks. */
const LEFT_OUT = [
  '@jupyterlab/application-extension:logo', // Studio's logo (studio-extension:logo)
  '@jupyterlab/apputils-extension:splash', // the boot screen shows progress instead
  '@jupyterlab/apputils-extension:announcements', // fetches news from the internet
  '@jupyterlab/translation-extension:translator-connector', // studio-extension:translator-connector
  '@jupyterlab/filebrowser-extension:share-file', // links with the server token: sharing is Studio's own
];
const leftOut = (id: string) => LEFT_OUT.includes(id) || id.endsWith(':language-server');

type Module = JupyterFrontEndPlugin<any> | JupyterFrontEndPlugin<any>[];
const flatten = (mods: Module[]) => mods.flatMap((m) => (Array.isArray(m) ? m : [m]));

export const plugins: JupyterFrontEndPlugin<any>[] = flatten([
  applicationExtension,
  apputilsExtension,
  codemirrorExtension,
  completerExtension,
  consoleExtension,
  csvviewerExtension,
  docmanagerExtension,
  documentsearchExtension,
  filebrowserExtension,
  fileeditorExtension,
  imageviewerExtension,
  mainmenuExtension,
  markedparserExtension,
  metadataformExtension,
  notebookExtension,
  rendermimeExtension,
  runningExtension,
  shortcutsExtension,
  statusbarExtension,
  terminalExtension,
  themeDarkExtension,
  themeLightExtension,
  tocExtension,
  tooltipExtension,
  translationExtension,
  uiComponentsExtension,
  studioExtension,
] as Module[]).filter((p) => !leftOut(p.id));

export const mimeExtensions: IRenderMime.IExtensionModule[] = [
  javascriptExtension,
  jsonExtension,
] as unknown as IRenderMime.IExtensionModule[];
