// S3's query-string authentication of Signature Version 2: the presigned URLs boto3 makes by default
// (`?AWSAccessKeyId=…&Signature=…&Expires=<epoch seconds>`). What is signed is read off botocore's own
// signer (HmacV1Auth / HmacV1QueryAuth in botocore/auth.py), since that is what clients sign with:
//
//   METHOD \n Content-MD5 \n Content-Type \n Expires \n [x-amz-name:value \n …] Resource
//
// HMAC-SHA1 with the secret, base64. botocore moves the headers it signed into the query
// (Content-Type, Content-MD5 and every x-amz-*, the session token included), so each is taken from
// the header when one was sent and from the query otherwise. The resource is the path exactly as
// sent (or the forms botocore signs instead: resourcePaths) plus the sub-resources botocore signs
// (QSA_OF_INTEREST), values decoded. SigV2 signs no payload: a body takes the UNSIGNED-PAYLOAD
// path, or is checked against an x-amz-content-sha256 that the signature covered. Header-signed
// SigV2 (`Authorization: AWS …`) is not accepted (s3-auth.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChunkSigner, IncomingRequest, KeyLookup, Verified } from '../aws/sigv4.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';

/** botocore.auth.HmacV1Auth.QSAOfInterest: the query parameters that are part of the signed resource. */
export const QSA_OF_INTEREST = new Set([
  'accelerate',
  'acl',
  'cors',
  'defaultObjectAcl',
  'location',
  'logging',
  'partNumber',
  'policy',
  'requestPayment',
  'torrent',
  'versioning',
  'versionId',
  'versions',
  'website',
  'uploads',
  'uploadId',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'delete',
  'lifecycle',
  'tagging',
  'restore',
  'storageClass',
  'notification',
  'replication',
  'analytics',
  'metrics',
  'inventory',
  'select',
  'select-type',
  'object-lock',
]);

/** As long as a SigV4 presigned URL may live (X-Amz-Expires); SigV2 has no limit of its own. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

export interface SigV2Options {
  /** As VerifyOptions.resolveKey: the session token is the request's x-amz-security-token. */
  resolveKey(accessKeyId: string, sessionToken: string | undefined): Promise<KeyLookup>;
  /** Slack on the 7-day cap, for a client whose clock runs ahead of ours. */
  maxSkewSeconds: number;
  now?: () => number;
}

/** A presigned URL says which mechanism it uses by its parameters. */
export const isSigV2Query = (query: URLSearchParams) => query.has('AWSAccessKeyId') || query.has('Signature');

/** Python's urllib.parse.unquote (which botocore applies to sub-resource values): bad escapes stay as they are. */
function unquote(value: string): string {
  return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** The signed resource: the path as sent, then the sub-resources botocore signs, sorted by name. */
export function canonicalResource(rawPath: string, rawQuery: string): string {
  const subresources = rawQuery
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { name: pair } : { name: pair.slice(0, eq), value: unquote(pair.slice(eq + 1)) };
    })
    .filter((p) => QSA_OF_INTEREST.has(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => (p.value === undefined ? p.name : `${p.name}=${p.value}`));
  return subresources.length ? `${rawPath}?${subresources.join('&')}` : rawPath;
}

/** The headers botocore moved into the query: Content-Type, Content-MD5 and x-amz-*, by lower-case name. */
export function queryHeaders(query: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-') && lower !== 'content-type' && lower !== 'content-md5') continue;
    const prev = out.get(lower);
    out.set(lower, prev === undefined ? value.trim() : `${prev},${value.trim()}`);
  }
  return out;
}

/** What the request carries as signed headers: each header as sent, else its value from the query. */
function signedValues(req: IncomingRequest, query: URLSearchParams): Map<string, string> {
  const out = queryHeaders(query);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (!name.startsWith('x-amz-') && name !== 'content-type' && name !== 'content-md5') continue;
    out.set(name, (Array.isArray(value) ? value : [value]).map((v) => v.trim()).join(','));
  }
  return out;
}

/** `resourcePath` stands for the path as sent where a client signs another form of it (see resourcePaths). */
export function stringToSignV2(req: IncomingRequest, expires: string, resourcePath = req.rawPath): string {
  const values = signedValues(req, new URLSearchParams(req.rawQuery));
  const amz = [...values.keys()]
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map((name) => `${name}:${values.get(name)}\n`)
    .join('');
  return (
    `${req.method.toUpperCase()}\n${values.get('content-md5') ?? ''}\n${values.get('content-type') ?? ''}\n` +
    `${expires}\n${amz}${canonicalResource(resourcePath, req.rawQuery)}`
  );
}

/** The query S3's service model writes into an operation's URI (`/{Bucket}?list-type=2`), for those Tessera serves. */
const MODEL_QUERIES = new Set(['list-type=2', 'location', 'uploads', 'delete']);

