// The S3 API, path-style (`/<bucket>/<key>`), on the server's one port: app.ts hands a request
// here when it is signed for S3 (isS3Request), or when nothing else routed it and it reads as an
// S3 call (looksLikeS3; s3-requests.ts). Like the SageMaker API it is served straight from
// node:http. Order of work follows S3: find the operation, authenticate (s3-auth.ts: SigV4 header or
// presigned query string, SigV2 presigned URLs; bodies are not buffered but verified as they
// stream), authorise the bucket against its owner, then run the handler. Errors are S3's XML.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../platform/errors.ts';
import type { Services } from '../../resources/services.ts';
import { LocalStore } from '../../platform/objects/local-store.ts';
import { ObjectStoreError } from '../../platform/objects/object-store.ts';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './s3-bucket-ops.ts';
import { fromStoreError, S3Error, s3Error } from '../../platform/objects/s3-errors.ts';
import { applyQueryHeaders, authenticate, authKind } from './s3-auth.ts';
import { SANDBOX_CSP } from '../http/active-content.ts';
import type { S3Handler } from './s3-http.ts';
import { listObjects, listObjectsV2 } from './s3-list-ops.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  uploadPart,
} from './s3-multipart-ops.ts';
import { copyObject, deleteObject, deleteObjects, getObject, headObject, putObject } from './s3-object-ops.ts';
import { UNSUPPORTED_SUBRESOURCES } from './s3-subresources.ts';
import { escapeXml } from './s3-xml.ts';

const notImplemented =
  (what: string): S3Handler =>
  async () => {
    throw s3Error('NotImplemented', `${what} is not implemented by this server`);
  };

/** Picks the operation from method, path and query, as S3's REST API defines them. */
export function route(
  method: string,
  bucket: string,
  key: string,
  query: URLSearchParams,
  copySource = false,
): { operation: string; handler: S3Handler } {
  const sub = UNSUPPORTED_SUBRESOURCES.find((s) => query.has(s));
  if (sub) return { operation: `unsupported:${sub}`, handler: notImplemented(`The ${sub} sub-resource`) };
  const has = (name: string) => query.has(name);
  if (!bucket) {
    if (method === 'GET') return { operation: 'ListBuckets', handler: listBuckets };
  } else if (!key) {
    if (method === 'PUT') return { operation: 'CreateBucket', handler: createBucket };
    if (method === 'HEAD') return { operation: 'HeadBucket', handler: headBucket };
    if (method === 'DELETE') return { operation: 'DeleteBucket', handler: deleteBucket };
    if (method === 'POST' && has('delete')) return { operation: 'DeleteObjects', handler: deleteObjects };
    if (method === 'GET') {
      if (has('location')) return { operation: 'GetBucketLocation', handler: getBucketLocation };
      if (has('uploads')) return { operation: 'ListMultipartUploads', handler: notImplemented('ListMultipartUploads') };
      if (query.get('list-type') === '2') return { operation: 'ListObjectsV2', handler: listObjectsV2 };
      return { operation: 'ListObjects', handler: listObjects };
    }
  } else {
    if (method === 'PUT' && has('uploadId')) {
      return copySource
        ? { operation: 'UploadPartCopy', handler: notImplemented('UploadPartCopy') }
        : { operation: 'UploadPart', handler: uploadPart };
    }
    if (method === 'PUT')
      return copySource
        ? { operation: 'CopyObject', handler: copyObject }
        : { operation: 'PutObject', handler: putObject };
    if (method === 'GET' && has('uploadId')) return { operation: 'ListParts', handler: listParts };
    if (method === 'GET') return { operation: 'GetObject', handler: getObject };
    if (method === 'HEAD') return { operation: 'HeadObject', handler: headObject };
    if (method === 'DELETE' && has('uploadId'))
      return { operation: 'AbortMultipartUpload', handler: abortMultipartUpload };
    if (method === 'DELETE') return { operation: 'DeleteObject', handler: deleteObject };
    if (method === 'POST' && has('uploads'))
      return { operation: 'CreateMultipartUpload', handler: createMultipartUpload };
    if (method === 'POST' && has('uploadId'))
      return { operation: 'CompleteMultipartUpload', handler: completeMultipartUpload };
  }
  return {
    operation: 'unknown',
    handler: async () => {
      throw s3Error(
        'MethodNotAllowed',
        `The specified method is not allowed against this resource: ${method} ` +
          `${bucket ? (key ? 'object' : 'bucket') : 'service'}`,
      );
    },
  };
}

