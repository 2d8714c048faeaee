import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { verifySigV4, type IncomingRequest } from './sigv4.ts';

const creds = { accessKeyId: 'TKIATESTTESTTESTTEST', secretAccessKey: 'secret-secret-secret' };
const principal = { userId: 'u', username: 'u', isAdmin: false, via: { kind: 'session' as const } };
const resolveKey = async (id: string) =>
  id === creds.accessKeyId ? { secretAccessKey: creds.secretAccessKey, principal } : undefined;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

async function signed(
  opts: { path?: string; query?: Record<string, string>; body?: string; date?: number; service?: string } = {},
): Promise<IncomingRequest> {
  const signer = new SignatureV4({
    credentials: creds,
    region: 'eu-west-1',
    service: opts.service ?? 'sagemaker',
    sha256: Hash.bind(null, 'sha256'),
  });
  const body = opts.body ?? '{"a":1}';
  const req = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: 'tessera.local',
      path: opts.path ?? '/',
      query: opts.query,
      headers: { host: 'tessera.local:8080', 'x-amz-target': 'SageMaker.ListDomains' },
      body,
    }),
    { signingDate: new Date(opts.date ?? NOW) },
  );
  const rawQuery = new URLSearchParams(opts.query ?? {}).toString();
  return { method: 'POST', rawPath: opts.path ?? '/', rawQuery, headers: req.headers, body: Buffer.from(body) };
}

const verify = (req: IncomingRequest, service = 'sagemaker') =>
  verifySigV4(req, {
    service,
    region: 'eu-west-1',
    mustSign: ['x-amz-target'],
    maxSkewSeconds: 900,
    resolveKey,
    now: () => NOW,
  });

describe('verifySigV4', () => {
  it('accepts what the AWS SDK signer signs, in any region, with paths and query strings', async () => {
    await expect(verify(await signed())).resolves.toMatchObject({ principal });
    await expect(
      verify(await signed({ path: '/endpoints/my%20model/invocations', query: { b: '2', a: 'x y' } })),
    ).resolves.toBeDefined();
  });

  it('rejects a changed header, path, query or body', async () => {
    const base = await signed({ query: { a: '1' } });
    await expect(
      verify({ ...base, headers: { ...base.headers, 'x-amz-target': 'SageMaker.DeleteDomain' } }),
    ).rejects.toMatchObject({ code: 'InvalidSignatureException', status: 403 });
    await expect(verify({ ...base, rawPath: '/other' })).rejects.toMatchObject({ code: 'InvalidSignatureException' });
    await expect(verify({ ...base, rawQuery: 'a=2' })).rejects.toMatchObject({ code: 'InvalidSignatureException' });
    await expect(verify({ ...base, body: Buffer.from('{"a":2}') })).rejects.toMatchObject({
      code: 'InvalidSignatureException',
    });
  });

  it('enforces the clock-skew window in both directions', async () => {
    await expect(verify(await signed({ date: NOW - 14 * 60_000 }))).resolves.toBeDefined();
    await expect(verify(await signed({ date: NOW - 16 * 60_000 }))).rejects.toMatchObject({
      message: expect.stringMatching(/^Signature expired/),
    });
    await expect(verify(await signed({ date: NOW + 16 * 60_000 }))).rejects.toMatchObject({
      message: expect.stringMatching(/^Signature not yet current/),
    });
  });

  it('refuses another region, and requests whose signature leaves the operation header out', async () => {
    const other = await signed();
    await expect(
      verifySigV4(other, {
        service: 'sagemaker',
        region: 'us-east-1',
        mustSign: [],
        maxSkewSeconds: 900,
        resolveKey,
        now: () => NOW,
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/valid region: this server is us-east-1/),
    });
    const signer = new SignatureV4({
      credentials: creds,
      region: 'eu-west-1',
      service: 'sagemaker',
      sha256: Hash.bind(null, 'sha256'),
    });
    const req = await signer.sign(
      new HttpRequest({ method: 'POST', hostname: 'h', path: '/', headers: { host: 'h' }, body: '{}' }),
      { signingDate: new Date(NOW) },
    );
    // X-Amz-Target added after signing: a replay could otherwise switch the operation.
    const replay = {
      method: 'POST',
      rawPath: '/',
      rawQuery: '',
      headers: { ...req.headers, 'x-amz-target': 'SageMaker.DeleteDomain' },
      body: Buffer.from('{}'),
    };
    await expect(verify(replay)).rejects.toMatchObject({
      message: expect.stringMatching(/must cover the 'x-amz-target' header/),
    });
  });

  it('distinguishes missing, malformed, unknown-key and wrong-service requests', async () => {
    const base = await signed();
    const { authorization: _a, ...noAuth } = base.headers;
    await expect(verify({ ...base, headers: noAuth })).rejects.toMatchObject({
      code: 'MissingAuthenticationTokenException',
      status: 403,
    });
    await expect(verify({ ...base, headers: { ...base.headers, authorization: 'Basic abc' } })).rejects.toMatchObject({
      code: 'IncompleteSignatureException',
      status: 400,
    });
    const unknown = String(base.headers.authorization).replace(creds.accessKeyId, 'TKIAUNKNOWN000000000');
    await expect(verify({ ...base, headers: { ...base.headers, authorization: unknown } })).rejects.toMatchObject({
      code: 'UnrecognizedClientException',
    });
    await expect(verify(await signed({ service: 's3' }))).rejects.toMatchObject({
      message: expect.stringMatching(/correct service/),
    });
  });
});