/**
 * The paths a client may have signed: the one sent; for a bucket (`/bucket`) also `/bucket/`, which
 * botocore signs there (its authPath) while its URL leaves the slash out; and, where the URL starts
 * with a query of the service model, the path with that query, which botocore 1.29 (Debian 12's)
 * signs as part of the path (`/bucket?list-type=2`, `/bucket/key?uploads?uploads`).
 */
function resourcePaths(rawPath: string, rawQuery: string): string[] {
  const paths = /^\/[^/]+$/.test(rawPath) ? [`${rawPath}/`, rawPath] : [rawPath];
  const first = rawQuery.split('&', 1)[0]!;
  if (MODEL_QUERIES.has(first)) paths.push(`${rawPath}?${first}`);
  return paths;
}

export const signV2 = (secretAccessKey: string, stringToSign: string) =>
  createHmac('sha1', secretAccessKey).update(stringToSign, 'utf8').digest('base64');

/** SigV2 has no chunk signatures: a body that claims them is refused before it is read (see payloadHashOf). */
const NO_CHUNK_SIGNATURES: ChunkSigner = {
  seedSignature: '',
  chunk: () => Promise.reject(s3Error('InvalidRequest', 'Chunk signatures need Signature Version 4')),
  trailer: () => Promise.reject(s3Error('InvalidRequest', 'Chunk signatures need Signature Version 4')),
};

/** The body's hash as the signed x-amz-content-sha256 declares it; none declared is UNSIGNED-PAYLOAD. */
function payloadHashOf(declared: string | undefined): string {
  if (declared === undefined) return 'UNSIGNED-PAYLOAD';
  if (/^(?:[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-UNSIGNED-PAYLOAD-TRAILER)$/.test(declared)) return declared;
  throw s3Error(
    'InvalidRequest',
    `x-amz-content-sha256 "${declared}" is not accepted with Signature Version 2: send a hex SHA-256, ` +
      'UNSIGNED-PAYLOAD, or sign with Signature Version 4',
  );
}

export async function verifySigV2(req: IncomingRequest, opts: SigV2Options): Promise<Verified> {
  const query = new URLSearchParams(req.rawQuery);
  const one = (name: string) => {
    const all = query.getAll(name);
    return all.length === 1 ? all[0] : undefined;
  };
  const accessKeyId = one('AWSAccessKeyId');
  // Base64 has no spaces: a "+" sent unescaped arrives as one.
  const signature = one('Signature')?.replace(/ /g, '+');
  const expiresRaw = one('Expires');
  if (!accessKeyId || !signature || expiresRaw === undefined) {
    throw s3Error(
      'AccessDenied',
      'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters (once each)',
    );
  }
  if (!/^\d{1,12}$/.test(expiresRaw))
    throw s3Error('AccessDenied', `Invalid date (should be seconds since epoch): ${expiresRaw}`);
  const expiresMs = Number(expiresRaw) * 1000;
  const now = (opts.now ?? Date.now)();
  if (now > expiresMs) {
    throw s3Error('AccessDenied', 'Request has expired', {
      Expires: new Date(expiresMs).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  if (expiresMs > now + (MAX_PRESIGNED_SECONDS + opts.maxSkewSeconds) * 1000) {
    throw s3Error(
      'AuthorizationQueryParametersError',
      `Expires must be at most ${MAX_PRESIGNED_SECONDS} seconds (7 days) from now, as X-Amz-Expires must ` +
        `for Signature Version 4: presign for a shorter time`,
    );
  }

  const values = signedValues(req, query);
  const payloadHash = payloadHashOf(values.get('x-amz-content-sha256'));
  const sessionToken = values.get('x-amz-security-token');
  const resolved = await opts.resolveKey(accessKeyId, sessionToken);
  if (resolved === 'expired') throw s3Error('ExpiredToken', 'The provided token has expired.');
  if (!resolved) {
    throw sessionToken === undefined
      ? s3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
          AWSAccessKeyId: accessKeyId,
        })
      : s3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }

  const provided = Buffer.from(signature);
  const strings = resourcePaths(req.rawPath, req.rawQuery).map((path) => stringToSignV2(req, expiresRaw, path));
  const matches = strings.map((stringToSign) => {
    const expected = Buffer.from(signV2(resolved.secretAccessKey, stringToSign));
    return expected.length === provided.length && timingSafeEqual(expected, provided);
  });
  if (!matches.includes(true)) {
    throw s3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your key and signing method.',
      { AWSAccessKeyId: accessKeyId, StringToSign: strings[0]!, SignatureProvided: signature },
    );
  }
  return { ...resolved, payloadHash, chunkSigner: NO_CHUNK_SIGNATURES };
}