/** `/<bucket>/<key>` as sent (percent-encoded) → decoded bucket and key. */
export function parsePath(rawPath: string): { bucket: string; key: string } {
  const rest = rawPath.replace(/^\//, '');
  const slash = rest.indexOf('/');
  try {
    if (slash < 0) return { bucket: decodeURIComponent(rest), key: '' };
    return { bucket: decodeURIComponent(rest.slice(0, slash)), key: decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    throw s3Error('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** Errors that are not already S3's become S3's; the unexpected are logged and hidden. */
function toS3Error(err: unknown, services: Services, context: Record<string, unknown>): ApiError {
  if (err instanceof ObjectStoreError) return fromStoreError(err) as ApiError;
  if (err instanceof ApiError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENAMETOOLONG') return s3Error('KeyTooLongError', 'Your key is too long');
  services.logger.error({ err, ...context }, 'unexpected error');
  return s3Error('InternalError', 'We encountered an internal error. Please try again.');
}

const DRAIN_LIMIT = 16 * 1024 * 1024;

function sendS3Error(
  req: IncomingMessage,
  res: ServerResponse,
  err: ApiError,
  requestId: string,
  resource: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string | number> = { ...(err instanceof S3Error ? err.headers : {}) };
  if (!req.complete) {
    // Read the rest of a small body so the connection can serve the next request; on a large
    // one, say the connection closes rather than read gigabytes nobody wants.
    const declared = Number(req.headers['content-length']);
    if (!(declared <= DRAIN_LIMIT)) headers.connection = 'close';
    req.resume();
  }
  if (req.method === 'HEAD' || err.status === 304) {
    res.writeHead(err.status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const fields = err instanceof S3Error ? err.fields : {};
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
    Object.entries(fields)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join('') +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(err.status, {
    ...headers,
    'content-type': 'application/xml',
    'content-security-policy': SANDBOX_CSP,
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

export function s3Api(services: Services) {
  const { accessKeys, logger, metrics } = services;
  const store = services.objects instanceof LocalStore ? services.objects : undefined;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', randomBytes(24).toString('base64'));
    // Objects and errors alike: a browser must take every S3 response for the type it says it is
    // (an object's Content-Type is whatever its uploader chose; see active-content.ts).
    res.setHeader('x-content-type-options', 'nosniff');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const qs = url.indexOf('?');
    const rawPath = qs < 0 ? url : url.slice(0, qs);
    const rawQuery = qs < 0 ? '' : url.slice(qs + 1);
    let operation = 'unknown';
    let code = '200';
    let user: string | undefined;
    try {
      const query = new URLSearchParams(rawQuery);
      const auth = authKind(req.headers, query);
      if (auth === 'sigv2-query') applyQueryHeaders(req, query);
      const { bucket, key } = parsePath(rawPath);
      const routed = route(method, bucket, key, query, req.headers['x-amz-copy-source'] !== undefined);
      operation = routed.operation;
      const verified = await authenticate(auth, { method, rawPath, rawQuery, headers: req.headers }, services);
      const { principal } = verified;
      user = principal.username;
      if (principal.via.kind === 'accessKey') accessKeys.markUsed(principal.via.accessKeyId);
      if (!store) {
        throw s3Error(
          'NotImplemented',
          'This server keeps its objects in an external S3-compatible store (TESSERA_S3_ENDPOINT): send S3 ' +
            'requests to that store',
        );
      }
      await routed.handler({ req, res, services, store, principal, verified, bucket, key, query, requestId });
      const level = method === 'GET' || method === 'HEAD' ? 'debug' : 'info';
      logger[level]({ requestId, operation, user, bucket, key }, 's3 request');
    } catch (err) {
      const apiError = toS3Error(err, services, { requestId, operation });
      code = apiError.code;
      if (apiError.status >= 500) logger.error({ requestId, operation, code, user }, 's3 request failed');
      else logger.info({ requestId, operation, code, user, message: apiError.message }, 's3 request refused');
      sendS3Error(req, res, apiError, requestId, rawPath);
    } finally {
      metrics.requests.inc({ surface: 's3', operation, code });
      metrics.duration.observe({ surface: 's3', operation }, (performance.now() - started) / 1000);
    }
  };
}
