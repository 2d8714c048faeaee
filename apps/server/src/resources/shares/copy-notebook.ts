// "Copy to my Studio": writes a shared snapshot into one of the viewer's own homes, beside what
// is there and never over it (name.ipynb, then name-1.ipynb, name-2.ipynb, ...).
import { basename } from 'node:path';
import { createInside } from '../../platform/storage/inside-dir.ts';
import { realHome } from '../../platform/storage/home-paths.ts';
import type { Notebook } from './notebook-format.ts';

export async function copyIntoHome(homeDir: string, sharedPath: string, notebook: Notebook): Promise<string> {
  const home = await realHome(homeDir);
  // Only the file name travels: the sharer's folders mean nothing in another home.
  const stem =
    basename(sharedPath)
      .replace(/\.ipynb$/i, '')
      .replace(/[\\/\0]/g, '_') || 'shared';
  const body = `${JSON.stringify(notebook, null, 1)}\n`;
  for (let n = 0; n < 1000; n++) {
    const name = `${stem}${n ? `-${n}` : ''}.ipynb`;
    // Created exclusively (two copies at once never overwrite each other), by handle (never
    // through a link), and given to the home's owner, who edits it in Studio.
    if (await createInside(home, name, body)) return name;
  }
  throw new Error(`could not find a free name for ${stem}.ipynb`);
}
