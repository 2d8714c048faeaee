// The embedded object store: buckets are directories of `<dataDir>/objects`, objects are files
// laid out by key-path.ts (why that layout: see there) in the format of object-file.ts (why one
// file: see there). It implements the ObjectStore contract the rest of the server uses, plus what
// the S3 API needs. Who may use a bucket is not its concern (the S3 API checks the database).
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { bucketNameProblem } from './bucket-name.ts';
import { keyBytes, objectPath } from './key-path.ts';
import { walkKeys, type WalkBound } from './key-walk.ts';
import { createMultipart, type Multipart } from './local-multipart.ts';
import {
  MAX_PUT_BYTES,
  openObjectFile,
  readObjectMeta,
  writeObjectFile,
  type ObjectMeta,
  type OpenedObject,
  type WriteOptions,
} from './object-file.ts';
import { ObjectStoreError, type ObjectStore, type ObjectSummary } from './object-store.ts';
import { s3Error } from './s3-errors.ts';

/** Linux's PATH_MAX, less room for the temporary-file and rename machinery. */
const MAX_PATH_BYTES = 4000;

export interface ListOptions {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Only keys (and common prefixes) after this, in byte order. */
  after?: Buffer;
}

export interface ListPage {
  objects: ObjectMeta[];
  commonPrefixes: string[];
  /** Set when more follow: where the next page starts (opaque to clients). */
  next?: Buffer;
}

export class LocalStore implements ObjectStore {
  readonly kind = 'embedded' as const;
  readonly multipart: Multipart;

  constructor(readonly root: string) {
    this.multipart = createMultipart(this);
    void this.sweepTemporary().catch(() => {});
  }

  // ───────── buckets ─────────

  /** The bucket's directory; the name is validated first, so it can never leave `root`. */
  bucketDir(bucket: string): string {
    const problem = bucketNameProblem(bucket);
    if (problem) throw s3Error('InvalidBucketName', problem, { BucketName: bucket });
    return join(this.root, bucket);
  }

  tmpDir(bucket: string): string {
    return join(this.bucketDir(bucket), '~tmp');
  }

  async createBucket(bucket: string): Promise<void> {
    await mkdir(this.bucketDir(bucket), { recursive: true });
  }

