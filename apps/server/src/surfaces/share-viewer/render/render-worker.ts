// The worker thread that renders notebooks for the viewer (see render-off-thread.ts).
import { parentPort } from 'node:worker_threads';
import type { Notebook } from '../../../resources/shares/notebook-format.ts';
import { renderNotebook } from './render-notebook.ts';

parentPort!.on('message', (notebook: Notebook) => {
  try {
    parentPort!.postMessage({ html: renderNotebook(notebook) });
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message });
  }
});
