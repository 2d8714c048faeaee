// The external-store path: S3Store (what the server uses when TESSERA_S3_ENDPOINT is set) against
// a real S3-compatible server — another Tessera's S3 API — and a server configured that way.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { adminClients, startServer, testDatabase } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { ObjectStoreError } from '../src/platform/objects/object-store.ts';
import { createObjectStore, S3Store } from '../src/platform/objects/s3-store.ts';
import { uniqueName, useCleanups, useHarness } from './harness.ts';
import { s3Client } from './s3-helpers.ts';

const h = useHarness();
const cleanup = useCleanups();

describe('S3Store against another Tessera', () => {
  it('puts, gets, lists and checks buckets through the external store, as the ObjectStore contract says', async () => {
    const store = createObjectStore({
      dataDir: '/nonexistent',
      s3: { endpoint: h.server.url, region: 'us-east-1', ...h.credentials },
    });
    expect(store).toBeInstanceOf(S3Store);
    expect(store.kind).toBe('s3');
    const bucket = uniqueName('ext').toLowerCase();
    expect(await store.bucketExists(bucket)).toBe(false);
    await s3Client(h.server.url, h.credentials).send(new CreateBucketCommand({ Bucket: bucket }));
    expect(await store.bucketExists(bucket)).toBe(true);

    await store.put(bucket, 'models/model.tar.gz', Buffer.from('model bytes'), { contentType: 'application/gzip' });
    expect((await buffer(await store.get(bucket, 'models/model.tar.gz'))).toString()).toBe('model bytes');
    // A stream of unknown length, larger than one part: sent as a multipart upload.
    const big = Buffer.alloc(7 * 1024 * 1024, 'q');
    await store.put(bucket, 'data/train.csv', Readable.from([big.subarray(0, 3_000_000), big.subarray(3_000_000)]));
    const back = await buffer(await store.get(bucket, 'data/train.csv'));
    expect(back.equals(big)).toBe(true);
    const seen = await s3Client(h.server.url, h.credentials).send(
      new GetObjectCommand({ Bucket: bucket, Key: 'models/model.tar.gz' }),
    );
    expect(seen.ContentType).toBe('application/gzip');

    const listed = [];
    for await (const o of store.list(bucket, '')) listed.push([o.key, o.size]);
    expect(listed).toEqual([
      ['data/train.csv', big.length],
      ['models/model.tar.gz', 11],
    ]);
    const underData = [];
    for await (const o of store.list(bucket, 'data/')) underData.push(o.key);
    expect(underData).toEqual(['data/train.csv']);

    await expect(store.get(bucket, 'missing')).rejects.toBeInstanceOf(ObjectStoreError);
    await expect(store.get(bucket, 'missing')).rejects.toMatchObject({ code: 'NoSuchKey' });
    await expect(store.get(uniqueName('gone').toLowerCase(), 'k')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('boots a server whose objects live in the external store; its own S3 API then points there', async () => {
    const db = await testDatabase();
    const server = await startServer({
      databaseUrl: db.url,
      env: {
        TESSERA_S3_ENDPOINT: h.server.url,
        TESSERA_S3_REGION: 'us-east-1',
        TESSERA_S3_ACCESS_KEY_ID: h.credentials.accessKeyId,
        TESSERA_S3_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
      },
    });
    cleanup(
      () => db.drop(),
      () => server.cleanup(),
      () => server.stop(),
    );
    const admin = await adminClients(server);
    const err = await s3Client(server.url, admin.credentials)
      .send(new ListBucketsCommand({}))
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    expect(err.message).toMatch(/TESSERA_S3_ENDPOINT/);
  });
});
