// SigV2 presigned URLs as boto3 makes them with its default configuration (Debian's botocore 1.29
// and the tests' newer one), sent with plain fetch; and requests that no surface routes but that
// read as S3 calls, which S3 answers in XML rather than the web app's JSON 404.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, otherUser, uniqueName, useHarness, type Harness } from './harness.ts';
import { errorCode, s3Client, send, signedRequest } from './s3-helpers.ts';

const run = promisify(execFile);
const h = useHarness();
/** The harness's server runs in the default region (TESSERA_REGION unset). */
const REGION = 'us-east-1';
const KEY = 'data/a b+c ü~.bin';

let owner: Awaited<ReturnType<typeof otherUser>>;
let stranger: Awaited<ReturnType<typeof otherUser>>;
beforeAll(async () => {
  owner = await otherUser(h);
  stranger = await otherUser(h);
});

type Presigned = Record<
  | 'default_url'
  | 'put'
  | 'get'
  | 'head'
  | 'put_typed'
  | 'put_typed_bare'
  | 'head_typed'
  | 'get_typed_bare'
  | 'list'
  | 'expired'
  | 'missing_key'
  | 'missing_bucket'
  | 'other_user'
  | 'temporary_get'
  | 'temporary_swapped_token',
  string
> & {
  botocore: string;
  sigv2_by_default: boolean;
  header_sigv2: { code: string; message: string; status: number } | 'accepted';
};

