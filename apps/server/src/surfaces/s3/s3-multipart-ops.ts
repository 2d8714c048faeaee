// Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload,
// AbortMultipartUpload and ListParts — what @aws-sdk/lib-storage's Upload and boto3's
// upload_file use for large bodies.
import { authorizeBucket } from '../../platform/objects/bucket-access.ts';
import { MAX_PARTS } from '../../platform/objects/local-multipart.ts';
import { readSmallBody } from './request-body.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';
import {
  bodyOf,
  header,
  quoted,
  sendEmpty,
  sendXml,
  storedHeaders,
  userMetadata,
  type S3Call,
  type S3Handler,
} from './s3-http.ts';
import { el, parseRequestXml, xmlDocument, ZCompleteRequest } from './s3-xml.ts';

function partNumber(call: S3Call): number {
  const raw = call.query.get('partNumber') ?? '';
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PARTS))
    throw s3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: raw,
    });
  return n;
}

const uploadId = (call: S3Call) => call.query.get('uploadId') ?? '';

export const createMultipartUpload: S3Handler = async ({ req, res, services, store, principal, bucket, key }) => {
  await authorizeBucket(services.db, principal, bucket);
  const id = await store.multipart.create(bucket, key, {
    contentType: header(req, 'content-type'),
    metadata: userMetadata(req),
    headers: storedHeaders(req),
  });
  sendXml(
    res,
    200,
    xmlDocument('InitiateMultipartUploadResult', [el('Bucket', bucket), el('Key', key), el('UploadId', id)]),
  );
};

export const uploadPart: S3Handler = async (call) => {
  const { res, services, store, principal, bucket, key } = call;
  await authorizeBucket(services.db, principal, bucket);
  const n = partNumber(call);
  const body = bodyOf(call);
  const meta = await store.multipart.uploadPart(bucket, key, uploadId(call), n, body.stream, {
    checksum: body.checksum,
  });
  sendEmpty(res, 200, {
    etag: quoted(meta.etag),
    ...(meta.checksum ? { [`x-amz-checksum-${meta.checksum.algorithm}`]: meta.checksum.value } : {}),
  });
};

export const completeMultipartUpload: S3Handler = async (call) => {
  const { res, services, store, principal, bucket, key } = call;
  await authorizeBucket(services.db, principal, bucket);
  const request = parseRequestXml(
    await readSmallBody(bodyOf(call), 4 * 1024 * 1024),
    'CompleteMultipartUpload',
    ZCompleteRequest,
  );
  const meta = await store.multipart.complete(
    bucket,
    key,
    uploadId(call),
    request.Part.map((p) => ({ partNumber: p.PartNumber, etag: p.ETag })),
  );
  const location = `${services.publicUrl()}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  sendXml(
    res,
    200,
    xmlDocument('CompleteMultipartUploadResult', [
      el('Location', location),
      el('Bucket', bucket),
      el('Key', key),
      el('ETag', quoted(meta.etag)),
    ]),
  );
};

export const abortMultipartUpload: S3Handler = async (call) => {
  const { res, services, store, principal, bucket, key } = call;
  await authorizeBucket(services.db, principal, bucket);
  await store.multipart.abort(bucket, key, uploadId(call));
  sendEmpty(res, 204);
};

export const listParts: S3Handler = async (call) => {
  const { res, services, store, principal, bucket, key, query } = call;
  const row = await authorizeBucket(services.db, principal, bucket);
  const maxRaw = query.get('max-parts');
  const max = maxRaw && /^\d{1,5}$/.test(maxRaw) ? Math.min(Number(maxRaw), 1000) : 1000;
  const markerRaw = query.get('part-number-marker');
  const marker = markerRaw && /^\d{1,5}$/.test(markerRaw) ? Number(markerRaw) : 0;
  const { parts } = await store.multipart.listParts(bucket, key, uploadId(call));
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, max);
  const truncated = after.length > page.length;
  sendXml(
    res,
    200,
    xmlDocument('ListPartsResult', [
      el('Bucket', bucket),
      el('Key', key),
      el('UploadId', uploadId(call)),
      el('Owner', [el('ID', row.ownerUserId)]),
      el('StorageClass', 'STANDARD'),
      el('PartNumberMarker', marker),
      truncated ? el('NextPartNumberMarker', page.at(-1)!.partNumber) : '',
      el('MaxParts', max),
      el('IsTruncated', truncated),
      ...page.map((p) =>
        el('Part', [
          el('PartNumber', p.partNumber),
          el('LastModified', p.lastModified),
          el('ETag', quoted(p.etag)),
          el('Size', p.size),
        ]),
      ),
    ]),
  );
};
