// Reading and removing trees that someone else writes: each instance's /opt/ml (a container's, and
// every container is hostile) and each user's home (their Studio containers'). Nothing here ever
// follows a link they made, nor opens a device or FIFO they made.
//
// A path string checked first and used afterwards can be swapped for a link in between. So every
// name is looked up relative to an open handle of its directory (`/proc/self/fd/N/<name>`: openat()
// for a language without it), and opened first with O_PATH | O_NOFOLLOW, which reaches neither a
// link's target nor a device's driver; fstat on that handle says what the name really is. Only a
// regular file is then reopened for reading, through that same handle (`/proc/self/fd/N`), so the
// inode checked is the inode read. Linux only, like the rest of the server.
import { constants, type Stats } from 'node:fs';
import { open, opendir, readlink, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';

// Linux's O_PATH (the same value on x86-64, arm64 and riscv64); Node does not export it.
const O_PATH = 0o10000000;
const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY, O_WRONLY, O_CREAT, O_EXCL } = constants;

export type Refusal =
  | 'missing'
  | 'symlink'
  | 'hard-link'
  | 'directory'
  | 'not-a-directory'
  | 'special'
  | 'outside'
  | 'too-large'
  | 'too-deep';

export interface Refused {
  refused: Refusal;
  /** The name refused, relative to the anchor (a directory on the way, or the file itself). */
  path: string;
  /** What is wrong with it, to follow the path in a message: "is a symbolic link". */
  why: string;
}

export type InsideRead =
  | { kind: 'file'; bytes: Buffer; size: number; mtime: Date; truncated: boolean }
  | ({ kind: 'refused'; size?: number } & Refused);

export type WalkEntry =
  /** `path` is relative to the walked directory, '/'-separated; '' is the directory itself. */
  | { kind: 'directory'; path: string; stat: Stats }
  /** Open for reading until `visit` returns. */
  | { kind: 'file'; path: string; stat: Stats; handle: FileHandle }
  | ({ kind: 'skipped' } & Refused);

/** The path of an open handle, or of `name` in the directory it holds: openat() by path. */
export const fdPath = (h: FileHandle, name?: string) => `/proc/self/fd/${h.fd}${name === undefined ? '' : `/${name}`}`;
const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

