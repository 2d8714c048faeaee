// What every S3 operation handler gets, and the small HTTP helpers they share.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Verified } from '../aws/sigv4.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../../resources/services.ts';
import type { LocalStore } from '../../platform/objects/local-store.ts';
import { STORED_HEADERS, type ObjectMeta } from '../../platform/objects/object-file.ts';
import { SANDBOX_CSP } from '../http/active-content.ts';
import { requestBody, type RequestBody } from './request-body.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';

export interface S3Call {
  req: IncomingMessage;
  res: ServerResponse;
  services: Services;
  store: LocalStore;
  principal: Principal;
  verified: Verified;
  /** "" for ListBuckets. */
  bucket: string;
  /** "" for bucket operations. */
  key: string;
  query: URLSearchParams;
  requestId: string;
}

export type S3Handler = (call: S3Call) => Promise<void>;

/** S3 allows 2 KB of user metadata (names and values together). */
const MAX_METADATA_BYTES = 2048;

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/xml',
    // XML is a document a browser renders; what is in ours (keys, names) is the users'.
    'content-security-policy': SANDBOX_CSP,
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

export const quoted = (etag: string) => `"${etag}"`;

/** The body, verified as it streams (request-body.ts). */
export const bodyOf = (call: S3Call): RequestBody => requestBody(call.req, call.verified);

/** x-amz-meta-* headers, names lower-cased as S3 keeps them. */
export function userMetadata(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const key = name.slice('x-amz-meta-'.length);
    out[key] = Array.isArray(value) ? value.join(',') : value;
    size += Buffer.byteLength(key) + Buffer.byteLength(out[key]!);
  }
  if (size > MAX_METADATA_BYTES)
    throw s3Error(
      'MetadataTooLarge',
      `Your metadata headers exceed the maximum allowed metadata size (${MAX_METADATA_BYTES} bytes)`,
    );
  return out;
}

/** The standard headers S3 keeps with an object; aws-chunked is transport, not content. */
export function storedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = header(req, name);
    if (name === 'content-encoding' && value) {
      value = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && s.toLowerCase() !== 'aws-chunked')
        .join(',');
    }
    if (value) out[name] = value;
  }
  return out;
}

/** Headers that describe an object on GET and HEAD. */
export function objectHeaders(meta: ObjectMeta, opts: { checksum: boolean }): Record<string, string | number> {
  const out: Record<string, string | number> = {
    'content-type': meta.contentType,
    etag: quoted(meta.etag),
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...meta.headers,
  };
  for (const [k, v] of Object.entries(meta.metadata)) out[`x-amz-meta-${k}`] = v;
  if (meta.parts) out['x-amz-mp-parts-count'] = meta.parts;
  if (opts.checksum && meta.checksum) {
    out[`x-amz-checksum-${meta.checksum.algorithm}`] = meta.checksum.value;
    out['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  return out;
}
