// Verifies AWS Signature Version 4 on incoming requests by signing them again with the AWS SDK's
// own signer (@smithy/signature-v4) and comparing signatures — no hand-rolled canonicalisation.
// Error codes and statuses are those the AWS SDKs recognise (they retry clock-skew errors after
// correcting their clock from our Date header).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { SageMakerErrorCode } from '@tessera/contracts';
import { ApiError } from '../errors.ts';
import type { ResolvedKey } from '../identity/access-keys.ts';

export interface IncomingRequest {
  method: string;
  /** The path exactly as it arrived (still percent-encoded), without the query. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface VerifyOptions {
  service: string;
  /** The server's region: credentials scoped to another are refused, as AWS does. */
  region: string;
  /** Headers that, when present, must be covered by the signature (e.g. x-amz-target, which picks the operation). */
  mustSign: string[];
  maxSkewSeconds: number;
  resolveKey(accessKeyId: string): Promise<ResolvedKey | undefined>;
  now?: () => number;
}

const AUTH_RE = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

const fail = (code: string, message: string, status = 403) => new ApiError(code, message, status);

function header(headers: IncomingRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** `20261127T010203Z` → epoch ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const signers = new Map<string, SignatureV4>();
function signerFor(accessKeyId: string, secretAccessKey: string, region: string, service: string): SignatureV4 {
  const key = `${accessKeyId}\0${region}\0${service}\0${secretAccessKey}`;
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size > 1000) signers.clear();
    signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region,
      service,
      sha256: Hash.bind(null, 'sha256'),
      uriEscapePath: service !== 's3', // S3 signs the path as sent; every other service escapes it again
      applyChecksum: false,
    });
    signers.set(key, signer);
  }
  return signer;
}

function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export async function verifySigV4(req: IncomingRequest, opts: VerifyOptions): Promise<ResolvedKey> {
  const authorization = header(req.headers, 'authorization');
  if (!authorization) {
    throw fail(SageMakerErrorCode.MissingAuthenticationToken, 'Missing Authentication Token: sign the request with an access key (AWS Signature Version 4)');
  }
  const m = AUTH_RE.exec(authorization);
  if (!m) {
    throw fail(
      SageMakerErrorCode.IncompleteSignature,
      'Authorization header must be "AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=<headers>, Signature=<hex>"',
      400,
    );
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[];
  if (service !== opts.service) {
    throw fail(SageMakerErrorCode.InvalidSignature, `Credential should be scoped to correct service: '${opts.service}'`);
  }
  if (region !== opts.region) {
    throw fail(SageMakerErrorCode.InvalidSignature, `Credential should be scoped to a valid region: this server is ${opts.region} (TESSERA_REGION), the request was signed for ${region}`);
  }
  const signedHeaders = signedHeaderList!.split(';');
  for (const name of ['host', 'x-amz-date', ...opts.mustSign]) {
    if ((name === 'host' || name === 'x-amz-date' || req.headers[name] !== undefined) && !signedHeaders.includes(name)) {
      throw fail(SageMakerErrorCode.InvalidSignature, `The signature must cover the '${name}' header (SignedHeaders=${signedHeaderList})`);
    }
  }

  const amzDate = header(req.headers, 'x-amz-date') ?? '';
  const signingTime = parseAmzDate(amzDate);
  if (Number.isNaN(signingTime)) throw fail(SageMakerErrorCode.IncompleteSignature, 'Request must carry an X-Amz-Date header (YYYYMMDDTHHMMSSZ)', 400);
  if (new Date(signingTime).toISOString().slice(0, 10).replace(/-/g, '') !== scopeDate) {
    throw fail(SageMakerErrorCode.InvalidSignature, `Credential date ${scopeDate} does not match the request date`);
  }
  const now = (opts.now ?? Date.now)();
  const skew = opts.maxSkewSeconds * 1000;
  if (signingTime < now - skew) {
    throw fail(SageMakerErrorCode.InvalidSignature, `Signature expired: ${amzDate} is now earlier than ${new Date(now - skew).toISOString()} (now - ${opts.maxSkewSeconds / 60} min.)`);
  }
  if (signingTime > now + skew) {
    throw fail(SageMakerErrorCode.InvalidSignature, `Signature not yet current: ${amzDate} is still later than ${new Date(now + skew).toISOString()} (now + ${opts.maxSkewSeconds / 60} min.)`);
  }

  // Only a declared hash needs checking here; the signer hashes the body itself for the signature.
  const declaredHash = header(req.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(req.body).digest('hex')) {
    throw fail(SageMakerErrorCode.InvalidSignature, 'The x-amz-content-sha256 header does not match the SHA-256 of the request body');
  }

  const resolved = await opts.resolveKey(accessKeyId!);
  if (!resolved) throw fail(SageMakerErrorCode.UnrecognizedClient, 'The security token included in the request is invalid: unknown or revoked access key');

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = header(req.headers, name) ?? '';
  const request = new HttpRequest({
    method: req.method,
    hostname: headers.host ?? '',
    path: req.rawPath,
    query: parseQuery(req.rawQuery),
    headers,
    body: req.body,
  });
  const signed = await signerFor(accessKeyId!, resolved.secretAccessKey, region!, service!).sign(request, {
    signingDate: new Date(signingTime),
    signableHeaders: new Set(signedHeaders),
    unsignableHeaders: new Set(),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+)/.exec(String(signed.headers.authorization))?.[1];
  if (
    expectedHeaders !== signedHeaderList ||
    expected.length !== signature!.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature!))
  ) {
    throw fail(
      SageMakerErrorCode.InvalidSignature,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return resolved;
}
