// Verifies AWS Signature Version 4 on incoming requests by signing them again with the AWS SDK's
// own signer (@smithy/signature-v4) and comparing signatures — no hand-rolled canonicalisation.
// Error codes and statuses are those the AWS SDKs recognise (they retry clock-skew errors after
// correcting their clock from our Date header); each surface names its own (S3 differs from JSON).
//
// S3 bodies can be gigabytes, so they are not buffered: without `body`, the signature is checked
// against the declared x-amz-content-sha256 and the caller checks the bytes as they stream
// (surfaces/s3/request-body.ts). Presigned URLs (the signature in the query string) are accepted
// where the surface allows them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { SageMakerErrorCode } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';
import type { ResolvedKey } from '../../platform/identity/access-keys.ts';

export interface IncomingRequest {
  method: string;
  /** The path exactly as it arrived (still percent-encoded), without the query. */
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  /** Omitted for streamed bodies: the declared x-amz-content-sha256 is signed instead, and checked by the caller. */
  body?: Buffer;
}

/** The request as SigV4 reads it: the path and query exactly as they arrived, split at the first '?'. */
export function incomingRequest(
  req: { method?: string; url?: string; headers: IncomingRequest['headers'] },
  body?: Buffer,
): IncomingRequest {
  const url = req.url ?? '/';
  const qs = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: qs < 0 ? url : url.slice(0, qs),
    rawQuery: qs < 0 ? '' : url.slice(qs + 1),
    headers: req.headers,
    ...(body ? { body } : {}),
  };
}

/** Why a request was refused; each surface maps these to its own error codes. */
export type SigV4Failure =
  | 'missing'
  | 'malformed'
  | 'scope'
  | 'unsignedHeader'
  | 'skew'
  | 'expired'
  | 'unknownKey'
  | 'invalidToken'
  | 'expiredToken'
  | 'mismatch'
  | 'payloadHash'
  | 'payloadHashMissing';

export type SigV4Codes = Record<SigV4Failure, { code: string; status: number }>;

/** The SageMaker JSON surfaces' codes (the default). */
export const JSON_SIGV4_CODES: SigV4Codes = {
  missing: { code: SageMakerErrorCode.MissingAuthenticationToken, status: 403 },
  malformed: { code: SageMakerErrorCode.IncompleteSignature, status: 400 },
  scope: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  unsignedHeader: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  skew: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  expired: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  unknownKey: { code: SageMakerErrorCode.UnrecognizedClient, status: 403 },
  invalidToken: { code: SageMakerErrorCode.UnrecognizedClient, status: 403 },
  expiredToken: { code: SageMakerErrorCode.ExpiredToken, status: 400 },
  mismatch: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  payloadHash: { code: SageMakerErrorCode.InvalidSignature, status: 403 },
  payloadHashMissing: { code: SageMakerErrorCode.IncompleteSignature, status: 400 },
};

/**
 * Signs what a client should have signed for each chunk of an aws-chunked body
 * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).
 */
export interface ChunkSigner {
  /** The request's own signature: the first chunk's "previous signature". */
  seedSignature: string;
  /** `dataSha256`: the chunk's SHA-256 in hex (hashed as it streams, so chunks are never held whole). */
  chunk(previousSignature: string, dataSha256: string): Promise<string>;
  /** The trailer's signature over its canonical form (`name:value\n` per trailing header). */
  trailer(previousSignature: string, canonicalTrailer: string): Promise<string>;
}

/** What a key lookup finds: the key, nothing, or temporary credentials whose time is up. */
export type KeyLookup = ResolvedKey | undefined | 'expired';

export interface Verified extends ResolvedKey {
  /** Without `body`: what the body must hash to (64 hex), or UNSIGNED-PAYLOAD / a STREAMING-* form. */
  payloadHash?: string;
  chunkSigner: ChunkSigner;
}

export interface VerifyOptions {
  service: string;
  /** The server's region: credentials scoped to another are refused, as AWS does. */
  region: string;
  /** Headers that, when present, must be covered by the signature (e.g. x-amz-target, which picks the operation). */
  mustSign: string[];
  maxSkewSeconds: number;
  /**
   * The key's secret and principal; `sessionToken` is the request's X-Amz-Security-Token (temporary
   * credentials carry one). Undefined: no such key, or a token that does not belong to it.
   */
  resolveKey(accessKeyId: string, sessionToken: string | undefined): Promise<KeyLookup>;
  now?: () => number;
  /** Error codes for this surface; JSON_SIGV4_CODES when omitted. */
  codes?: SigV4Codes;
  /** S3's rule: every x-amz-* header sent must be signed (so none can be added in transit). */
  signAllAmzHeaders?: boolean;
  /** Accept query-string signatures (presigned URLs, X-Amz-Signature). */
  allowPresigned?: boolean;
}

