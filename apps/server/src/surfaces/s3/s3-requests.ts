// Which requests on the server's one port are S3's. isS3Request decides before anything else
// runs, from the signature alone: SigV4 scoped to the service s3, or SigV2 (a presigned URL, or the
// header S3 then refuses). looksLikeS3 decides for a request that nothing of Tessera's own routed
// (app.ts's last handlers): one that reads as an S3 call, unsigned or signed wrongly, is answered
// by S3 with an XML error an S3 client can read, rather than with the web app's JSON 404.
import type { IncomingMessage } from 'node:http';
import { QSA_OF_INTEREST } from './sigv2.ts';
import { UNSUPPORTED_SUBRESOURCES } from './s3-subresources.ts';

const HEADER_SCOPE_RE = /^AWS4-HMAC-SHA256\s+Credential=[^\s,]*\/s3\/aws4_request\s*,/;
const SIGV2_HEADER_RE = /^AWS\s+[^\s:]+:/;
/** The service of a SigV4 credential (`<key>/<date>/<region>/<service>/aws4_request`), where one can be read. */
const HEADER_SERVICE_RE = /Credential=[^\s,/]*\/[^\s,/]*\/[^\s,/]*\/([^\s,/]+)\/aws4_request/;
const CREDENTIAL_SERVICE_RE = /^[^/]*\/[^/]*\/[^/]*\/([^/]+)\/aws4_request$/;

/** Query parameters only an AWS query-string signature carries. */
const AUTH_PARAMS = ['AWSAccessKeyId', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'];

/** S3's own query parameters (operations, listings, sub-resources, the AWS SDK's x-id). */
const S3_PARAMS = new Set([
  ...QSA_OF_INTEREST,
  ...UNSUPPORTED_SUBRESOURCES,
  'list-type',
  'continuation-token',
  'start-after',
  'max-keys',
  'encoding-type',
  'fetch-owner',
  'delimiter',
  'prefix',
  'marker',
  'max-parts',
  'part-number-marker',
  'Signature',
  'Expires',
  'x-id',
]);

/**
 * First path segments of Tessera's own pages and APIs: what goes wrong there keeps the web app's JSON
 * answer (a bucket of such a name is still S3's when a request for it is signed: isS3Request).
 */
const TESSERA_PATHS = new Set([
  'api',
  'auth',
  'console',
  'endpoints',
  'healthz',
  'invite',
  'jupyter',
  'login',
  'metrics',
  'reset',
  'share',
  'sso',
  'studio',
]);

function splitUrl(req: IncomingMessage): { rawPath: string; query: URLSearchParams } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return { rawPath: q < 0 ? url : url.slice(0, q), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) };
}

/**
 * True when the request is signed for S3: SigV4 scoped to the service `s3` (Authorization header or
 * presigned URL), a SigV2 presigned URL, or a SigV2 Authorization header (which S3 refuses).
 * S3 never sends X-Amz-Target: a request that does is an AWS JSON call signed for the wrong
 * service, and the JSON API explains that better than S3 could.
 */
export function isS3Request(req: IncomingMessage): boolean {
  if (req.headers['x-amz-target'] !== undefined) return false;
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string')
    return HEADER_SCOPE_RE.test(authorization) || SIGV2_HEADER_RE.test(authorization);
  const url = req.url ?? '';
  // Most requests carry neither parameter: skip parsing their query.
  if (!url.includes('X-Amz-Credential=') && !url.includes('AWSAccessKeyId=')) return false;
  const { query } = splitUrl(req);
  const credential = query.get('X-Amz-Credential');
  if (credential !== null) return credential.endsWith('/s3/aws4_request');
  return query.has('AWSAccessKeyId') && query.has('Signature') && query.has('Expires');
}

/**
 * For a request nothing else routed: true when it reads as an S3 call. Its path is not Tessera's
 * own, it is signed for no other AWS service, and it has an AWS signature S3 could not read, an
 * x-amz-* header (or asks a CORS preflight for one), or S3's query parameters.
 */
export function looksLikeS3(req: IncomingMessage): boolean {
  const { headers } = req;
  const { rawPath, query } = splitUrl(req);
  if (headers['x-amz-target'] !== undefined || TESSERA_PATHS.has(rawPath.split('/')[1] ?? '')) return false;
  const authorization = headers.authorization ?? '';
  const service =
    HEADER_SERVICE_RE.exec(authorization)?.[1] ?? CREDENTIAL_SERVICE_RE.exec(query.get('X-Amz-Credential') ?? '')?.[1];
  if (service !== undefined && service !== 's3') return false;
  if (/^AWS/.test(authorization)) return true;
  if (AUTH_PARAMS.some((name) => query.has(name))) return true;
  if (Object.keys(headers).some((name) => name.startsWith('x-amz-'))) return true;
  if (/(^|[\s,])x-amz-/i.test(String(headers['access-control-request-headers'] ?? ''))) return true;
  return [...query.keys()].some((name) => S3_PARAMS.has(name) || name.startsWith('response-'));
}
