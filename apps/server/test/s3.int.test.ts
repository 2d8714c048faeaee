import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { s3Client } from './s3-helpers.ts';

const h = useHarness();
let s3: S3Client;
beforeAll(() => {
  s3 = s3Client(h.server.url, h.credentials);
});

const bucketName = (p: string) => uniqueName(p).toLowerCase().slice(0, 63);
async function newBucket(prefix = 'b') {
  const Bucket = bucketName(prefix);
  await s3.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}
const text = async (out: { Body?: unknown }) =>
  (out.Body as { transformToString(): Promise<string> }).transformToString();
const bytes = async (out: { Body?: unknown }) =>
  Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  );

describe('S3 API: buckets', () => {
  it('creates, heads, lists, locates and deletes buckets with S3 errors on the way', async () => {
    const Bucket = await newBucket('life');
    await s3.send(new HeadBucketCommand({ Bucket }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).toContain(Bucket);
    expect((await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBeUndefined();
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket })))).toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })))).toMatchObject({
      name: 'InvalidBucketName',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: 'ab' })))).toMatchObject({
      name: 'InvalidBucketName',
    });
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: bucketName('missing') })))).toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: bucketName('missing'), Key: 'k' })))).toMatchObject({
      name: 'NoSuchBucket',
    });

    await s3.send(new PutObjectCommand({ Bucket, Key: 'keep', Body: 'x' }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket })))).toMatchObject({
      name: 'BucketNotEmpty',
      $metadata: { httpStatusCode: 409 },
    });
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'keep' }));
    await s3.send(new DeleteBucketCommand({ Bucket }));
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket })))).toMatchObject({ name: 'NotFound' });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).not.toContain(Bucket);
  });
});

