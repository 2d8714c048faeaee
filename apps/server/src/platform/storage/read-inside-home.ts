// Reads a file of a user's home for the server. The user controls their home (from Studio), so a
// path checked first and opened afterwards can be swapped for a symbolic link in between; the
// file is therefore opened once — non-blocking, so a FIFO cannot hang the read — and it is the
// opened file whose real path must lie inside the home, and that is read.
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { join, sep } from 'node:path';

export type HomeRead =
  | { kind: 'file'; text: string; mtime: Date }
  | { kind: 'missing' } // nothing there, or not a regular file
  | { kind: 'outside' } // the path leads out of the home
  | { kind: 'too-large'; size: number };

/** `home` is the home's real path; `rel` a path inside it. */
export async function readInsideHome(home: string, rel: string, maxBytes: number): Promise<HomeRead> {
  const handle = await open(join(home, rel), constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return { kind: 'missing' };
  try {
    const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (!opened || (opened !== home && !opened.startsWith(home + sep))) return { kind: 'outside' };
    const info = await handle.stat();
    if (!info.isFile()) return { kind: 'missing' };
    if (info.size > maxBytes) return { kind: 'too-large', size: info.size };
    return { kind: 'file', text: await handle.readFile('utf8'), mtime: info.mtime };
  } finally {
    await handle.close();
  }
}
