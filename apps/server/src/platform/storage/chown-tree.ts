// Files handed to a container belong to the host ids its user maps to (under user namespaces,
// container root is host uid 100000 or so, never 0). The tree may be one a tenant can write while
// it is walked (a home whose other apps run), so it is walked as inside-dir.ts walks: one name at
// a time relative to its directory's handle, never following a link — a directory swapped for a
// link half-way cannot turn the walk onto a file outside the tree. Links themselves are left as
// they are. Also: a file the server writes into a user's home belongs to the home's owner.
import { chown, lchown, opendir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { fdPath, lookup, openAnchor } from './inside-dir.ts';

export async function chownTree(root: string, uid: number, gid: number): Promise<void> {
  const anchor = await openAnchor(root);
  if (!anchor) return;
  try {
    const st = await anchor.handle.stat();
    // The root is the trusted anchor: chown through its handle's link to the directory itself.
    if (st.uid !== uid || st.gid !== gid) await chown(fdPath(anchor.handle), uid, gid);
    if (st.isDirectory()) await chownChildren(anchor.handle, uid, gid);
  } finally {
    await anchor.handle.close();
  }
}

async function chownChildren(dir: FileHandle, uid: number, gid: number): Promise<void> {
  const names: string[] = [];
  for await (const e of await opendir(fdPath(dir))) names.push(e.name);
  for (const name of names) {
    const child = await lookup(dir, name);
    if (!child) continue;
    try {
      if (child.stat.isSymbolicLink()) continue;
      if (child.stat.uid !== uid || child.stat.gid !== gid) await lchown(fdPath(dir, name), uid, gid);
      if (child.stat.isDirectory()) await chownChildren(child.handle, uid, gid);
    } finally {
      await child.handle.close();
    }
  }
}