describe('S3 API: objects', () => {
  it('puts Buffer, string and stream bodies and gets them back with their metadata and MD5 ETags', async () => {
    const Bucket = await newBucket('obj');
    const buf = Buffer.from('hello, tessera');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'docs/hello.txt',
        Body: buf,
        ContentType: 'text/plain',
        Metadata: { owner: 'ada', 'run-id': '42' },
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment',
      }),
    );
    expect(put.ETag).toBe(`"${md5(buf)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'docs/hello.txt' }));
    expect(await text(got)).toBe('hello, tessera');
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: buf.length,
      ETag: `"${md5(buf)}"`,
      Metadata: { owner: 'ada', 'run-id': '42' },
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment',
    });
    expect(got.LastModified).toBeInstanceOf(Date);

    await s3.send(new PutObjectCommand({ Bucket, Key: 'str', Body: 'a string body' }));
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'str' })))).toBe('a string body');

    // A stream body: the SDK sends it aws-chunked with a CRC32 trailer.
    const big = Buffer.alloc(300_000, 'z');
    big.write('start', 0);
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'stream',
        Body: Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]),
        ContentLength: big.length,
      }),
    );
    const streamed = await s3.send(new GetObjectCommand({ Bucket, Key: 'stream', ChecksumMode: 'ENABLED' }));
    expect(streamed.ChecksumCRC32).toBeDefined(); // stored from the upload; the SDK validated the download against it
    expect((await bytes(streamed)).equals(big)).toBe(true);

    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'stream' }));
    expect(head).toMatchObject({ ContentLength: big.length, ETag: `"${md5(big)}"`, AcceptRanges: 'bytes' });
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket, Key: 'nope' })))).toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'nope' })))).toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await s3.send(new PutObjectCommand({ Bucket, Key: 'empty', Body: Buffer.alloc(0) }));
    expect((await bytes(await s3.send(new GetObjectCommand({ Bucket, Key: 'empty' })))).length).toBe(0);
  });

  it('serves byte ranges with 206 and Content-Range, and refuses ranges past the end', async () => {
    const Bucket = await newBucket('range');
    const body = Buffer.from('0123456789abcdefghij');
    await s3.send(new PutObjectCommand({ Bucket, Key: 'r', Body: body }));
    const first = await s3.send(new GetObjectCommand({ Bucket, Key: 'r', Range: 'bytes=0-4' }));
    expect(first.$metadata.httpStatusCode).toBe(206);
    expect(first.ContentRange).toBe('bytes 0-4/20');
    expect(await text(first)).toBe('01234');
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'r', Range: 'bytes=15-' })))).toBe('fghij');
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'r', Range: 'bytes=-3' })))).toBe('hij');
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'r', Range: 'bytes=18-100' })))).toBe('ij');
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'r', Range: 'bytes=20-' })))).toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
    const etag = `"${md5(body)}"`;
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'r', IfNoneMatch: etag })))).toMatchObject({
      $metadata: { httpStatusCode: 304 },
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'r', IfMatch: '"other"' })))).toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'r', IfMatch: etag })))).toBe(body.toString());
  });

  it('keeps a and a/b (and a/) as separate objects, and keys up to 1024 bytes', async () => {
    const Bucket = await newBucket('nest');
    for (const Key of ['a', 'a/b', 'a/', 'a/b/c'])
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: `I am ${Key}` }));
    for (const Key of ['a', 'a/b', 'a/', 'a/b/c'])
      expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key })))).toBe(`I am ${Key}`);
    const longKey = `${'deep/'.repeat(100)}${'é'.repeat(262)}`; // 500 + 524 = 1024 bytes
    expect(Buffer.byteLength(longKey)).toBe(1024);
    await s3.send(new PutObjectCommand({ Bucket, Key: longKey, Body: 'long' }));
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: longKey })))).toBe('long');
    expect(
      await failure(s3.send(new PutObjectCommand({ Bucket, Key: `${longKey}x`, Body: 'too long' }))),
    ).toMatchObject({ name: 'KeyTooLongError', $metadata: { httpStatusCode: 400 } });
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a' }));
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'a/b' })))).toBe('I am a/b');
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'a' })))).toMatchObject({ name: 'NoSuchKey' });
  });

  it('stores keys that try to escape the bucket inside it, under exactly their names', async () => {
    const Bucket = await newBucket('escape');
    const keys = [
      '../../../etc/passwd',
      '/abs/key',
      '..%2F..%2Fencoded',
      '%2e%2e/x',
      'a/../../b',
      './dot',
      '~o',
      'back\\slash\\..\\x',
    ];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    for (const Key of keys) expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key })))).toBe(Key);
    const listed: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket }))
      listed.push(...(page.Contents ?? []).map((o) => o.Key!));
    expect(listed.sort()).toEqual([...keys].sort());
    // Nothing landed outside the bucket's directory.
    const top = readdirSync(h.server.dataDir);
    expect(top).not.toContain('etc');
    expect(readdirSync(join(h.server.dataDir, 'objects'))).not.toContain('etc');
    expect(
      readdirSync(join(h.server.dataDir, 'objects')).every((n) => !n.includes('passwd') && !n.includes('encoded')),
    ).toBe(true);
  });

  it('lists with prefix, delimiter and continuation across pages (v2), start-after, and v1 markers', async () => {
    const Bucket = await newBucket('list');
    const keys = [
      'top-1',
      'top-2',
      ...Array.from({ length: 6 }, (_, i) => `logs/2026/${i}.txt`),
      ...Array.from({ length: 5 }, (_, i) => `data/part-${i}`),
      'data/nested/x',
      'zeta',
    ];
    await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));

    const flat: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 4 }, { Bucket })) {
      pages++;
      expect(page.KeyCount).toBeLessThanOrEqual(4);
      flat.push(...(page.Contents ?? []).map((o) => o.Key!));
    }
    expect(flat).toEqual([...keys].sort());
    expect(pages).toBe(4);

    const objects: string[] = [];
    const prefixes: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 2 }, { Bucket, Delimiter: '/' })) {
      objects.push(...(page.Contents ?? []).map((o) => o.Key!));
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
    }
    expect(objects).toEqual(['top-1', 'top-2', 'zeta']);
    expect(prefixes).toEqual(['data/', 'logs/']);

    const inData: string[] = [];
    const nestedPrefixes: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 3 },
      { Bucket, Prefix: 'data/', Delimiter: '/' },
    )) {
      inData.push(...(page.Contents ?? []).map((o) => o.Key!));
      nestedPrefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
    }
    expect(inData).toEqual(['data/part-0', 'data/part-1', 'data/part-2', 'data/part-3', 'data/part-4']);
    expect(nestedPrefixes).toEqual(['data/nested/']);

    const after = await s3.send(new ListObjectsV2Command({ Bucket, StartAfter: 'logs/2026/3.txt' }));
    expect(after.Contents!.map((o) => o.Key)).toEqual(['logs/2026/4.txt', 'logs/2026/5.txt', 'top-1', 'top-2', 'zeta']);
    const one = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'top-', MaxKeys: 1 }));
    expect(one).toMatchObject({
      IsTruncated: true,
      KeyCount: 1,
      Contents: [{ Key: 'top-1', Size: 5, ETag: `"${md5('top-1')}"`, StorageClass: 'STANDARD' }],
    });
    expect(
      await failure(s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: 'not a token!' }))),
    ).toMatchObject({ name: 'InvalidArgument' });

    const v1 = await s3.send(new ListObjectsCommand({ Bucket, Delimiter: '/', MaxKeys: 2 }));
    expect(v1).toMatchObject({ IsTruncated: true, NextMarker: 'logs/' });
    expect(v1.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['data/', 'logs/']);
    const v1next = await s3.send(new ListObjectsCommand({ Bucket, Delimiter: '/', Marker: v1.NextMarker }));
    expect(v1next.Contents!.map((o) => o.Key)).toEqual(['top-1', 'top-2', 'zeta']);
  });

  it('copies objects keeping or replacing metadata, and refuses a copy onto itself', async () => {
    const Bucket = await newBucket('copy');
    const Other = await newBucket('copy-to');
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'src dir/original.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
        Metadata: { stage: 'raw' },
      }),
    );
    const kept = await s3.send(
      new CopyObjectCommand({
        Bucket: Other,
        Key: 'copied.json',
        CopySource: `${Bucket}/${encodeURIComponent('src dir/original.json')}`,
      }),
    );
    expect(kept.CopyObjectResult!.ETag).toBe(`"${md5('{"a":1}')}"`);
    const keptGot = await s3.send(new GetObjectCommand({ Bucket: Other, Key: 'copied.json' }));
    expect(keptGot).toMatchObject({ ContentType: 'application/json', Metadata: { stage: 'raw' } });
    expect(await text(keptGot)).toBe('{"a":1}');

    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'src dir/original.json',
        CopySource: `/${Bucket}/src%20dir/original.json`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/plain',
        Metadata: { stage: 'clean' },
      }),
    );
    expect(await s3.send(new HeadObjectCommand({ Bucket, Key: 'src dir/original.json' }))).toMatchObject({
      ContentType: 'text/plain',
      Metadata: { stage: 'clean' },
    });
    expect(
      await failure(
        s3.send(
          new CopyObjectCommand({
            Bucket,
            Key: 'src dir/original.json',
            CopySource: `${Bucket}/src%20dir/original.json`,
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidRequest' });
    expect(
      await failure(s3.send(new CopyObjectCommand({ Bucket, Key: 'x', CopySource: `${Bucket}/missing` }))),
    ).toMatchObject({ name: 'NoSuchKey' });
  });

  it('deletes many objects at once, reporting each (and nothing in quiet mode)', async () => {
    const Bucket = await newBucket('del');
    for (const Key of ['d/1', 'd/2', 'd/3', 'keep']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const out = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'd/1' }, { Key: 'd/2' }, { Key: 'never-existed' }] },
      }),
    );
    expect(out.Deleted!.map((d) => d.Key).sort()).toEqual(['d/1', 'd/2', 'never-existed']);
    expect(out.Errors ?? []).toEqual([]);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'd/3' }], Quiet: true } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket }));
    expect(left.Contents!.map((o) => o.Key)).toEqual(['keep']);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'never-existed-either' }));
  });
});

describe('S3 API: multipart', () => {
  it('uploads a >10 MB Buffer and an unknown-length stream through lib-storage in 5 MB parts', async () => {
    const Bucket = await newBucket('mpu');
    const body = Buffer.alloc(11 * 1024 * 1024 + 123);
    for (let i = 0; i + 4 <= body.length; i += 4) body.writeUInt32LE(i, i);
    const upload = new Upload({
      client: s3,
      params: { Bucket, Key: 'big.bin', Body: body, ContentType: 'application/x-test', Metadata: { parts: 'three' } },
      partSize: 5 * 1024 * 1024,
    });
    const done = await upload.done();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    const partMd5s = [0, 1, 2].map((i) =>
      createHash('md5')
        .update(body.subarray(i * 5 * 1024 * 1024, (i + 1) * 5 * 1024 * 1024))
        .digest(),
    );
    expect(done.ETag).toBe(`"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-3"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }));
    expect(got).toMatchObject({
      ContentLength: body.length,
      ContentType: 'application/x-test',
      Metadata: { parts: 'three' },
      PartsCount: 3,
    });
    expect(md5(await bytes(got))).toBe(md5(body));
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin', Range: `bytes=${body.length - 10}-` }));
    expect((await bytes(tail)).equals(body.subarray(body.length - 10))).toBe(true);

    // A stream of unknown length: lib-storage buffers parts and uploads them as they fill.
    const streamed = new Upload({
      client: s3,
      params: {
        Bucket,
        Key: 'streamed.bin',
        Body: Readable.from(
          (function* () {
            for (let i = 0; i < 12; i++) yield body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024);
          })(),
        ),
      },
      partSize: 5 * 1024 * 1024,
    });
    expect((await streamed.done()).ETag).toMatch(/-3"$/);
    expect(md5(await bytes(await s3.send(new GetObjectCommand({ Bucket, Key: 'streamed.bin' }))))).toBe(
      md5(body.subarray(0, 12 * 1024 * 1024)),
    );
  });

  it('lists parts, refuses undersized or wrong parts, and aborts', async () => {
    const Bucket = await newBucket('mpu-low');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'k' }));
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'k', UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'k', UploadId, PartNumber: 2, Body: Buffer.alloc(10, 2) }),
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key: 'k', UploadId }));
    expect(parts.Parts!.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 1024, p1.ETag],
      [2, 10, p2.ETag],
    ]);
    const tooSmall = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'k',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(await failure(tooSmall)).toMatchObject({ name: 'EntityTooSmall' });
    const wrong = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'k',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p2.ETag }] },
      }),
    );
    expect(await failure(wrong)).toMatchObject({ name: 'InvalidPart' });
    // A single part may be small: it is also the last.
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'k', UploadId }));
    expect(await failure(s3.send(new ListPartsCommand({ Bucket, Key: 'k', UploadId })))).toMatchObject({
      name: 'NoSuchUpload',
      $metadata: { httpStatusCode: 404 },
    });
    expect(
      await failure(
        s3.send(new UploadPartCommand({ Bucket, Key: 'k', UploadId: 'x'.repeat(32), PartNumber: 1, Body: 'x' })),
      ),
    ).toMatchObject({ name: 'NoSuchUpload' });
    const { UploadId: single } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'one' }));
    const only = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'one', UploadId: single, PartNumber: 1, Body: 'just one part' }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'one',
        UploadId: single,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: only.ETag }] },
      }),
    );
    expect(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'one' })))).toBe('just one part');
  });
});
