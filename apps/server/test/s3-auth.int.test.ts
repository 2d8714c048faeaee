import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { HttpRequest } from '@smithy/protocol-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { otherUser, uniqueName, useHarness } from './harness.ts';
import { errorCode, s3Client, s3Signer, send, signedRequest } from './s3-helpers.ts';

const h = useHarness();
let s3: S3Client;
let bucket: string;
beforeAll(async () => {
  s3 = s3Client(h.server.url, h.credentials);
  bucket = uniqueName('auth').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: 'admin only' }));
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
  );
const text = async (out: { Body?: unknown }) =>
  (out.Body as { transformToString(): Promise<string> }).transformToString();
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const exists = async (Key: string) => !(await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key }))));

describe('S3 API: who may use a bucket', () => {
  it('gives a bucket to its creator: another user is denied everything in it, the admin is not', async () => {
    const user = await otherUser(h);
    const theirs = s3Client(h.server.url, user.credentials);
    for (const attempt of [
      () => theirs.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })),
      () => theirs.send(new PutObjectCommand({ Bucket: bucket, Key: 'planted', Body: 'x' })),
      () => theirs.send(new ListObjectsV2Command({ Bucket: bucket })),
      () => theirs.send(new DeleteBucketCommand({ Bucket: bucket })),
    ]) {
      expect(await failure(attempt())).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    }
    expect(await failure(theirs.send(new HeadBucketCommand({ Bucket: bucket })))).toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    expect(await failure(theirs.send(new CreateBucketCommand({ Bucket: bucket })))).toMatchObject({
      name: 'BucketAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
    expect(await exists('planted')).toBe(false);

    // Their own bucket is theirs; copying the admin's object into it is still refused.
    const own = uniqueName('mine').toLowerCase();
    await theirs.send(new CreateBucketCommand({ Bucket: own }));
    expect(
      await failure(
        theirs.send(new CopyObjectCommand({ Bucket: own, Key: 'stolen', CopySource: `${bucket}/secret.txt` })),
      ),
    ).toMatchObject({ name: 'AccessDenied' });
    await theirs.send(new PutObjectCommand({ Bucket: own, Key: 'note', Body: 'mine' }));
    expect((await theirs.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).toEqual([own]);
    // Admins may use every bucket.
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: own, Key: 'note' })))).toBe('mine');
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).toEqual(
      expect.arrayContaining([own, bucket]),
    );
  });

  it('refuses a wrong secret, an unknown key and another region; unsigned requests never reach S3', async () => {
    const wrongSecret = s3Client(h.server.url, {
      accessKeyId: h.credentials.accessKeyId,
      secretAccessKey: 'not-the-secret',
    });
    expect(await failure(wrongSecret.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })))).toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      await failure(wrongSecret.send(new PutObjectCommand({ Bucket: bucket, Key: 'forged', Body: 'x' }))),
    ).toMatchObject({ name: 'SignatureDoesNotMatch' });
    const unknown = s3Client(h.server.url, { accessKeyId: 'TKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' });
    expect(await failure(unknown.send(new ListBucketsCommand({})))).toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
    const elsewhere = s3Client(h.server.url, h.credentials, { region: 'eu-west-1' });
    expect(await failure(elsewhere.send(new ListBucketsCommand({})))).toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await exists('forged')).toBe(false);

    const anonymous = await fetch(`${h.server.url}/${bucket}/secret.txt`);
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).not.toContain('admin only');
  });

  it('serves presigned GET and PUT URLs until they expire, and only as signed', async () => {
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt', ResponseContentType: 'text/x-test' }),
      { expiresIn: 60 },
    );
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/x-test');
    expect(await got.text()).toBe('admin only');

    const tampered = await fetch(url.replace('secret.txt', 'other.txt'));
    expect(tampered.status).toBe(403);
    expect(errorCode(await tampered.text())).toBe('SignatureDoesNotMatch');

    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'uploaded via url' }), {
      expiresIn: 60,
    });
    const put = await fetch(putUrl, { method: 'PUT', body: 'sent with curl' });
    expect(put.status).toBe(200);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploaded via url' })))).toBe(
      'sent with curl',
    );

    const user = await otherUser(h);
    const theirUrl = await getSignedUrl(
      s3Client(h.server.url, user.credentials),
      new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }),
      { expiresIn: 60 },
    );
    const denied = await fetch(theirUrl);
    expect(denied.status).toBe(403);
    expect(errorCode(await denied.text())).toBe('AccessDenied');

    const shortLived = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }), {
      expiresIn: 1,
    });
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await fetch(shortLived);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired/);
  });
});

