// Unpacking a tenant's archive (sourcedir.tar.gz into /opt/ml/code, model.tar.gz into /opt/ml/model)
// into a fresh directory, within limits. The archive is hostile: a tar or gzip bomb, `../` or
// absolute names, links that lead out, links to write through, hard links to files outside,
// device nodes. Each entry is checked before anything is written, and a violation fails the unpack
// with a reason (for the job's FailureReason) rather than being skipped in silence.
//
// Entries are written the way inside-dir.ts reads: every name is created relative to a handle of
// its directory, with O_NOFOLLOW / O_EXCL, and a directory on the way that is not a real directory
// is refused, so nothing can be written through a link whatever the archive holds. node-tar's
// extractor writes by path (its link checks are separate lstat calls), and after the end-of-archive
// blocks its parser keeps every further byte in one growing buffer, copied again on each write,
// which makes a gzip bomb of zeros quadratic; tar-stream's parser reads on in constant work per block.
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readlink, symlink, unlink, type FileHandle } from 'node:fs/promises';
import { posix, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { fdPath, lookup, openAnchor } from './inside-dir.ts';

export interface UnpackLimits {
  /** Sum of the entries' sizes. */
  maxBytes: number;
  maxEntries: number;
  /** Bytes in one entry's path. */
  maxPathBytes: number;
  /** Directories in one entry's path. */
  maxDepth: number;
}

/** The tenant's data breaks a rule; `message` says which, for a FailureReason ("ClientError: " + it). */
export class ArchiveRefused extends Error {}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

const KINDS: Record<string, string> = {
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a FIFO',
};

/** The gzip stream inflated, or the bytes as they are when they are not gzip (a plain .tar). */
async function* inflate(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await it.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const all = (async function* () {
    if (head.length) yield head;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  })();
  if (head[0] !== 0x1f || head[1] !== 0x8b) return yield* all;
  const gunzip = createGunzip();
  // Its errors reach us through the iteration below; the promise itself is not needed.
  pipeline(Readable.from(all), gunzip).catch(() => undefined);
  yield* gunzip;
}

/** Where a link at `linkRel` to `target` ends, following the links on disk; false once it leaves `root`. */
async function staysInside(root: string, linkRel: string, target: string): Promise<boolean> {
  if (target.startsWith('/')) return false;
  const dir = posix.dirname(linkRel);
  const at = dir === '.' ? [] : dir.split('/');
  const pending = target.split('/');
  for (let hops = 0; pending.length;) {
    const part = pending.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!at.length) return false;
      at.pop();
      continue;
    }
    // `at` holds no link (each was replaced by its target), so this path string is what it says.
    const path = [root, ...at, part].join(sep);
    const st = await lstat(path).catch(() => undefined);
    if (st?.isSymbolicLink()) {
      if (++hops > 40) return false;
      const next = await readlink(path);
      if (next.startsWith('/')) return false;
      pending.unshift(...next.split('/'));
    } else at.push(part);
  }
  return true;
}

/**
 * Unpacks a tar (gzipped or not) into `dir`, which the caller has just made and nothing else writes
 * to. `name` names the archive in messages. Throws ArchiveRefused when it breaks a rule; what was
 * unpacked until then stays for the caller to remove.
 */
