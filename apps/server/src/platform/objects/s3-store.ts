// The ObjectStore over an external S3-compatible store (AWS S3, MinIO, Ceph, another Tessera),
// through the AWS SDK, configured by TESSERA_S3_*. Streams go through lib-storage's Upload,
// which sends a small body as one PUT and a large or unknown-length one as a multipart upload.
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../config.ts';
import { LocalStore } from './local-store.ts';
import { ObjectStoreError, type ObjectStore, type ObjectSummary } from './object-store.ts';

export type S3StoreConfig = NonNullable<Config['s3']>;

function storeError(err: unknown): unknown {
  if (!(err instanceof S3ServiceException)) return err;
  if (err.name === 'NoSuchBucket') return new ObjectStoreError('NoSuchBucket', err.message);
  if (err.name === 'NoSuchKey') return new ObjectStoreError('NoSuchKey', err.message);
  if (err.name === 'KeyTooLongError') return new ObjectStoreError('InvalidObjectName', err.message);
  return err;
}

export class S3Store implements ObjectStore {
  readonly kind = 's3' as const;

  constructor(readonly client: S3Client) {}

  async get(bucket: string, key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      throw storeError(err);
    }
  }

  async put(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    opts: { contentType?: string; contentLength?: number } = {},
  ): Promise<void> {
    try {
      if (Buffer.isBuffer(body)) {
        await this.client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: opts.contentType }),
        );
      } else {
        await new Upload({
          client: this.client,
          params: { Bucket: bucket, Key: key, Body: body, ContentType: opts.contentType },
        }).done();
      }
    } catch (err) {
      throw storeError(err);
    }
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectSummary> {
    try {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: prefix })) {
        for (const o of page.Contents ?? [])
          yield { key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
    } catch (err) {
      throw storeError(err);
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch (err) {
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return false;
      throw err;
    }
  }
}

export function createS3Store(s3: S3StoreConfig): S3Store {
  return new S3Store(
    new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      // Path-style works with every S3-compatible store (virtual hosts need DNS for each bucket).
      forcePathStyle: true,
      // Without keys the SDK's default chain applies (environment, profile, instance role).
      ...(s3.accessKeyId && s3.secretAccessKey
        ? { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } }
        : {}),
    }),
  );
}

/** The external store when TESSERA_S3_ENDPOINT is set, else the embedded one in `<dataDir>/objects`. */
export function createObjectStore(config: Pick<Config, 'dataDir' | 's3'>): ObjectStore {
  return config.s3 ? createS3Store(config.s3) : new LocalStore(join(config.dataDir, 'objects'));
}
