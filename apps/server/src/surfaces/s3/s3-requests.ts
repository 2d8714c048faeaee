// Which requests on the server's one port are S3's. isS3Request decides before anything else
// runs, from the signature alone: SigV4 scoped to the service s3, or SigV2 (a presigned URL, or the
// header S3 then refuses).
import type { IncomingMessage } from 'node:http';

const HEADER_SCOPE_RE = /^AWS4-HMAC-SHA256\s+Credential=[^\s,]*\/s3\/aws4_request\s*,/;
const SIGV2_HEADER_RE = /^AWS\s+[^\s:]+:/;

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