describe('S3 API: bodies are verified as they stream', () => {
  it(
    'refuses a body that does not match its x-amz-content-sha256, ' + 'Content-MD5 or checksum, and stores nothing',
    async () => {
      const body = Buffer.from('the real body');
      const put = (Key: string, payloadHash: string, headers: Record<string, string> = {}) =>
        signedRequest(h.server.url, h.credentials, {
          method: 'PUT',
          path: `/${bucket}/${Key}`,
          payloadHash,
          headers,
          body,
        });

      const ok = await put('verified', sha256(body));
      expect(ok.status).toBe(200);
      expect(ok.headers.etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);

      const wrongHash = await put('wrong-hash', sha256('another body'));
      expect([wrongHash.status, errorCode(wrongHash.body)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
      const wrongMd5 = await put('wrong-md5', 'UNSIGNED-PAYLOAD', {
        'content-md5': createHash('md5').update('x').digest('base64'),
      });
      expect([wrongMd5.status, errorCode(wrongMd5.body)]).toEqual([400, 'BadDigest']);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32('x'));
      const wrongCrc = await put('wrong-crc', 'UNSIGNED-PAYLOAD', { 'x-amz-checksum-crc32': crc.toString('base64') });
      expect([wrongCrc.status, errorCode(wrongCrc.body)]).toEqual([400, 'BadDigest']);
      for (const key of ['wrong-hash', 'wrong-md5', 'wrong-crc']) expect(await exists(key)).toBe(false);

      // An x-amz-* header the signature does not cover (here: one added in transit) is refused.
      const signed = await put('smuggled', 'UNSIGNED-PAYLOAD');
      expect(signed.status).toBe(200);
      const { host } = new URL(h.server.url);
      const replay = await s3Signer(h.credentials).sign(
        new HttpRequest({
          method: 'PUT',
          hostname: host,
          path: `/${bucket}/smuggled`,
          headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        }),
        { signingDate: new Date() },
      );
      const smuggled = await send(
        h.server.url,
        'PUT',
        `/${bucket}/smuggled`,
        { ...(replay.headers as Record<string, string>), 'x-amz-meta-injected': 'yes' },
        body,
      );
      expect([smuggled.status, errorCode(smuggled.body)]).toEqual([403, 'AccessDenied']);
    },
  );

  it(
    'accepts a signed aws-chunked body ' + '(STREAMING-AWS4-HMAC-SHA256-PAYLOAD) and refuses a tampered chunk',
    async () => {
      const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(1000, 'b'), Buffer.alloc(0)];
      const signingDate = new Date();
      const signer = s3Signer(h.credentials);
      const path = (key: string) => `/${bucket}/${key}`;

      async function upload(key: string, tamper: boolean, trailer: boolean) {
        const decoded = chunks.reduce((n, c) => n + c.length, 0);
        const { host } = new URL(h.server.url);
        const headers: Record<string, string> = {
          host,
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(decoded),
          'x-amz-content-sha256': trailer
            ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
            : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          ...(trailer ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
        };
        const signed = await signer.sign(new HttpRequest({ method: 'PUT', hostname: host, path: path(key), headers }), {
          signingDate,
        });
        const signedHeaders = signed.headers as Record<string, string>;
        let prior = /Signature=([0-9a-f]{64})/.exec(signedHeaders.authorization!)![1]!;
        const parts: Buffer[] = [];
        for (const chunk of chunks) {
          // Each chunk is signed like an event-stream message with no headers (the SDK's signEvent).
          prior = await signer.sign(
            { headers: new Uint8Array(0), payload: chunk },
            { signingDate, priorSignature: prior },
          );
          const data = tamper && chunk.length === 1000 ? Buffer.alloc(1000, 'c') : chunk;
          parts.push(
            Buffer.from(`${chunk.length.toString(16)};chunk-signature=${prior}\r\n`),
            data,
            Buffer.from('\r\n'),
          );
        }
        if (trailer) {
          parts.pop(); // the empty last chunk is followed by the trailers, not by an empty line
          const crc = Buffer.alloc(4);
          crc.writeUInt32BE(crc32(Buffer.concat(chunks)));
          const trailerLine = `x-amz-checksum-crc32:${crc.toString('base64')}`;
          const amzDate = signedHeaders['x-amz-date']!;
          const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
          const trailerSignature = await signer.sign(
            ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, prior, sha256(`${trailerLine}\n`)].join('\n'),
            { signingDate },
          );
          parts.push(Buffer.from(`${trailerLine}\r\nx-amz-trailer-signature:${trailerSignature}\r\n\r\n`));
        }
        return send(h.server.url, 'PUT', path(key), signedHeaders, Buffer.concat(parts));
      }

      const ok = await upload('chunked', false, false);
      expect(ok.status).toBe(200);
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked' }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(chunks))).toBe(true);
      expect(got.ContentEncoding).toBeUndefined(); // aws-chunked is transport, not content

      const withTrailer = await upload('chunked-trailer', false, true);
      expect(withTrailer.status).toBe(200);
      expect(withTrailer.headers['x-amz-checksum-crc32']).toBeDefined();

      const bad = await upload('chunked-bad', true, false);
      expect([bad.status, errorCode(bad.body)]).toEqual([403, 'SignatureDoesNotMatch']);
      expect(await exists('chunked-bad')).toBe(false);
    },
  );

  it('takes the path as sent: "/bucket/../x" is the key "../x" in that bucket', async () => {
    const res = await signedRequest(h.server.url, h.credentials, {
      method: 'PUT',
      path: `/${bucket}/../outside`,
      payloadHash: sha256('dots'),
      body: Buffer.from('dots'),
    });
    expect(res.status).toBe(200);
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: '../outside' })))).toBe('dots');
    const bad = await signedRequest(h.server.url, h.credentials, {
      method: 'GET',
      path: `/${bucket}/%E0%A4%A`,
      payloadHash: sha256(''),
    });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'InvalidURI']);
  });

  it('counts requests in the metrics under the surface s3', async () => {
    const res = await fetch(`${h.server.url}/metrics`, { headers: { cookie: h.session.cookie } });
    expect(await res.text()).toMatch(/tessera_requests_total\{surface="s3",operation="PutObject",code="200"\} \d+/);
  });
});