  async bucketExists(bucket: string): Promise<boolean> {
    if (bucketNameProblem(bucket)) return false;
    try {
      return (await stat(this.bucketDir(bucket))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Refuses while any object is left; pending multipart uploads go with the bucket. */
  async deleteBucket(bucket: string): Promise<void> {
    const dir = await this.existingBucketDir(bucket);
    for await (const _ of walkKeys(dir, Buffer.alloc(0), {})) {
      throw s3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: bucket });
    }
    await rm(dir, { recursive: true, force: true });
  }

  async existingBucketDir(bucket: string): Promise<string> {
    if (!(await this.bucketExists(bucket)))
      throw new ObjectStoreError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
    return this.bucketDir(bucket);
  }

  // ───────── objects ─────────

  /** The object's file; refuses keys S3 would refuse and (defensively) any path outside the bucket. */
  objectFile(bucket: string, key: string): string {
    const bytes = keyBytes(key);
    if (!bytes)
      throw new ObjectStoreError(
        'InvalidObjectName',
        key ? 'Your key is too long (at most 1024 bytes of UTF-8)' : 'Object keys must not be empty',
      );
    const dir = this.bucketDir(bucket);
    const file = resolve(dir, objectPath(bytes));
    if (!file.startsWith(dir + sep))
      throw new ObjectStoreError('InvalidObjectName', 'Object key maps outside its bucket');
    if (Buffer.byteLength(file) > MAX_PATH_BYTES)
      throw new ObjectStoreError('InvalidObjectName', 'Object key nests too deeply for this store');
    return file;
  }

  async open(bucket: string, key: string): Promise<OpenedObject> {
    const file = this.objectFile(bucket, key);
    try {
      return await openObjectFile(file);
    } catch (err) {
      throw await this.notFound(err, bucket, key);
    }
  }

  async head(bucket: string, key: string): Promise<ObjectMeta> {
    const file = this.objectFile(bucket, key);
    try {
      return await readObjectMeta(file);
    } catch (err) {
      throw await this.notFound(err, bucket, key);
    }
  }

  async putObject(
    bucket: string,
    key: string,
    body: Readable | AsyncIterable<Uint8Array>,
    opts: WriteOptions = {},
  ): Promise<ObjectMeta> {
    const path = this.objectFile(bucket, key);
    await this.existingBucketDir(bucket);
    return writeObjectFile(
      { tmpDir: this.tmpDir(bucket), path, key, maxBytes: MAX_PUT_BYTES, createParents: true },
      body,
      opts,
    );
  }

  /** Deleting a key that does not exist succeeds, as in S3. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    const file = this.objectFile(bucket, key);
    const dir = await this.existingBucketDir(bucket);
    await rm(file, { force: true });
    // Prune directories left empty, so listings never wander through dead branches.
    for (let d = dirname(file); d.startsWith(dir + sep); d = dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        break; // not empty (or gone): stop
      }
    }
  }

  /** Copies the bytes; `replace` gives new metadata, otherwise the source's is kept. */
  async copyObject(
    from: { bucket: string; key: string },
    to: { bucket: string; key: string },
    replace?: WriteOptions,
  ): Promise<ObjectMeta> {
    const source = await this.open(from.bucket, from.key);
    if (source.meta.size > MAX_PUT_BYTES) {
      await source.close();
      throw s3Error(
        'InvalidRequest',
        `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_BYTES}`,
      );
    }
    const { meta } = source;
    // The bytes are the same, so a whole-object checksum still holds (a multipart one does not).
    const checksum = meta.parts ? undefined : meta.checksum;
    const opts: WriteOptions = replace
      ? { ...replace, checksum: () => checksum }
      : { contentType: meta.contentType, metadata: meta.metadata, headers: meta.headers, checksum: () => checksum };
    const bytes = source.stream();
    try {
      return await this.putObject(to.bucket, to.key, bytes, opts);
    } finally {
      bytes.destroy(); // closes the source file if the write failed before reading it all
    }
  }

  async listObjects(bucket: string, opts: ListOptions): Promise<ListPage> {
    const dir = await this.existingBucketDir(bucket);
    const prefix = Buffer.from(opts.prefix, 'utf8');
    const delimiter = opts.delimiter ? Buffer.from(opts.delimiter, 'utf8') : undefined;
    const bound: WalkBound = { after: opts.after };
    const page: ListPage = { objects: [], commonPrefixes: [] };
    let last: Buffer | undefined;
    const full = () => page.objects.length + page.commonPrefixes.length >= opts.maxKeys;
    for await (const { key, file } of walkKeys(dir, prefix, bound)) {
      const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (at >= 0) {
        const common = key.subarray(0, at + delimiter!.length);
        if (full()) {
          page.next = last;
          break;
        }
        page.commonPrefixes.push(common.toString('utf8'));
        // No valid UTF-8 key contains 0xFF, so this sorts after every key under `common`.
        last = Buffer.concat([common, Buffer.from([0xff])]);
        bound.after = last;
        continue;
      }
      let meta: ObjectMeta;
      try {
        meta = await readObjectMeta(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile
        throw err;
      }
      if (full()) {
        page.next = last;
        break;
      }
      page.objects.push(meta);
      last = key;
    }
    return page;
  }

  private async notFound(err: unknown, bucket: string, key: string): Promise<unknown> {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
    if (!(await this.bucketExists(bucket)))
      return new ObjectStoreError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`);
    return new ObjectStoreError('NoSuchKey', `The specified key does not exist: ${key}`);
  }

  // ───────── the ObjectStore contract ─────────

  async get(bucket: string, key: string): Promise<Readable> {
    return (await this.open(bucket, key)).stream();
  }

  async put(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    opts: { contentType?: string; contentLength?: number } = {},
  ): Promise<void> {
    await this.putObject(bucket, key, Buffer.isBuffer(body) ? Readable.from([body]) : body, {
      contentType: opts.contentType,
    });
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectSummary> {
    let after: Buffer | undefined;
    do {
      const page = await this.listObjects(bucket, { prefix, maxKeys: 1000, after });
      for (const o of page.objects) yield { key: o.key, size: o.size, lastModified: new Date(o.lastModified) };
      after = page.next;
    } while (after);
  }

  /** Removes temporary files that crashed writes left behind (old enough that no write still owns them). */
  async sweepTemporary(olderThanMs = 24 * 3600 * 1000): Promise<number> {
    let removed = 0;
    const buckets = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const b of buckets) {
      if (!b.isDirectory() || bucketNameProblem(b.name)) continue;
      const dir = join(this.root, b.name, '~tmp');
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > olderThanMs) {
          await rm(file, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}