const AUTH_RE = new RegExp(
  '^AWS4-HMAC-SHA256 Credential=([^/,\\s]+)\\/(\\d{8})\\/([^/,\\s]+)\\/([^/,\\s]+)\\/aws4_request,' +
    '\\s*SignedHeaders=([a-z0-9;_.-]+),\\s*Signature=([0-9a-f]{64})$',
);
const CREDENTIAL_RE = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/;
const SIGNED_HEADERS_RE = /^[a-z0-9;_.-]+$/;
/** The declared payload hashes a streamed body may carry (SigV4a's ECDSA forms are not supported). */
export const PAYLOAD_HASH_RE = new RegExp(
  '^(?:[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-UNSIGNED-PAYLOAD-TRAILER|' +
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD(?:-TRAILER)?)$',
);
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

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

/**
 * The SDK's signer, with one addition for the hot path of verification: the canonical request of
 * a header-signed request, built by the signer's own canonicalisation (headers, path, query), so
 * that hashing and the HMAC can be done synchronously with a cached signing key. `sign()` itself
 * awaits several async hashes per call and HMACs the secret on every call to key its cache, which
 * made SigV4 the largest cost of a proxied InvokeEndpoint (bench/README.md).
 */
class VerifyingSigner extends SignatureV4 {
  canonicalRequest(request: HttpRequest, signedHeaders: string[], payloadHash: string): string {
    return this.createCanonicalRequest(
      request,
      getCanonicalHeaders(request, new Set(), new Set(signedHeaders)),
      payloadHash,
    );
  }
}