async function presign(python: string, bucket: string): Promise<Presigned> {
  const script = fileURLToPath(new URL('./s3_presign_v2.py', import.meta.url));
  const { stdout } = await run(python, [script], {
    env: {
      PATH: process.env.PATH,
      TESSERA_URL: h.server.url,
      TESSERA_REGION: REGION,
      BUCKET: bucket,
      KEY,
      MISSING_BUCKET: uniqueName('missing').toLowerCase(),
      AWS_ACCESS_KEY_ID: owner.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: owner.credentials.secretAccessKey,
      OTHER_ACCESS_KEY_ID: stranger.credentials.accessKeyId,
      OTHER_SECRET_ACCESS_KEY: stranger.credentials.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const isSigV2 = (url: string) => {
  const q = new URL(url).searchParams;
  return q.has('AWSAccessKeyId') && q.has('Signature') && q.has('Expires') && !q.has('X-Amz-Signature');
};
const xmlError = async (res: Response) => ({
  status: res.status,
  contentType: res.headers.get('content-type'),
  code: errorCode(await res.text()),
});

describe.each([
  ["Debian's boto3", '/usr/bin/python3'],
  ["the tests' boto3", 'python3'],
])('SigV2 presigned URLs from %s (%s)', (_name, python) => {
  let bucket: string;
  let urls: Presigned;
  beforeAll(async () => {
    bucket = uniqueName('sigv2').toLowerCase();
    await s3Client(h.server.url, owner.credentials).send(new CreateBucketCommand({ Bucket: bucket }));
    urls = await presign(python, bucket);
  });

  it('presigns with SigV2 under the default config, for this user and key', () => {
    // Debian 12's botocore does; a botocore that defaulted to SigV4 was asked for signature_version "s3".
    if (python === '/usr/bin/python3') expect([urls.botocore, urls.sigv2_by_default]).toEqual(['1.29.27', true]);
    expect(isSigV2(urls.default_url)).toBe(urls.sigv2_by_default);
    for (const name of ['put', 'get', 'head', 'put_typed', 'list', 'expired', 'missing_key'] as const) {
      expect(isSigV2(urls[name]), name).toBe(true);
      expect(new URL(urls[name]).searchParams.get('AWSAccessKeyId')).toBe(owner.credentials.accessKeyId);
    }
    expect(new URL(urls.put).pathname).toBe(`/${bucket}/data/a%20b%2Bc%20%C3%BC~.bin`);
  });

  it('PUTs bytes with fetch and GETs the same bytes back', async () => {
    const bytes = randomBytes(64 * 1024 + 7);
    const put = await fetch(urls.put, { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    const got = await fetch(urls.get);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    const head = await fetch(urls.head, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(bytes.length)]);

    const listed = await fetch(urls.list);
    expect(listed.status).toBe(200);
    // botocore lists with encoding-type=url.
    expect(await listed.text()).toContain('<Key>data/a%20b%2Bc%20%C3%BC~.bin</Key>');
  });

  it('works for temporary credentials (STS AssumeRole), whose session token the URL signs', async () => {
    const url = new URL(urls.temporary_get);
    expect(url.searchParams.get('AWSAccessKeyId')).toMatch(/^ASIA/);
    expect(url.searchParams.get('x-amz-security-token')).toBeTruthy();
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBe(64 * 1024 + 7);
    // Another session's token with this key is not this key's.
    expect(await xmlError(await fetch(urls.temporary_swapped_token))).toEqual({
      status: 400,
      contentType: 'application/xml',
      code: 'InvalidToken',
    });
  });

  it('takes the Content-Type and metadata it signed, sent as headers or left in the URL', async () => {
    const csv = Buffer.from('a,b\n1,2\n');
    const asHeaders = { 'content-type': 'text/csv', 'x-amz-meta-origin': 'presigned' };
    expect((await fetch(urls.put_typed, { method: 'PUT', body: csv, headers: asHeaders })).status).toBe(200);
    const head = await fetch(urls.head_typed, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), head.headers.get('x-amz-meta-origin')]).toEqual([
      200,
      'text/csv',
      'presigned',
    ]);

    expect((await fetch(urls.put_typed_bare, { method: 'PUT', body: csv })).status).toBe(200);
    const got = await fetch(urls.get_typed_bare);
    expect([got.status, got.headers.get('content-type'), got.headers.get('x-amz-meta-origin')]).toEqual([
      200,
      'text/csv',
      'presigned',
    ]);
    expect(await got.text()).toBe(csv.toString());

    // A type it did not sign is refused.
    const html = await fetch(urls.put_typed, { method: 'PUT', body: '<p>', headers: { 'content-type': 'text/html' } });
    expect(await xmlError(html)).toEqual({
      status: 403,
      contentType: 'application/xml',
      code: 'SignatureDoesNotMatch',
    });
  });

  it('refuses expired, tampered and other users’ URLs; missing keys and buckets are S3 errors, in XML', async () => {
    const expires = Number(new URL(urls.expired).searchParams.get('Expires')) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, expires + 1100 - Date.now())));
    const expired = await fetch(urls.expired);
    const body = await expired.text();
    expect([expired.status, expired.headers.get('content-type')]).toEqual([403, 'application/xml']);
    expect(body).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);

    const url = new URL(urls.get);
    const signature = url.searchParams.get('Signature')!;
    url.searchParams.set('Signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`);
    expect(await xmlError(await fetch(url))).toEqual({
      status: 403,
      contentType: 'application/xml',
      code: 'SignatureDoesNotMatch',
    });
    const otherKey = await fetch(urls.get.replace('/data/', '/datb/'));
    expect(await xmlError(otherKey)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });

    expect(await xmlError(await fetch(urls.other_user))).toEqual({
      status: 403,
      contentType: 'application/xml',
      code: 'AccessDenied',
    });
    expect(await xmlError(await fetch(urls.missing_key))).toEqual({
      status: 404,
      contentType: 'application/xml',
      code: 'NoSuchKey',
    });
    expect(await xmlError(await fetch(urls.missing_bucket))).toEqual({
      status: 404,
      contentType: 'application/xml',
      code: 'NoSuchBucket',
    });
  });

  it('refuses SigV2 in the Authorization header with an S3 error that names SigV4', () => {
    expect(urls.header_sigv2).toMatchObject({ code: 'InvalidRequest', status: 400 });
    expect((urls.header_sigv2 as { message: string }).message).toMatch(/AWS4-HMAC-SHA256/);
  });
});