describe('verifySigV4 for S3 (streamed bodies, presigned URLs)', () => {
  const s3Signer = () =>
    new SignatureV4({
      credentials: creds,
      region: 'eu-west-1',
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: false,
      applyChecksum: false,
    });
  const s3Verify = (req: IncomingRequest, now = NOW) =>
    verifySigV4(req, {
      service: 's3',
      region: 'eu-west-1',
      mustSign: ['x-amz-content-sha256'],
      signAllAmzHeaders: true,
      allowPresigned: true,
      maxSkewSeconds: 900,
      resolveKey,
      now: () => now,
    });

  async function streamed(headers: Record<string, string>, path = '/bucket/some%20key/..%2Fx') {
    const req = await s3Signer().sign(
      new HttpRequest({ method: 'PUT', hostname: 'h', path, headers: { host: 'h:1', ...headers } }),
      { signingDate: new Date(NOW) },
    );
    return { method: 'PUT', rawPath: path, rawQuery: '', headers: req.headers } satisfies IncomingRequest;
  }

  it('verifies without the body, handing back the declared payload hash for the caller to check', async () => {
    const hex = 'a'.repeat(64);
    await expect(s3Verify(await streamed({ 'x-amz-content-sha256': hex }))).resolves.toMatchObject({
      payloadHash: hex,
      principal,
    });
    const chunked = await s3Verify(
      await streamed({
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
      }),
    );
    expect(chunked.payloadHash).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    // The path is signed as sent: no second escaping, no dot-segment normalisation.
    const req = await streamed({ 'x-amz-content-sha256': hex });
    await expect(s3Verify({ ...req, rawPath: '/bucket/some%20key/x' })).rejects.toMatchObject({
      code: 'InvalidSignatureException',
    });
  });

  it('insists on a signed x-amz-content-sha256 and on every x-amz-* header being signed', async () => {
    await expect(s3Verify(await streamed({}))).rejects.toMatchObject({
      message: /Missing required header for this request: x-amz-content-sha256/,
    });
    await expect(
      s3Verify(await streamed({ 'x-amz-content-sha256': 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD' })),
    ).rejects.toMatchObject({ message: /x-amz-content-sha256 must be/ });
    const req = await streamed({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    await expect(
      s3Verify({ ...req, headers: { ...req.headers, 'x-amz-copy-source': '/other/secret' } }),
    ).rejects.toMatchObject({ message: /not signed: x-amz-copy-source/ });
  });

  it('accepts a presigned URL until it expires, and only as signed', async () => {
    const path = '/bucket/report.csv';
    const presigned = await s3Signer().presign(
      new HttpRequest({
        method: 'GET',
        hostname: 'h',
        path,
        query: { 'response-content-type': 'text/csv' },
        headers: { host: 'h:1', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
      {
        signingDate: new Date(NOW),
        expiresIn: 600,
        unhoistableHeaders: new Set(['x-amz-content-sha256']),
        unsignableHeaders: new Set(['x-amz-content-sha256']),
      },
    );
    const rawQuery = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const req = { method: 'GET', rawPath: path, rawQuery, headers: { host: 'h:1' } };
    await expect(s3Verify(req, NOW + 599_000)).resolves.toMatchObject({ principal, payloadHash: 'UNSIGNED-PAYLOAD' });
    await expect(s3Verify(req, NOW + 601_000)).rejects.toMatchObject({ message: /Request has expired/ });
    await expect(s3Verify({ ...req, method: 'PUT' })).rejects.toMatchObject({ message: /does not match/ });
    await expect(s3Verify({ ...req, rawQuery: rawQuery.replace('text%2Fcsv', 'text%2Fhtml') })).rejects.toMatchObject({
      message: /does not match/,
    });
    await expect(
      s3Verify({ ...req, rawQuery: rawQuery.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000') }),
    ).rejects.toMatchObject({ message: /does not match/ });
    // Surfaces that do not allow presigning see no credentials at all.
    await expect(
      verifySigV4(req, {
        service: 's3',
        region: 'eu-west-1',
        mustSign: [],
        maxSkewSeconds: 900,
        resolveKey,
        now: () => NOW,
      }),
    ).rejects.toMatchObject({ code: 'MissingAuthenticationTokenException' });
  });
});