export async function unpackArchive(
  source: Readable,
  dir: string,
  limits: UnpackLimits,
  name: string,
): Promise<{ entries: number; bytes: number }> {
  const refuse = (message: string) => new ArchiveRefused(`${name} ${message}`);
  const tooBig = () => refuse(`unpacks to more than ${limits.maxBytes} bytes`);
  const outside = 'outside the directory it unpacks into';
  let entries = 0;
  let bytes = 0;

  // The inflated stream holds headers and padding besides the entries' bytes (about three blocks
  // an entry at most); past that it is a bomb, whatever its entries say.
  const maxStream = limits.maxBytes + (limits.maxEntries + 1) * 1536 + 1024 * 1024;
  let streamed = 0;
  async function* bounded(chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      streamed += chunk.length;
      if (streamed > maxStream) throw tooBig();
      yield chunk;
    }
  }

  const opened = await openAnchor(dir);
  if (!opened) throw new Error(`${dir} does not exist`);
  const root = opened;
  const links: string[] = [];
  // The directory of the previous entry: archives list a directory's entries together.
  let cached: { path: string; handle: FileHandle } | undefined;

  /**
   * The directory `parts` below the root, made where missing (unless `create` is false); a link or
   * a file on the way is refused. The caller closes the handle (unless it is the root's).
   */
  async function openDir(parts: string[], entry: string, create: boolean): Promise<FileHandle> {
    let at = root.handle;
    try {
      for (let i = 0; i < parts.length; i++) {
        let next = await lookup(at, parts[i]!);
        if (!next && create) {
          await mkdir(fdPath(at, parts[i]!), 0o755);
          next = await lookup(at, parts[i]!);
        }
        if (!next?.stat.isDirectory()) {
          await next?.handle.close();
          const what = !next ? 'missing' : next.stat.isSymbolicLink() ? 'a symbolic link' : 'not a directory';
          throw refuse(`has an entry ${entry} inside ${parts.slice(0, i + 1).join('/')}, which is ${what}`);
        }
        if (at !== root.handle) await at.close();
        at = next.handle;
      }
      return at;
    } catch (err) {
      if (at !== root.handle) await at.close();
      throw err;
    }
  }

  /** openDir that keeps the last directory open for the next entry, which is likely in it too. */
  async function directory(parts: string[], entry: string): Promise<FileHandle> {
    if (!parts.length) return root.handle;
    const path = parts.join('/');
    if (cached?.path === path) return cached.handle;
    const handle = await openDir(parts, entry, true);
    await cached?.handle.close();
    cached = { path, handle };
    return handle;
  }

  /**
   * Runs `make` (which creates `base` in `parent` with O_EXCL semantics); when the name is taken by
   * an earlier entry, that entry is replaced, as tar does — but never a directory.
   */
  async function create<T>(parent: FileHandle, base: string, entry: string, make: () => Promise<T>): Promise<T> {
    try {
      return await make();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const existing = await lookup(parent, base);
    await existing?.handle.close();
    if (existing?.stat.isDirectory()) throw refuse(`has an entry ${entry} that would replace a directory`);
    await unlink(fdPath(parent, base));
    return make();
  }

  async function unpackEntry(header: tarStream.Header, body: AsyncIterable<Buffer>): Promise<void> {
    const raw = header.name;
    if (++entries > limits.maxEntries) throw refuse(`has more than ${limits.maxEntries} entries`);
    if (bytes + (header.size ?? 0) > limits.maxBytes) throw tooBig();
    if (Buffer.byteLength(raw) > limits.maxPathBytes)
      throw refuse(`has an entry whose path is longer than ${limits.maxPathBytes} bytes`);
    const parts = raw.split('/').filter((p) => p && p !== '.');
    if (parts.length > limits.maxDepth)
      throw refuse(`has an entry nested deeper than ${limits.maxDepth} directories: ${raw.slice(0, 200)}`);
    if (raw.startsWith('/') || parts.includes('..')) throw refuse(`has an entry ${raw} that leads ${outside}`);
    const type = header.type as string | null;
    if (!parts.length) {
      if (type === 'directory') return; // the directory itself ("./")
      throw refuse(`has a ${type} entry in place of the directory it unpacks into`);
    }
    const path = parts.join('/');
    const base = parts.at(-1)!;
    if (type === 'directory') {
      await directory(parts, path);
      return;
    }
    if (type === 'file' || type === 'contiguous-file') {
      const parent = await directory(parts.slice(0, -1), path);
      // No set-id or sticky bits from a tenant's archive.
      const flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
      const file = await create(parent, base, path, () => open(fdPath(parent, base), flags, header.mode & 0o777));
      try {
        for await (const chunk of body) {
          bytes += chunk.length;
          if (bytes > limits.maxBytes) throw tooBig();
          await file.write(chunk);
        }
        await file.utimes(header.mtime, header.mtime);
      } finally {
        await file.close();
      }
      return;
    }
    if (type === 'symlink') {
      const target = header.linkname ?? '';
      const end = posix.normalize(posix.join(posix.dirname(path), target));
      if (!target || target.startsWith('/') || end === '..' || end.startsWith('../'))
        throw refuse(`has a symbolic link ${path} -> ${target} that leads ${outside}`);
      const parent = await directory(parts.slice(0, -1), path);
      await create(parent, base, path, () => symlink(target, fdPath(parent, base)));
      links.push(path);
      return;
    }
    if (type === 'link') {
      // A hard link names an earlier entry by its path from the root, and must be a file in it.
      const target = header.linkname ?? '';
      const to = target.split('/').filter((p) => p && p !== '.');
      if (!to.length || target.startsWith('/') || to.includes('..'))
        throw refuse(`has a hard link ${path} to ${target}, ${outside}`);
      const from = await openDir(to.slice(0, -1), path, false).catch((err) => {
        throw err instanceof ArchiveRefused
          ? refuse(`has a hard link ${path} to ${target}, which is not a file unpacked before it`)
          : err;
      });
      try {
        const found = await lookup(from, to.at(-1)!);
        await found?.handle.close();
        if (!found?.stat.isFile())
          throw refuse(`has a hard link ${path} to ${target}, which is not a file unpacked before it`);
        const parent = await directory(parts.slice(0, -1), path);
        await create(parent, base, path, () => link(fdPath(from, to.at(-1)!), fdPath(parent, base)));
      } finally {
        if (from !== root.handle) await from.close();
      }
      return;
    }
    throw refuse(
      `has ${KINDS[type ?? ''] ?? 'an unknown kind of'} entry ${path}; ` +
        'only files, directories and links inside it are unpacked',
    );
  }

  const extract = tarStream.extract();
  const feed = Readable.from(bounded(inflate(source)));
  feed.on('error', (err) => extract.destroy(err));
  feed.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      await unpackEntry(entry.header, entry as unknown as AsyncIterable<Buffer>);
      entry.resume(); // whatever an entry held that was not read (a directory's, a link's)
    }
    // Links as they ended up on disk: one can lead out through another that stays inside.
    for (const path of links) {
      const st = await lstat([dir, ...path.split('/')].join(sep)).catch(() => undefined);
      if (!st?.isSymbolicLink()) continue; // replaced by a later entry
      const target = await readlink([dir, ...path.split('/')].join(sep));
      if (!(await staysInside(dir, path, target)))
        throw refuse(`has a symbolic link ${path} -> ${target} that leads ${outside}`);
    }
  } catch (err) {
    feed.destroy();
    source.destroy();
    if (err instanceof ArchiveRefused) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || /tar|header|end of data/i.test((err as Error).message))
      throw refuse(`is not a valid tar archive: ${(err as Error).message}`);
    throw err;
  } finally {
    await cached?.handle.close();
    await root.handle.close();
  }
  return { entries, bytes };
}

/** Copies a single object (not an archive) into `write`, up to `maxBytes`. */
export async function copyBounded(source: Readable, write: NodeJS.WritableStream, maxBytes: number, name: string) {
  let total = 0;
  await pipeline(
    source,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        total += chunk.length;
        if (total > maxBytes) throw new ArchiveRefused(`${name} is larger than ${maxBytes} bytes`);
        yield chunk;
      }
    },
    write,
  );
}
