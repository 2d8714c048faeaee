// What the rest of the server (the job runners, data capture) needs from object storage, behind
// one interface: the embedded store over the data directory, or any S3-compatible store the
// installation is configured with. The S3 API that programs call is a separate surface
// (surfaces/s3/s3-api.ts) over the same embedded store.
import type { Readable } from 'node:stream';

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectStore {
  /** `embedded`: Tessera's own store, whose buckets have owners in the database; `s3`: an external store. */
  readonly kind: 'embedded' | 's3';
  /** A readable stream of the object's bytes; throws NoSuchBucket / NoSuchKey (ObjectStoreError). */
  get(bucket: string, key: string): Promise<Readable>;
  /** Writes an object whole (replaces it). */
  put(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    opts?: { contentType?: string; contentLength?: number },
  ): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(bucket: string, prefix: string): AsyncIterable<ObjectSummary>;
  /** True when the bucket exists. */
  bucketExists(bucket: string): Promise<boolean>;
}

export class ObjectStoreError extends Error {
  constructor(
    readonly code: 'NoSuchBucket' | 'NoSuchKey' | 'InvalidObjectName',
    message: string,
  ) {
    super(message);
  }
}

/** `s3://bucket/some/prefix` → { bucket, key: 'some/prefix' }; undefined when not an S3 URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}
