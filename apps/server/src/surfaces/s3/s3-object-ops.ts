// Object operations: PutObject, GetObject (ranges, conditions), HeadObject, DeleteObject,
// DeleteObjects and CopyObject.
import { pipeline } from 'node:stream/promises';
import { authorizeBucket } from '../../platform/objects/bucket-access.ts';
import type { ObjectMeta } from '../../platform/objects/object-file.ts';
import { ObjectStoreError } from '../../platform/objects/object-store.ts';
import { makeInert } from '../http/active-content.ts';
import { parseRange } from './range.ts';
import { readSmallBody } from './request-body.ts';
import { fromStoreError, s3Error, type S3Error } from '../../platform/objects/s3-errors.ts';
import {
  bodyOf,
  header,
  objectHeaders,
  quoted,
  sendEmpty,
  sendXml,
  storedHeaders,
  userMetadata,
  type S3Call,
  type S3Handler,
} from './s3-http.ts';
import { el, parseRequestXml, xmlDocument, ZDeleteRequest } from './s3-xml.ts';

/**
 * Query parameters that override response headers on GET (signed requests only, as all ours are).
 * They are applied before makeInert, so a link cannot ask for an object to be served active.
 */
const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/** What HTTP allows in a header value (no control characters but tab). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function checkVersion(call: S3Call): void {
  const version = call.query.get('versionId');
  if (version !== null && version !== 'null')
    throw s3Error('InvalidArgument', 'Invalid version id specified (this store keeps no versions)', {
      ArgumentName: 'versionId',
    });
}

export const putObject: S3Handler = async (call) => {
  const { req, res, services, store, principal, bucket, key } = call;
  await authorizeBucket(services.db, principal, bucket);
  const body = bodyOf(call);
  const meta = await store.putObject(bucket, key, body.stream, {
    contentType: header(req, 'content-type'),
    metadata: userMetadata(req),
    headers: storedHeaders(req),
    checksum: body.checksum,
  });
  sendEmpty(res, 200, {
    etag: quoted(meta.etag),
    ...(meta.checksum ? { [`x-amz-checksum-${meta.checksum.algorithm}`]: meta.checksum.value } : {}),
  });
};

/** RFC 9110's conditional requests, in S3's order: 412 before 304. */
function preconditions(call: S3Call, meta: ObjectMeta): 200 | 304 | 412 {
  const etagMatches = (list: string) =>
    list.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '').replace(/"/g, '') === meta.etag);
  const modified = Math.floor(Date.parse(meta.lastModified) / 1000) * 1000;
  const date = (name: string) => {
    const v = header(call.req, name);
    const t = v ? Date.parse(v) : Number.NaN;
    return Number.isNaN(t) ? undefined : t;
  };
  const ifMatch = header(call.req, 'if-match');
  const ifUnmodified = date('if-unmodified-since');
  if (ifMatch !== undefined ? !etagMatches(ifMatch) : ifUnmodified !== undefined && modified > ifUnmodified) return 412;
  const ifNoneMatch = header(call.req, 'if-none-match');
  const ifModified = date('if-modified-since');
  if (ifNoneMatch !== undefined ? etagMatches(ifNoneMatch) : ifModified !== undefined && modified <= ifModified)
    return 304;
  return 200;
}

