// How an S3 request proves who sent it: Signature Version 4 in the Authorization header or a presigned
// query (aws/sigv4.ts), or a presigned URL of Signature Version 2 (sigv2.ts), which boto3 makes by
// default. Header-signed SigV2 is refused in S3's own words for regions that take only SigV4.
import type { IncomingMessage } from 'node:http';
import { verifySigV4, type IncomingRequest, type Verified } from '../aws/sigv4.ts';
import type { Services } from '../../resources/services.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';
import { S3_SIGV4_CODES } from './sigv4-codes.ts';
import { isSigV2Query, queryHeaders, verifySigV2 } from './sigv2.ts';

export type S3AuthKind = 'sigv4' | 'sigv2-query' | 'sigv2-header' | 'mixed';

const SIGV2_HEADER_RE = /^AWS\s+[^\s:]+:/;

export function authKind(headers: IncomingMessage['headers'], query: URLSearchParams): S3AuthKind {
  const authorization = headers.authorization;
  if (authorization !== undefined && SIGV2_HEADER_RE.test(authorization)) return 'sigv2-header';
  if (!isSigV2Query(query)) return 'sigv4';
  return authorization !== undefined || query.has('X-Amz-Signature') || query.has('X-Amz-Credential')
    ? 'mixed'
    : 'sigv2-query';
}

/**
 * botocore moves what it signed into a SigV2 URL's query (Content-Type, x-amz-meta-*, even
 * x-amz-copy-source): those apply as the headers the signer meant, unless the request sends its own.
 * Called before routing, which reads x-amz-copy-source; sigv2.ts verifies both places alike.
 */
export function applyQueryHeaders(req: IncomingMessage, query: URLSearchParams): void {
  for (const [name, value] of queryHeaders(query)) if (req.headers[name] === undefined) req.headers[name] = value;
}

export async function authenticate(
  kind: S3AuthKind,
  req: IncomingRequest,
  deps: Pick<Services, 'config' | 'accessKeys'>,
): Promise<Verified> {
  const { config, accessKeys } = deps;
  if (kind === 'sigv2-header') {
    throw s3Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256 ' +
        "(Signature Version 4: boto3 Config(signature_version='s3v4')). Signature Version 2 is accepted " +
        'only in presigned URLs.',
    );
  }
  if (kind === 'mixed') {
    throw s3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string ' +
        'parameter or the Authorization header should be specified',
    );
  }
  if (kind === 'sigv2-query') {
    return verifySigV2(req, { resolveKey: accessKeys.resolve, maxSkewSeconds: config.maxClockSkewSeconds });
  }
  return verifySigV4(req, {
    service: 's3',
    region: config.region,
    mustSign: ['x-amz-content-sha256'],
    signAllAmzHeaders: true,
    allowPresigned: true,
    maxSkewSeconds: config.maxClockSkewSeconds,
    resolveKey: accessKeys.resolve,
    codes: S3_SIGV4_CODES,
  });
}
