// Takes a share's snapshot: the notebook file as saved in the profile's home (paths that leave
// the home by `..`, symbolic links and hard-linked files are refused), checked to be nbformat 4,
// with outputs removed when they are not to be shared.
import { basename } from 'node:path';
import { accessDenied, limitExceeded, notFound, validation } from '../../platform/errors.ts';
import { readInside } from '../../platform/storage/inside-dir.ts';
import { realHome, resolveRepoPath } from '../../platform/storage/home-paths.ts';
import { ZNotebook, type Notebook } from './notebook-format.ts';

export const MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024;

export interface Snapshot {
  notebook: Notebook;
  /** The notebook's first heading, else its file name without .ipynb. */
  title: string;
}

export async function takeSnapshot(homeDir: string, path: string, includeOutputs: boolean): Promise<Snapshot> {
  const home = await realHome(homeDir);
  const rel = await resolveRepoPath(home, home, path);
  const read = await readInside(home, rel, { maxBytes: MAX_NOTEBOOK_BYTES, larger: 'refuse' });
  if (read.kind === 'refused') {
    if (read.refused === 'outside') throw accessDenied(`Path ${path} is outside the home directory`);
    if (read.refused === 'symlink' || read.refused === 'hard-link')
      throw accessDenied(`${read.path} ${read.why}; only regular files of the home directory are shared`);
    if (read.refused === 'too-large')
      throw limitExceeded(
        `${path} is ${((read.size ?? MAX_NOTEBOOK_BYTES) / 1048576).toFixed(1)} MB; notebooks up to ` +
          `${MAX_NOTEBOOK_BYTES / 1048576} MB can be shared (clear large outputs or share without outputs)`,
      );
    throw notFound(`No notebook ${path} in the home directory; save it first`);
  }
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    throw validation(`${path} is not valid JSON, so it is not a Jupyter notebook`);
  }
  const parsed = ZNotebook.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw validation(`${path} is not an nbformat 4 notebook (${issue.path.join('.') || 'notebook'}: ${issue.message})`);
  }
  const notebook = parsed.data;
  if (!includeOutputs) {
    for (const cell of notebook.cells) {
      if (cell.cell_type !== 'code') continue;
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return { notebook, title: titleOf(notebook, rel) };
}

function titleOf(notebook: Notebook, rel: string): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const heading = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/m.exec(src);
    if (heading) return heading[1]!.replace(/[*_`]/g, '').slice(0, 200);
  }
  return basename(rel).replace(/\.ipynb$/i, '');
}
