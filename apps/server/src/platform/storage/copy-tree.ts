// Copies a tree its tenant can write (a home, onto the new volume it moves to) into a directory
// only the server writes. The server runs as root, so the source is walked as inside-dir.ts walks:
// one name at a time relative to its directory's handle, never following a link — a directory
// swapped for a link half-way cannot turn the copy onto the host's files. Links are copied as
// links (their text, never their target), hard links within the tree stay linked, owners, modes
// and times are kept; FIFOs, sockets and devices are left out (a home needs none).
import { constants, type Stats } from 'node:fs';
import { chmod, lchown, link, lutimes, mkdir, open, opendir, readlink, symlink, utimes } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fdPath, lookup, openAnchor, reopenFile } from './inside-dir.ts';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
/** Deeper than any real home; what lies below is left out rather than walked without end. */
const MAX_DEPTH = 256;

export interface TreeSize {
  /** Bytes its files and directories take on disk (a file with several names counted once). */
  bytes: number;
  /** Names in it, each needing an inode on the volume (hard links share one). */
  inodes: number;
}

const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

/** Copies the content, leaving holes where it reads zeros: a sparse file stays sparse. */
async function copyContent(input: FileHandle, output: FileHandle): Promise<void> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  for (;;) {
    const { bytesRead } = await input.read(buf, 0, CHUNK, position);
    if (bytesRead === 0) break;
    if (!buf.subarray(0, bytesRead).equals(ZEROS.subarray(0, bytesRead)))
      for (let at = 0; at < bytesRead;) at += (await output.write(buf, at, bytesRead - at, position + at)).bytesWritten;
    position += bytesRead;
  }
  await output.truncate(position);
}

async function namesIn(dir: FileHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const e of await opendir(fdPath(dir))) names.push(e.name);
  return names;
}

/** Visits every name below `dir` (depth-first, a directory before what it holds), by handle. */
async function walk(
  dir: FileHandle,
  rel: string,
  depth: number,
  visit: (
    rel: string,
    name: string,
    parent: FileHandle,
    child: { handle: FileHandle; stat: Stats },
  ) => Promise<boolean>,
): Promise<void> {
  for (const name of await namesIn(dir)) {
    const child = await lookup(dir, name);
    if (!child) continue;
    try {
      const path = rel ? `${rel}/${name}` : name;
      const descend = await visit(path, name, dir, child);
      if (descend && child.stat.isDirectory() && depth < MAX_DEPTH) await walk(child.handle, path, depth + 1, visit);
    } finally {
      await child.handle.close();
    }
  }
}

/** What copying `root` takes: bytes and inodes. */
export async function measureTree(root: string): Promise<TreeSize> {
  const anchor = await openAnchor(root);
  if (!anchor) return { bytes: 0, inodes: 0 };
  const seen = new Set<string>();
  const size: TreeSize = { bytes: 0, inodes: 1 };
  try {
    await walk(anchor.handle, '', 0, async (_rel, _name, _parent, { stat }) => {
      const id = `${stat.dev}:${stat.ino}`;
      if (stat.nlink > 1 && seen.has(id)) return false;
      if (stat.nlink > 1) seen.add(id);
      size.bytes += stat.blocks * 512;
      size.inodes++;
      return true;
    });
  } finally {
    await anchor.handle.close();
  }
  return size;
}

/**
 * Copies what `root` holds into `dest` (an empty directory only the server writes); returns how
 * many names it left out. A file larger than `maxFileBytes` (what the destination holds: only a
 * sparse one can be) is left out too, rather than read to its end.
 */
export async function copyTree(root: string, dest: string, maxFileBytes = Infinity): Promise<{ leftOut: number }> {
  const anchor = await openAnchor(root);
  if (!anchor) return { leftOut: 0 };
  const copied = new Map<string, string>();
  const dirs: { path: string; stat: Stats }[] = [];
  let leftOut = 0;
  try {
    await walk(anchor.handle, '', 0, async (rel, name, parent, { handle, stat }) => {
      const target = join(dest, rel);
      const id = `${stat.dev}:${stat.ino}`;
      if (stat.isDirectory()) {
        await mkdir(target, { mode: 0o700 });
        dirs.push({ path: target, stat });
        return true;
      }
      if (stat.isSymbolicLink()) {
        // Its text only; a name swapped meanwhile for something else is no link and is left out.
        const text = await readlink(fdPath(parent, name)).catch(() => undefined);
        if (text === undefined) leftOut++;
        else {
          await symlink(text, target);
          await lchown(target, stat.uid, stat.gid);
        }
        return false;
      }
      if (!stat.isFile() || stat.size > maxFileBytes) {
        leftOut++;
        return false;
      }
      const twin = stat.nlink > 1 ? copied.get(id) : undefined;
      if (twin) {
        await link(twin, target);
        return false;
      }
      const input = await reopenFile(handle, stat, anchor.real);
      if (typeof input === 'string') {
        leftOut++;
        return false;
      }
      try {
        const output = await open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
        try {
          await copyContent(input, output);
        } finally {
          await output.close();
        }
      } finally {
        await input.close();
      }
      await lchown(target, stat.uid, stat.gid);
      await chmod(target, stat.mode & 0o7777);
      await utimes(target, stat.atime, stat.mtime);
      if (stat.nlink > 1) copied.set(id, target);
      return false;
    });
    // Directories last, deepest first (writing into them above changed their times), then the root.
    dirs.reverse().push({ path: dest, stat: await anchor.handle.stat() });
    for (const { path, stat } of dirs) {
      await lchown(path, stat.uid, stat.gid);
      await chmod(path, stat.mode & 0o7777);
      await lutimes(path, stat.atime, stat.mtime);
    }
  } finally {
    await anchor.handle.close();
  }
  return { leftOut };
}