async function getOrHead(call: S3Call, head: boolean): Promise<void> {
  const { req, res, services, store, principal, bucket, key, query } = call;
  await authorizeBucket(services.db, principal, bucket);
  checkVersion(call);
  if (query.get('partNumber') !== null)
    throw s3Error('NotImplemented', 'Reading one part of an object (partNumber) is not supported; use a Range');
  const opened = await store.open(bucket, key);
  const { meta } = opened;
  try {
    const condition = preconditions(call, meta);
    if (condition === 412)
      throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    const range = parseRange(header(req, 'range'), meta.size);
    if (range === 'unsatisfiable') {
      throw s3Error(
        'InvalidRange',
        'The requested range is not satisfiable',
        { ActualObjectSize: String(meta.size) },
        { 'content-range': `bytes */${meta.size}` },
      );
    }
    const headers = objectHeaders(meta, {
      checksum: !range && header(req, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED',
    });
    if (condition === 304) {
      await opened.close();
      sendEmpty(res, 304, { etag: headers.etag!, 'last-modified': headers['last-modified']! });
      return;
    }
    for (const name of RESPONSE_OVERRIDES) {
      const v = query.get(`response-${name}`);
      if (v === null) continue;
      if (!HEADER_VALUE.test(v))
        throw s3Error('InvalidArgument', `response-${name} is not a valid header value`, {
          ArgumentName: `response-${name}`,
        });
      headers[name] = v;
    }
    makeInert(headers);
    const start = range ? range.start : 0;
    const end = range ? range.end : meta.size - 1;
    headers['content-length'] = end - start + 1;
    if (range) headers['content-range'] = `bytes ${start}-${end}/${meta.size}`;
    res.writeHead(range ? 206 : 200, headers);
    if (head) {
      await opened.close();
      res.end();
      return;
    }
    // A client that goes away mid-download just ends the stream (the file closes with it).
    await pipeline(opened.stream({ start, end }), res).catch(() => {});
  } catch (err) {
    await opened.close();
    throw err;
  }
}

export const getObject: S3Handler = (call) => getOrHead(call, false);
export const headObject: S3Handler = (call) => getOrHead(call, true);

export const deleteObject: S3Handler = async (call) => {
  const { res, services, store, principal, bucket, key } = call;
  await authorizeBucket(services.db, principal, bucket);
  checkVersion(call);
  await store.deleteObject(bucket, key);
  sendEmpty(res, 204);
};

export const deleteObjects: S3Handler = async (call) => {
  const { res, services, store, principal, bucket } = call;
  await authorizeBucket(services.db, principal, bucket);
  const request = parseRequestXml(await readSmallBody(bodyOf(call), 2 * 1024 * 1024), 'Delete', ZDeleteRequest);
  if (request.Object.length > 1000) throw s3Error('MalformedXML', 'You may delete at most 1000 objects in one request');
  const quiet = request.Quiet?.toLowerCase() === 'true';
  const results: string[] = [];
  for (const { Key: key } of request.Object) {
    try {
      await store.deleteObject(bucket, key);
      if (!quiet) results.push(el('Deleted', [el('Key', key)]));
    } catch (err) {
      // A key the store cannot hold is reported for that key; anything else fails the request.
      if (!(err instanceof ObjectStoreError)) throw err;
      const e = fromStoreError(err) as S3Error;
      results.push(el('Error', [el('Key', key), el('Code', e.code), el('Message', e.message)]));
    }
  }
  sendXml(res, 200, xmlDocument('DeleteResult', results));
};

/** `x-amz-copy-source`: "[/]bucket/key[?versionId=…]", URL-encoded. */
function copySource(call: S3Call): { bucket: string; key: string } {
  const raw = header(call.req, 'x-amz-copy-source') ?? '';
  const [path, version] = raw.split('?', 2);
  if (version !== undefined && !/^versionId=(null)?$/.test(version))
    throw s3Error('InvalidArgument', 'Copying a specific version is not supported (this store keeps no versions)');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path!).replace(/^\//, '');
  } catch {
    throw s3Error('InvalidArgument', 'x-amz-copy-source is not correctly URL-encoded', {
      ArgumentName: 'x-amz-copy-source',
    });
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw s3Error('InvalidArgument', 'x-amz-copy-source must be of the form bucket/key', {
      ArgumentName: 'x-amz-copy-source',
    });
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export const copyObject: S3Handler = async (call) => {
  const { req, res, services, store, principal, bucket, key } = call;
  const source = copySource(call);
  await authorizeBucket(services.db, principal, bucket);
  await authorizeBucket(services.db, principal, source.bucket);
  const directive = (header(req, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw s3Error('InvalidArgument', 'x-amz-metadata-directive must be COPY or REPLACE', {
      ArgumentName: 'x-amz-metadata-directive',
    });
  if (directive === 'COPY' && source.bucket === bucket && source.key === key) {
    throw s3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's " +
        'metadata, storage class, website redirect location or encryption attributes.',
    );
  }
  const sourceMeta = await store.head(source.bucket, source.key);
  const ifMatch = header(req, 'x-amz-copy-source-if-match');
  const ifNoneMatch = header(req, 'x-amz-copy-source-if-none-match');
  if (
    (ifMatch && ifMatch.replace(/"/g, '') !== sourceMeta.etag) ||
    (ifNoneMatch && ifNoneMatch.replace(/"/g, '') === sourceMeta.etag)
  ) {
    throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
  }
  const replace =
    directive === 'REPLACE'
      ? { contentType: header(req, 'content-type'), metadata: userMetadata(req), headers: storedHeaders(req) }
      : undefined;
  const meta = await store.copyObject(source, { bucket, key }, replace);
  sendXml(
    res,
    200,
    xmlDocument('CopyObjectResult', [el('ETag', quoted(meta.etag)), el('LastModified', meta.lastModified)]),
  );
};
