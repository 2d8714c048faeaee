// One object (or one multipart part) is one file: its bytes, then its metadata as JSON, then an
// 8-byte footer (the JSON's length and a magic). Bytes and metadata travel together, so
// replacing an object is a single rename of a finished temporary file: a reader sees the old
// object or the new one, never half of one, and never new bytes with old metadata (which a
// separate sidecar file could not promise without locks). A reader keeps its file descriptor,
// so an object replaced or deleted mid-download still streams whole.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { s3Error } from './s3-errors.ts';

const MAGIC = 'TSO1';
const FOOTER_BYTES = 8;
const MAX_META_BYTES = 64 * 1024;

/** S3's limit for one PUT (and one part, and one copy). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** Headers S3 keeps with an object and returns on GET/HEAD. */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

export const ZChecksum = z.object({
  algorithm: z.enum(['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256']),
  value: z.string(),
});
export type Checksum = z.infer<typeof ZChecksum>;

export const ZObjectMeta = z.object({
  key: z.string(),
  size: z.number().int().nonnegative(),
  /** Without quotes: MD5 hex, or `<md5 of the part MD5s>-<parts>` after a multipart upload. */
  etag: z.string(),
  lastModified: z.string(),
  contentType: z.string(),
  metadata: z.record(z.string(), z.string()),
  headers: z.record(z.string(), z.string()).default({}),
  checksum: ZChecksum.optional(),
  parts: z.number().int().positive().optional(),
});
export type ObjectMeta = z.infer<typeof ZObjectMeta>;

/** What a writer chooses; the store fills in key, size, ETag and time. */
export interface WriteOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
  /** Read once the body has ended (a checksum may arrive in an aws-chunked trailer). */
  checksum?: () => Checksum | undefined;
  /** Replaces the MD5 of the bytes (multipart ETags). */
  etag?: string;
  parts?: number;
}

export interface WriteTarget {
  /** Where temporary files go: the same file system as `path`, so the final rename is atomic. */
  tmpDir: string;
  path: string;
  key: string;
  maxBytes: number;
  /** Create missing parent directories (false for parts: their upload may have been aborted). */
  createParents: boolean;
  /** Thrown when the parent is missing and createParents is false. */
  missingParent?: () => Error;
}

/** Streams `body` into a temporary file, appends the metadata, syncs, and renames it into place. */
export async function writeObjectFile(
  target: WriteTarget,
  body: Readable | AsyncIterable<Uint8Array>,
  opts: WriteOptions,
): Promise<ObjectMeta> {
  await mkdir(target.tmpDir, { recursive: true });
  const tmp = join(target.tmpDir, randomUUID());
  const fh = await open(tmp, 'wx');
  let closed = false;
  try {
    const md5 = createHash('md5');
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > target.maxBytes)
        throw s3Error(
          'EntityTooLarge',
          `Your proposed upload exceeds the maximum allowed size (${target.maxBytes} bytes)`,
        );
      md5.update(chunk);
      await fh.write(chunk);
    }
    const checksum = opts.checksum?.();
    const meta: ObjectMeta = {
      key: target.key,
      size,
      etag: opts.etag ?? md5.digest('hex'),
      lastModified: new Date().toISOString(),
      contentType: opts.contentType || 'binary/octet-stream',
      metadata: opts.metadata ?? {},
      headers: opts.headers ?? {},
      ...(checksum ? { checksum } : {}),
      ...(opts.parts ? { parts: opts.parts } : {}),
    };
    const json = Buffer.from(JSON.stringify(meta));
    const footer = Buffer.alloc(FOOTER_BYTES);
    footer.writeUInt32BE(json.length, 0);
    footer.write(MAGIC, 4, 'latin1');
    await fh.write(Buffer.concat([json, footer]));
    await fh.datasync();
    await fh.close();
    closed = true;
    await renameIntoPlace(tmp, target);
    return meta;
  } catch (err) {
    if (!closed) await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
}

async function renameIntoPlace(tmp: string, target: WriteTarget): Promise<void> {
  // A concurrent delete may prune the (empty) parent between mkdir and rename: try again.
  for (let attempt = 0; ; attempt++) {
    if (target.createParents) await mkdir(dirname(target.path), { recursive: true });
    try {
      await rename(tmp, target.path);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw err;
      if (!target.createParents) throw target.missingParent?.() ?? err;
    }
  }
}

export interface OpenedObject {
  meta: ObjectMeta;
  /** The bytes from `start` to `end` inclusive (the whole object by default); closes the file when done. */
  stream(range?: { start: number; end: number }): Readable;
  close(): Promise<void>;
}

/** Opens an object file; throws ENOENT as the file system does when there is none. */
export async function openObjectFile(path: string): Promise<OpenedObject> {
  const fh = await open(path, 'r');
  try {
    const meta = await readMeta(fh, path);
    let used = false;
    return {
      meta,
      stream(range) {
        used = true;
        const start = range?.start ?? 0;
        const end = range?.end ?? meta.size - 1;
        if (end < start) {
          void fh.close();
          return Readable.from([]);
        }
        return fh.createReadStream({ start, end, autoClose: true });
      },
      async close() {
        if (!used) await fh.close();
      },
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Just the metadata (listing, HEAD). */
export async function readObjectMeta(path: string): Promise<ObjectMeta> {
  const fh = await open(path, 'r');
  try {
    return await readMeta(fh, path);
  } finally {
    await fh.close();
  }
}

async function readMeta(fh: FileHandle, path: string): Promise<ObjectMeta> {
  const { size } = await fh.stat();
  const corrupt = (why: string) => new Error(`object file ${path} is damaged: ${why}`);
  if (size < FOOTER_BYTES) throw corrupt('no footer');
  const footer = Buffer.alloc(FOOTER_BYTES);
  await fh.read(footer, 0, FOOTER_BYTES, size - FOOTER_BYTES);
  if (footer.toString('latin1', 4) !== MAGIC) throw corrupt('bad magic');
  const length = footer.readUInt32BE(0);
  if (length > MAX_META_BYTES || length > size - FOOTER_BYTES) throw corrupt('bad metadata length');
  const json = Buffer.alloc(length);
  await fh.read(json, 0, length, size - FOOTER_BYTES - length);
  const meta = ZObjectMeta.parse(JSON.parse(json.toString('utf8')));
  if (meta.size !== size - FOOTER_BYTES - length) throw corrupt('size does not match');
  return meta;
}
