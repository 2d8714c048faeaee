// Takes a share's snapshot: the notebook file as saved in the profile's home (paths that leave
// the home, by `..` or by a symbolic link, are refused), checked to be nbformat 4, with outputs
// removed when they are not to be shared.
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { accessDenied, limitExceeded, notFound, validation } from '../errors.ts';
import { realHome, resolveRepoPath } from '../studio-ui/git/resolve-repo.ts';
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
  const file = join(home, rel);
  // The path was checked above, but a symbolic link can be swapped between that check and the
  // read (the user controls their home from Studio). So the file is opened once — non-blocking,
  // so a FIFO cannot hang the read — and what was actually opened is checked and read.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) throw notFound(`No notebook ${path} in the home directory; save it first`);
  let json: unknown;
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (!opened || (opened !== home && !opened.startsWith(home + sep))) throw accessDenied(`Path ${path} is outside the home directory`);
    const info = await handle.stat();
    if (!info.isFile()) throw notFound(`No notebook ${path} in the home directory; save it first`);
    if (info.size > MAX_NOTEBOOK_BYTES) {
      throw limitExceeded(`${path} is ${(info.size / 1048576).toFixed(1)} MB; notebooks up to ${MAX_NOTEBOOK_BYTES / 1048576} MB can be shared (clear large outputs or share without outputs)`);
    }
    const text = await handle.readFile('utf8');
    try {
      json = JSON.parse(text);
    } catch {
      throw validation(`${path} is not valid JSON, so it is not a Jupyter notebook`);
    }
  } finally {
    await handle.close();
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