describe('requests no surface routes that read as S3 calls', () => {
  const xml = async (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) => {
    const res = await send(h.server.url, method, path, headers, body);
    return { status: res.status, contentType: res.headers['content-type'], code: errorCode(res.body) };
  };

  it('answer with S3 XML errors, not JSON', async () => {
    const denied = { status: 403, contentType: 'application/xml', code: 'AccessDenied' };
    expect(await xml('GET', '/some-bucket/some/key?list-type=2')).toEqual(denied);
    expect(await xml('GET', '/some-bucket?uploads')).toEqual(denied);
    expect(await xml('GET', '/some-bucket/key?response-content-type=text%2Fhtml')).toEqual(denied);
    expect(await xml('GET', '/some-bucket/key', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })).toEqual(denied);
    expect(await xml('GET', '/some-bucket/key?AWSAccessKeyId=TKIAEXAMPLE')).toEqual(denied);
    // A body the web app would have parsed (and refused in JSON) first.
    expect(
      await xml(
        'PUT',
        '/some-bucket/key',
        { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-type': 'application/json' },
        Buffer.from('{not json'),
      ),
    ).toEqual(denied);
    expect(
      await xml('OPTIONS', '/some-bucket/key', {
        origin: 'http://elsewhere.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,x-amz-date',
      }),
    ).toEqual(denied);
    expect(await xml('GET', '/some-bucket/key', { authorization: 'AWS4-HMAC-SHA256 Credential=garbled' })).toEqual({
      status: 400,
      contentType: 'application/xml',
      code: 'AuthorizationHeaderMalformed',
    });
    expect(await xml('PUT', '/some-bucket/key', { authorization: 'AWS TKIAEXAMPLE:c2lnbmF0dXJl' })).toEqual({
      status: 400,
      contentType: 'application/xml',
      code: 'InvalidRequest',
    });
    const expires = Math.floor(Date.now() / 1000) + 60;
    expect(await xml('GET', `/some-bucket/key?AWSAccessKeyId=TKIAUNKNOWN&Signature=c2ln&Expires=${expires}`)).toEqual({
      status: 403,
      contentType: 'application/xml',
      code: 'InvalidAccessKeyId',
    });
  });

  it('answer a signed request that matches no S3 operation with MethodNotAllowed', async () => {
    for (const [method, path] of [
      ['PATCH', `/${uniqueName('any').toLowerCase()}/key`],
      ['DELETE', '/'],
      ['POST', '/'],
    ] as const) {
      const res = await signedRequest(h.server.url, h.credentials, { method, path, payloadHash: 'UNSIGNED-PAYLOAD' });
      expect([res.status, res.headers['content-type'], errorCode(res.body)], `${method} ${path}`).toEqual([
        405,
        'application/xml',
        'MethodNotAllowed',
      ]);
    }
  });

  it("leave Tessera's own pages and APIs, and plain unknown paths, as they were", async () => {
    const health = await fetch(`${h.server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, expect.objectContaining({ status: 'ok' })]);
    for (const path of ['/api/v1/nothing?list-type=2', '/some-bucket/key', '/favicon.ico']) {
      const res = await fetch(`${h.server.url}${path}`);
      expect([res.status, res.headers.get('content-type')], path).toEqual([404, 'application/json; charset=utf-8']);
      expect((await res.json()).error.code).toBe('NotFound');
    }
    const me = await h.session.rest('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    for (const page of ['/studio/', '/console/']) {
      const res = await fetch(`${h.server.url}${page}`, { redirect: 'manual' });
      expect(res.headers.get('content-type') ?? '', page).not.toContain('xml');
    }
  });
});

/** A port free on loopback now (the gateway's port is configured, not reported). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });

describe('the instance gateway', () => {
  // The process runtime's gateway admits loopback, so the test can reach it as an instance would.
  let g: Harness | undefined;
  let gateway: string;
  beforeAll(async () => {
    const port = await freePort();
    g = await boot({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*', TESSERA_GATEWAY_PORT: String(port) });
    gateway = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await g?.close();
  });

  it('answers S3-looking requests in XML too, and the rest as before', async () => {
    const s3ish = await send(gateway, 'GET', '/some-bucket/key?list-type=2', {});
    expect([s3ish.status, s3ish.headers['content-type'], errorCode(s3ish.body)]).toEqual([
      403,
      'application/xml',
      'AccessDenied',
    ]);
    const plain = await send(gateway, 'GET', '/healthz', {});
    expect([plain.status, plain.headers['content-type']]).toEqual([404, 'application/json']);
    expect(JSON.parse(plain.body).__type).toBe('UnknownOperationException');
  });
});
