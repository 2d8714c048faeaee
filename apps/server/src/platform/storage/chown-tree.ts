// Files handed to a container belong to the host ids its user maps to (under user namespaces,
// container root is host uid 100000 or so, never 0): the tree is walked without following links
// — a link the container planted must not make the server chown a file outside the tree — and
// every entry not owned so already is lchown'ed. Also: a file the server writes into a user's
// home belongs to the home's owner.
import { lchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function chownTree(root: string, uid: number, gid: number): Promise<void> {
  const st = await lstat(root).catch(() => undefined);
  if (!st) return;
  if (st.uid !== uid || st.gid !== gid) await lchown(root, uid, gid);
  if (!st.isDirectory()) return;
  for (const name of await readdir(root)) await chownTree(join(root, name), uid, gid);
}

/** Gives `path` (just written by the server, inside `home`) to whoever owns `home`. */
export async function giveToHomeOwner(home: string, path: string): Promise<void> {
  const st = await lstat(home);
  await lchown(path, st.uid, st.gid);
}