function kindOf(st: Stats): { refused?: Refusal; why: string } {
  if (st.isSymbolicLink()) return { refused: 'symlink', why: 'is a symbolic link' };
  if (st.isDirectory()) return { refused: 'directory', why: 'is a directory' };
  if (st.isFIFO()) return { refused: 'special', why: 'is a FIFO' };
  if (st.isSocket()) return { refused: 'special', why: 'is a socket' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { refused: 'special', why: 'is a device' };
  if (!st.isFile()) return { refused: 'special', why: 'is not a regular file' };
  // A hard link's name can sit inside the tree while its inode is shared with a file elsewhere
  // (one the container reached through another mount, or one planted before this tree was made);
  // fstat cannot say where the other names are. A file a container wrote for us has one name,
  // so a second one is refused rather than trusted.
  if (st.nlink > 1) return { refused: 'hard-link', why: `has ${st.nlink} hard links` };
  return { why: 'is a regular file' };
}

/** `name` in the directory `dir`, not followed: a handle that can only be fstat-ed (and reopened). */
export async function lookup(dir: FileHandle, name: string): Promise<{ handle: FileHandle; stat: Stats } | undefined> {
  const handle = await open(fdPath(dir, name), O_PATH | O_NOFOLLOW).catch((err) => {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (!handle) return undefined;
  try {
    return { handle, stat: await handle.stat() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The anchor is a directory the server made and trusts (an instance's /opt/ml, a home). */
export async function openAnchor(anchor: string): Promise<{ handle: FileHandle; real: string } | undefined> {
  const handle = await open(anchor, O_PATH | O_DIRECTORY).catch((err) => {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return undefined;
    throw err;
  });
  if (!handle) return undefined;
  return { handle, real: await readlink(fdPath(handle)) };
}

function splitRel(rel: string): string[] | undefined {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  return parts.includes('..') ? undefined : parts;
}

/**
 * Looks `rel` up below the anchor one name at a time, never following a link on the way. Returns
 * the last name's O_PATH handle and what fstat says of it, or why the way there is refused.
 */
async function resolveInside(
  anchor: { handle: FileHandle },
  rel: string,
): Promise<{ handle: FileHandle; stat: Stats } | Refused> {
  const parts = splitRel(rel);
  if (!parts) return { refused: 'outside', path: rel, why: 'leads out of the directory' };
  let dir = anchor.handle;
  let stat = await dir.stat();
  try {
    for (let i = 0; i < parts.length; i++) {
      const path = parts.slice(0, i + 1).join('/');
      const next = await lookup(dir, parts[i]!);
      if (!next) return { refused: 'missing', path, why: 'does not exist' };
      if (dir !== anchor.handle) await dir.close();
      dir = next.handle;
      stat = next.stat;
      if (i < parts.length - 1 && !stat.isDirectory()) {
        const { refused, why } = kindOf(stat);
        return refused === 'symlink'
          ? { refused, path, why }
          : { refused: 'not-a-directory', path, why: `${why}, not a directory` };
      }
    }
    const found = { handle: dir, stat };
    dir = anchor.handle; // handed over: not closed below
    return found;
  } finally {
    if (dir !== anchor.handle) await dir.close();
  }
}

/**
 * Reopens a checked regular file for reading, through its O_PATH handle, and checks where it is:
 * the handle, or the real path outside `realAnchor` it turned out to have.
 */
export async function reopenFile(
  pathHandle: FileHandle,
  checked: Stats,
  realAnchor: string,
): Promise<FileHandle | string> {
  const handle = await open(fdPath(pathHandle), O_RDONLY | O_NONBLOCK);
  try {
    const [real, stat] = await Promise.all([readlink(fdPath(handle)), handle.stat()]);
    // Both hold by construction; checked again so that a mistake above cannot become a leak.
    if (stat.ino !== checked.ino || stat.dev !== checked.dev) throw new Error('the file changed while it was opened');
    if (!inside(realAnchor, real)) {
      await handle.close();
      return real;
    }
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** Reads up to `max` bytes from the start; `truncated` when the file holds more. */
async function readHead(handle: FileHandle, max: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const buf = Buffer.alloc(max + 1);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
    if (!bytesRead) break;
    got += bytesRead;
  }
  return { bytes: buf.subarray(0, Math.min(got, max)), truncated: got > max };
}

/**
 * Reads the regular file `rel` below `anchor` (a directory the server trusts; `rel` may cross
 * directories a tenant controls). At most `maxBytes` are read: past that, `larger: 'truncate'`
 * returns the head and `'refuse'` returns a 'too-large' refusal with the file's size.
 */
export async function readInside(
  anchor: string,
  rel: string,
  opts: { maxBytes: number; larger: 'truncate' | 'refuse' },
): Promise<InsideRead> {
  const root = await openAnchor(anchor);
  if (!root) return { kind: 'refused', refused: 'missing', path: rel, why: 'does not exist' };
  try {
    const found = await resolveInside(root, rel);
    if ('refused' in found) return { kind: 'refused', ...found };
    try {
      const { refused, why } = kindOf(found.stat);
      if (refused) return { kind: 'refused', refused, path: rel, why };
      if (opts.larger === 'refuse' && found.stat.size > opts.maxBytes)
        return {
          kind: 'refused',
          refused: 'too-large',
          path: rel,
          why: `is larger than ${opts.maxBytes} bytes`,
          size: found.stat.size,
        };
      const handle = await reopenFile(found.handle, found.stat, root.real);
      if (typeof handle === 'string') return { kind: 'refused', refused: 'outside', path: rel, why: 'is outside' };
      try {
        const { bytes, truncated } = await readHead(handle, opts.maxBytes);
        if (truncated && opts.larger === 'refuse')
          return { kind: 'refused', refused: 'too-large', path: rel, why: `grew past ${opts.maxBytes} bytes` };
        return { kind: 'file', bytes, size: found.stat.size, mtime: found.stat.mtime, truncated };
      } finally {
        await handle.close();
      }
    } finally {
      if (found.handle !== root.handle) await found.handle.close();
    }
  } finally {
    await root.handle.close();
  }
}

/**
 * Walks the directory `rel` below `anchor` depth first, in name order, without following links:
 * `visit` sees each directory, each regular file (open for reading) and each name skipped with the
 * reason (links, hard-linked files, devices, FIFOs, sockets, directories deeper than `maxDepth`).
 * A `rel` that is missing is an empty tree; one that is a link or not a directory is skipped whole.
 */
export async function walkInside(
  anchor: string,
  rel: string,
  visit: (entry: WalkEntry) => Promise<void>,
  opts: { maxDepth?: number } = {},
): Promise<void> {
  const maxDepth = opts.maxDepth ?? 256;
  const root = await openAnchor(anchor);
  if (!root) return;
  try {
    const found = await resolveInside(root, rel);
    if ('refused' in found) {
      if (found.refused !== 'missing') await visit({ kind: 'skipped', ...found, path: '' });
      return;
    }
    try {
      if (!found.stat.isDirectory()) {
        await visit({ kind: 'skipped', refused: 'not-a-directory', path: '', why: kindOf(found.stat).why });
        return;
      }
      await visit({ kind: 'directory', path: '', stat: found.stat });
      await walkDir(found.handle, '', 1);
    } finally {
      if (found.handle !== root.handle) await found.handle.close();
    }
  } finally {
    await root.handle.close();
  }

  async function walkDir(dir: FileHandle, prefix: string, depth: number): Promise<void> {
    const names: string[] = [];
    for await (const e of await opendir(fdPath(dir))) names.push(e.name);
    names.sort();
    for (const name of names) {
      const path = prefix ? `${prefix}/${name}` : name;
      const child = await lookup(dir, name);
      if (!child) continue; // removed since it was listed
      try {
        if (child.stat.isDirectory()) {
          if (depth >= maxDepth) {
            await visit({ kind: 'skipped', refused: 'too-deep', path, why: `is more than ${maxDepth} levels deep` });
            continue;
          }
          await visit({ kind: 'directory', path, stat: child.stat });
          await walkDir(child.handle, path, depth + 1);
          continue;
        }
        const { refused, why } = kindOf(child.stat);
        if (refused) {
          await visit({ kind: 'skipped', refused, path, why });
          continue;
        }
        const handle = await reopenFile(child.handle, child.stat, root!.real);
        if (typeof handle === 'string') {
          await visit({ kind: 'skipped', refused: 'outside', path, why: 'is outside the directory' });
          continue;
        }
        try {
          await visit({ kind: 'file', path, stat: child.stat, handle });
        } finally {
          await handle.close();
        }
      } finally {
        await child.handle.close();
      }
    }
  }
}

/**
 * `rm -rf` of `rel` below `anchor` that cannot be turned on anything outside: each directory is
 * emptied through its own handle, so a directory swapped for a link half-way only loses the link.
 * Missing is fine.
 */
export async function removeInside(anchor: string, rel: string): Promise<void> {
  const parts = splitRel(rel);
  if (!parts?.length) throw new Error(`removeInside needs a path below the anchor, got "${rel}"`);
  const root = await openAnchor(anchor);
  if (!root) return;
  try {
    const parentRel = parts.slice(0, -1).join('/');
    const parent = parentRel ? await resolveInside(root, parentRel) : { handle: root.handle, stat: undefined };
    // A link or a file on the way means there is no such tree below the anchor to remove.
    if ('refused' in parent) return;
    try {
      if (!parent.stat || parent.stat.isDirectory()) await removeEntry(parent.handle, parts.at(-1)!);
    } finally {
      if (parent.handle !== root.handle) await parent.handle.close();
    }
  } finally {
    await root.handle.close();
  }
}

async function removeEntry(dir: FileHandle, name: string, listedAsDirectory = true): Promise<void> {
  const gone = (err: unknown) => {
    if (errno(err) !== 'ENOENT') throw err;
  };
  // unlink never follows the name it removes, so what the listing called a non-directory needs
  // no lookup first; if it has become a directory since, unlink says so and it is looked up below.
  if (!listedAsDirectory) {
    const unlinked = await unlink(fdPath(dir, name)).then(
      () => true,
      (err) => (errno(err) === 'EISDIR' ? false : (gone(err), true)),
    );
    if (unlinked) return;
  }
  const child = await lookup(dir, name);
  if (!child) return;
  try {
    if (child.stat.isDirectory()) {
      const names: [string, boolean][] = [];
      for await (const e of await opendir(fdPath(child.handle))) names.push([e.name, e.isDirectory()]);
      for (const [n, isDir] of names) await removeEntry(child.handle, n, isDir);
    }
  } finally {
    await child.handle.close();
  }
  // The name may have been swapped since the lookup: rmdir of a link fails ENOTDIR, so unlink it.
  if (child.stat.isDirectory())
    await rmdir(fdPath(dir, name)).catch((err) =>
      errno(err) === 'ENOTDIR' ? unlink(fdPath(dir, name)).catch(gone) : gone(err),
    );
  else await unlink(fdPath(dir, name)).catch((err) => (errno(err) === 'EISDIR' ? removeEntry(dir, name) : gone(err)));
}

/**
 * Creates the file `rel` below `anchor` (a tree a tenant can write) with `content`, never writing
 * through a link: the directories on the way are looked up by handle, the file is created with
 * O_EXCL | O_NOFOLLOW in its directory's handle, and then given to the anchor's owner (a file the
 * server writes into a home is the home's user's). Answers false when `rel` exists already; a way
 * there that is not plain directories is refused.
 */
export async function createInside(anchor: string, rel: string, content: string | Buffer): Promise<boolean> {
  const parts = splitRel(rel);
  if (!parts?.length) throw new Error(`createInside needs a path below the anchor, got "${rel}"`);
  const root = await openAnchor(anchor);
  if (!root) throw new Error(`${anchor} does not exist`);
  try {
    const owner = await root.handle.stat();
    const parentRel = parts.slice(0, -1).join('/');
    const parent = parentRel ? await resolveInside(root, parentRel) : { handle: root.handle, stat: owner };
    if ('refused' in parent) throw new Error(`${parent.path} ${parent.why}`);
    try {
      if (!parent.stat.isDirectory()) throw new Error(`${parentRel} is not a directory`);
      const file = await open(
        fdPath(parent.handle, parts.at(-1)!),
        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
        0o644,
      ).catch((err) => {
        if (errno(err) === 'EEXIST') return undefined;
        throw err;
      });
      if (!file) return false;
      try {
        await file.writeFile(content);
        await file.chown(owner.uid, owner.gid);
      } finally {
        await file.close();
      }
      return true;
    } finally {
      if (parent.handle !== root.handle) await parent.handle.close();
    }
  } finally {
    await root.handle.close();
  }
}

/** `removeInside` for a whole path whose parent the server trusts (e.g. `<dataDir>/work/<job>`). */
export async function removeTree(path: string): Promise<void> {
  const cut = path.lastIndexOf(sep);
  await removeInside(path.slice(0, cut) || sep, path.slice(cut + 1));
}
