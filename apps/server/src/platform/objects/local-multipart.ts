// Multipart uploads of the embedded store. An upload is a directory `<bucket>/~uploads/<id>/`
// holding `upload.json` (the key and the metadata given at the start) and one file per part in
// object-file.ts's format. Completing concatenates the parts into one object file (written and
// renamed like any other), whose ETag is S3's: the MD5 of the parts' binary MD5s, then "-<count>".
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  MAX_PUT_BYTES,
  openObjectFile,
  readObjectMeta,
  writeObjectFile,
  type ObjectMeta,
  type WriteOptions,
} from './object-file.ts';
import { s3Error } from './s3-errors.ts';

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const UPLOAD_ID_RE = /^[A-Za-z0-9_-]{32}$/;

const ZUpload = z.object({
  key: z.string(),
  initiated: z.string(),
  contentType: z.string().optional(),
  metadata: z.record(z.string(), z.string()).default({}),
  headers: z.record(z.string(), z.string()).default({}),
});
export type Upload = z.infer<typeof ZUpload>;

export interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
}

export interface Multipart {
  create(bucket: string, key: string, opts: Omit<WriteOptions, 'checksum' | 'etag' | 'parts'>): Promise<string>;
  uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    opts?: Pick<WriteOptions, 'checksum'>,
  ): Promise<ObjectMeta>;
  complete(
    bucket: string,
    key: string,
    uploadId: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<ObjectMeta>;
  abort(bucket: string, key: string, uploadId: string): Promise<void>;
  listParts(bucket: string, key: string, uploadId: string): Promise<{ upload: Upload; parts: PartInfo[] }>;
}

const noSuchUpload = (uploadId: string) =>
  s3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, ' +
      'or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
const partFile = (dir: string, n: number) => join(dir, `part.${n}`);
export const stripQuotes = (etag: string) => etag.trim().replace(/^"(.*)"$/, '$1');

/** What multipart uploads use of the store they belong to (local-store.ts). */
export interface MultipartHost {
  bucketDir(bucket: string): string;
  existingBucketDir(bucket: string): Promise<string>;
  objectFile(bucket: string, key: string): string;
  tmpDir(bucket: string): string;
}

export function createMultipart(store: MultipartHost): Multipart {
  const uploadsDir = (bucket: string) => join(store.bucketDir(bucket), '~uploads');

  /** The upload's directory and record; NoSuchUpload unless it exists for this key. */
  async function find(bucket: string, key: string, uploadId: string): Promise<{ dir: string; upload: Upload }> {
    await store.existingBucketDir(bucket);
    if (!UPLOAD_ID_RE.test(uploadId)) throw noSuchUpload(uploadId);
    const dir = join(uploadsDir(bucket), uploadId);
    let upload: Upload;
    try {
      upload = ZUpload.parse(JSON.parse(await readFile(join(dir, 'upload.json'), 'utf8')));
    } catch {
      throw noSuchUpload(uploadId);
    }
    if (upload.key !== key) throw noSuchUpload(uploadId);
    return { dir, upload };
  }

  return {
    async create(bucket, key, opts) {
      store.objectFile(bucket, key); // refuse a bad key now, not at completion
      await store.existingBucketDir(bucket);
      const uploadId = randomBytes(24).toString('base64url');
      const dir = join(uploadsDir(bucket), uploadId);
      await mkdir(dir, { recursive: true });
      const upload: Upload = {
        key,
        initiated: new Date().toISOString(),
        contentType: opts.contentType,
        metadata: opts.metadata ?? {},
        headers: opts.headers ?? {},
      };
      await writeFile(join(dir, 'upload.json'), JSON.stringify(upload));
      return uploadId;
    },

    async uploadPart(bucket, key, uploadId, partNumber, body, opts = {}) {
      const { dir } = await find(bucket, key, uploadId);
      return writeObjectFile(
        {
          tmpDir: store.tmpDir(bucket),
          path: partFile(dir, partNumber),
          key,
          maxBytes: MAX_PUT_BYTES,
          createParents: false,
          missingParent: () => noSuchUpload(uploadId),
        },
        body,
        opts,
      );
    },

    async complete(bucket, key, uploadId, parts) {
      const { dir, upload } = await find(bucket, key, uploadId);
      if (parts.length === 0) throw s3Error('MalformedXML', 'You must specify at least one part');
      const metas: ObjectMeta[] = [];
      for (const [i, part] of parts.entries()) {
        if (i > 0 && part.partNumber <= parts[i - 1]!.partNumber)
          throw s3Error(
            'InvalidPartOrder',
            'The list of parts was not in ascending order. Parts must be ordered by part number.',
          );
        const meta = await readObjectMeta(partFile(dir, part.partNumber)).catch(() => undefined);
        if (!meta || meta.etag !== stripQuotes(part.etag)) {
          throw s3Error(
            'InvalidPart',
            `One or more of the specified parts could not be found or its ETag did not match: part ${part.partNumber}`,
            { UploadId: uploadId, PartNumber: String(part.partNumber) },
          );
        }
        metas.push(meta);
      }
      for (const [i, meta] of metas.entries()) {
        if (i < metas.length - 1 && meta.size < MIN_PART_BYTES) {
          throw s3Error(
            'EntityTooSmall',
            `Your proposed upload is smaller than the minimum allowed size: part ${parts[i]!.partNumber} has ` +
              `${meta.size} bytes, every part but the last needs ${MIN_PART_BYTES}`,
          );
        }
      }
      const md5s = Buffer.concat(metas.map((m) => Buffer.from(m.etag, 'hex')));
      const etag = `${createHash('md5').update(md5s).digest('hex')}-${metas.length}`;
      const total = metas.reduce((n, m) => n + m.size, 0);
      async function* bytes() {
        for (const part of parts) {
          const opened = await openObjectFile(partFile(dir, part.partNumber));
          yield* opened.stream();
        }
      }
      const meta = await writeObjectFile(
        {
          tmpDir: store.tmpDir(bucket),
          path: store.objectFile(bucket, key),
          key,
          maxBytes: Math.max(total, 0),
          createParents: true,
        },
        bytes(),
        {
          contentType: upload.contentType,
          metadata: upload.metadata,
          headers: upload.headers,
          etag,
          parts: metas.length,
        },
      );
      await rm(dir, { recursive: true, force: true });
      return meta;
    },

    async abort(bucket, key, uploadId) {
      const { dir } = await find(bucket, key, uploadId);
      await rm(dir, { recursive: true, force: true });
    },

    async listParts(bucket, key, uploadId) {
      const { dir, upload } = await find(bucket, key, uploadId);
      const numbers = (await readdir(dir))
        .map((name) => /^part\.(\d{1,5})$/.exec(name)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      const parts: PartInfo[] = [];
      for (const partNumber of numbers) {
        const meta = await readObjectMeta(partFile(dir, partNumber)).catch(() => undefined);
        if (meta) parts.push({ partNumber, etag: meta.etag, size: meta.size, lastModified: meta.lastModified });
      }
      return { upload, parts };
    },
  };
}