const signingKeys = new Map<string, Promise<Uint8Array>>();
/** The SDK's key derivation, cached per secret and scope (it changes once a day). */
function signingKeyFor(
  accessKeyId: string,
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Promise<Uint8Array> {
  const key = `${secretAccessKey}\0${shortDate}\0${region}\0${service}`;
  let derived = signingKeys.get(key);
  if (!derived) {
    if (signingKeys.size > 1000) signingKeys.clear();
    derived = getSigningKey(Hash.bind(null, 'sha256'), { accessKeyId, secretAccessKey }, shortDate, region, service);
    signingKeys.set(key, derived);
  }
  return derived;
}

const signers = new Map<string, VerifyingSigner>();
function signerFor(accessKeyId: string, secretAccessKey: string, region: string, service: string): VerifyingSigner {
  const key = `${accessKeyId}\0${region}\0${service}\0${secretAccessKey}`;
  let signer = signers.get(key);
  if (!signer) {
    if (signers.size > 1000) signers.clear();
    signer = new VerifyingSigner({
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

/** What a request claims, from its Authorization header or its presigned query string. */
interface Claim {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaderList: string;
  signature: string;
  amzDate: string;
  /** Seconds a presigned URL stays valid; undefined for header signatures. */
  expires?: number;
}

function claimFromHeader(authorization: string, req: IncomingRequest, fail: Fail): Claim {
  const m = AUTH_RE.exec(authorization);
  if (!m) {
    throw fail(
      'malformed',
      'Authorization header must be "AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, ' +
        'SignedHeaders=<headers>, Signature=<hex>"',
    );
  }
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    scopeDate: scopeDate!,
    region: region!,
    service: service!,
    signedHeaderList: signedHeaderList!,
    signature: signature!,
    amzDate: header(req.headers, 'x-amz-date') ?? '',
  };
}

function claimFromQuery(query: Record<string, string | string[]>, fail: Fail): Claim {
  const one = (name: string) => {
    const v = query[name];
    return typeof v === 'string' ? v : undefined;
  };
  if (one('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    throw fail('malformed', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256');
  const credential = CREDENTIAL_RE.exec(one('X-Amz-Credential') ?? '');
  const signedHeaderList = one('X-Amz-SignedHeaders') ?? '';
  const signature = one('X-Amz-Signature') ?? '';
  const expiresRaw = one('X-Amz-Expires') ?? '';
  const expires = /^\d{1,7}$/.test(expiresRaw) ? Number(expiresRaw) : Number.NaN;
  if (!credential || !SIGNED_HEADERS_RE.test(signedHeaderList) || !/^[0-9a-f]{64}$/.test(signature)) {
    throw fail(
      'malformed',
      'A presigned URL needs X-Amz-Credential=<key>/<date>/<region>/<service>/aws4_request, X-Amz-SignedHeaders, ' +
        'X-Amz-Signature (hex) and X-Amz-Date',
    );
  }
  if (!(expires >= 1 && expires <= MAX_PRESIGNED_SECONDS))
    throw fail('malformed', `X-Amz-Expires must be between 1 and ${MAX_PRESIGNED_SECONDS} seconds`);
  const [, accessKeyId, scopeDate, region, service] = credential as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    scopeDate: scopeDate!,
    region: region!,
    service: service!,
    signedHeaderList,
    signature,
    amzDate: one('X-Amz-Date') ?? '',
    expires,
  };
}

type Fail = (kind: SigV4Failure, message: string) => ApiError;

export async function verifySigV4(req: IncomingRequest, opts: VerifyOptions): Promise<Verified> {
  const codes = opts.codes ?? JSON_SIGV4_CODES;
  const fail: Fail = (kind, message) => new ApiError(codes[kind].code, message, codes[kind].status);
  const authorization = header(req.headers, 'authorization');
  const query = parseQuery(req.rawQuery);
  const presigned = !authorization && opts.allowPresigned === true && query['X-Amz-Signature'] !== undefined;
  if (!authorization && !presigned) {
    throw fail(
      'missing',
      'Missing Authentication Token: sign the request with an access key (AWS Signature Version 4)',
    );
  }
  const claim = presigned ? claimFromQuery(query, fail) : claimFromHeader(authorization!, req, fail);
  const { accessKeyId, scopeDate, region, service, signedHeaderList, signature, amzDate } = claim;
  if (service !== opts.service) {
    throw fail('scope', `Credential should be scoped to correct service: '${opts.service}'`);
  }
  if (region !== opts.region) {
    throw fail(
      'scope',
      `Credential should be scoped to a valid region: this server is ${opts.region} (TESSERA_REGION), ` +
        `the request was signed for ${region}`,
    );
  }
  const signedHeaders = signedHeaderList.split(';');
  for (const name of ['host', ...(presigned ? [] : ['x-amz-date']), ...opts.mustSign]) {
    if (
      (name === 'host' || name === 'x-amz-date' || req.headers[name] !== undefined) &&
      !signedHeaders.includes(name)
    ) {
      throw fail('unsignedHeader', `The signature must cover the '${name}' header (SignedHeaders=${signedHeaderList})`);
    }
  }
  if (opts.signAllAmzHeaders) {
    const unsigned = Object.keys(req.headers).filter(
      (name) => name.startsWith('x-amz-') && !signedHeaders.includes(name),
    );
    if (unsigned.length)
      throw fail(
        'unsignedHeader',
        `There were headers present in the request which were not signed: ${unsigned.join(', ')}`,
      );
  }

  const signingTime = parseAmzDate(amzDate);
  if (Number.isNaN(signingTime)) throw fail('malformed', 'Request must carry an X-Amz-Date header (YYYYMMDDTHHMMSSZ)');
  if (new Date(signingTime).toISOString().slice(0, 10).replace(/-/g, '') !== scopeDate) {
    throw fail('scope', `Credential date ${scopeDate} does not match the request date`);
  }
  const now = (opts.now ?? Date.now)();
  const skew = opts.maxSkewSeconds * 1000;
  if (claim.expires !== undefined) {
    // A presigned URL is valid from its signing time for X-Amz-Expires seconds (a small skew allowed before).
    if (now > signingTime + claim.expires * 1000)
      throw fail('expired', `Request has expired: the URL was signed at ${amzDate} for ${claim.expires} seconds`);
    if (signingTime > now + skew) throw fail('skew', `Request is not yet valid: it was signed for ${amzDate}`);
  } else if (signingTime < now - skew) {
    throw fail(
      'skew',
      `Signature expired: ${amzDate} is now earlier than ${new Date(now - skew).toISOString()} ` +
        `(now - ${opts.maxSkewSeconds / 60} min.)`,
    );
  } else if (signingTime > now + skew) {
    throw fail(
      'skew',
      `Signature not yet current: ${amzDate} is still later than ${new Date(now + skew).toISOString()} ` +
        `(now + ${opts.maxSkewSeconds / 60} min.)`,
    );
  }

  // Presigned URLs sign no payload. Otherwise a declared hash is checked against a buffered body
  // here, or handed back for the caller to check while the body streams.
  const declaredHash = presigned ? 'UNSIGNED-PAYLOAD' : header(req.headers, 'x-amz-content-sha256');
  if (req.body === undefined) {
    if (declaredHash === undefined)
      throw fail('payloadHashMissing', 'Missing required header for this request: x-amz-content-sha256');
    if (!PAYLOAD_HASH_RE.test(declaredHash))
      throw fail(
        'payloadHashMissing',
        'x-amz-content-sha256 must be a hex SHA-256, UNSIGNED-PAYLOAD or a supported STREAMING-* value, ' +
          `got "${declaredHash}"`,
      );
  } else if (declaredHash !== undefined && declaredHash !== sha256Hex(req.body)) {
    throw fail('payloadHash', 'The x-amz-content-sha256 header does not match the SHA-256 of the request body');
  }

  // Temporary credentials sign their session token too: a header that must be signed, or a query
  // parameter (which a presigned URL's signature covers with the rest of the query).
  const sessionToken = presigned
    ? typeof query['X-Amz-Security-Token'] === 'string'
      ? query['X-Amz-Security-Token']
      : undefined
    : header(req.headers, 'x-amz-security-token');
  if (!presigned && sessionToken !== undefined && !signedHeaders.includes('x-amz-security-token'))
    throw fail('unsignedHeader', "The signature must cover the 'x-amz-security-token' header");
  const resolved = await opts.resolveKey(accessKeyId, sessionToken);
  if (resolved === 'expired') throw fail('expiredToken', 'The security token included in the request is expired');
  if (!resolved) {
    throw sessionToken === undefined
      ? fail('unknownKey', 'The security token included in the request is invalid: unknown or revoked access key')
      : fail('invalidToken', 'The security token included in the request is invalid');
  }

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = header(req.headers, name) ?? '';
  const signer = signerFor(accessKeyId, resolved.secretAccessKey, region, service);
  const signingDate = new Date(signingTime);
  let expected: string;
  let expectedHeaders: string | undefined;
  if (presigned) {
    // Signed again the way the client presigned: the query minus the signature, the signed
    // headers kept as headers (never hoisted into the query), and S3's UNSIGNED-PAYLOAD.
    const { 'X-Amz-Signature': _signature, ...rest } = query;
    const unsignedPayload = !signedHeaders.includes('x-amz-content-sha256');
    const request = new HttpRequest({
      method: req.method,
      hostname: headers.host ?? '',
      path: req.rawPath,
      query: rest,
      headers: unsignedPayload ? { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : headers,
    });
    const signed = await signer.presign(request, {
      signingDate,
      expiresIn: claim.expires,
      signableHeaders: new Set(signedHeaders),
      unsignableHeaders: new Set(unsignedPayload ? ['x-amz-content-sha256'] : []),
      unhoistableHeaders: new Set(Object.keys(request.headers)),
    });
    expected = String(signed.query?.['X-Amz-Signature'] ?? '');
    expectedHeaders = String(signed.query?.['X-Amz-SignedHeaders'] ?? '');
  } else {
    const request = new HttpRequest({
      method: req.method,
      hostname: headers.host ?? '',
      path: req.rawPath,
      query,
      headers,
      body: req.body,
    });
    // The payload hash as the SDK's getPayloadHash takes it: the signed x-amz-content-sha256, or
    // the body's SHA-256.
    const payloadHash = headers['x-amz-content-sha256'] ?? sha256Hex(req.body ?? Buffer.alloc(0));
    const canonical = signer.canonicalRequest(request, signedHeaders, payloadHash);
    const stringToSign =
      `AWS4-HMAC-SHA256\n${amzDate}\n${scopeDate}/${region}/${service}/aws4_request\n` + `${sha256Hex(canonical)}`;
    const signingKey = await signingKeyFor(accessKeyId, resolved.secretAccessKey, scopeDate, region, service);
    expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
    expectedHeaders = canonical.split('\n').at(-2);
  }
  if (
    expectedHeaders !== signedHeaderList ||
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    throw fail(
      'mismatch',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method.',
    );
  }
  return {
    ...resolved,
    ...(req.body === undefined ? { payloadHash: declaredHash } : {}),
    chunkSigner: chunkSigner(signer, signature, signingDate, amzDate, `${scopeDate}/${region}/${service}/aws4_request`),
  };
}

/**
 * Chunk signatures chain from the request's signature (S3's "signature calculations for
 * streaming uploads"). Only the strings to sign are built here; key derivation and HMAC are the
 * SDK signer's. A chunk's string hashes empty headers then the data, as the SDK's signEvent does.
 */
function chunkSigner(
  signer: SignatureV4,
  seedSignature: string,
  signingDate: Date,
  amzDate: string,
  scope: string,
): ChunkSigner {
  const sign = (lines: string[]) => signer.sign(lines.join('\n'), { signingDate });
  return {
    seedSignature,
    chunk: (prior, dataSha256) => sign(['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, prior, EMPTY_SHA256, dataSha256]),
    trailer: (prior, canonicalTrailer) =>
      sign(['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, prior, sha256Hex(canonicalTrailer)]),
  };
}
