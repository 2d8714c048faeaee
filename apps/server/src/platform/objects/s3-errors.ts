// S3's error codes and their HTTP statuses, in one table: handlers throw `s3Error(code, …)` and
// s3-api.ts writes it as S3's XML error. The statuses are S3's own, which the SDKs key on
// (e.g. a HEAD 404 becomes NotFound, RequestTimeTooSkewed makes them correct their clock).
import { ApiError } from '../errors.ts';
import { ObjectStoreError } from './object-store.ts';

const STATUS = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  ExpiredToken: 400,
  IllegalLocationConstraintException: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidPart: 400,
  InvalidPartOrder: 400,
  InvalidRange: 416,
  InvalidRequest: 400,
  InvalidToken: 400,
  InvalidURI: 400,
  KeyTooLongError: 400,
  MalformedXML: 400,
  MetadataTooLarge: 400,
  MethodNotAllowed: 405,
  MissingContentLength: 411,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchUpload: 404,
  NotImplemented: 501,
  NotModified: 304,
  PreconditionFailed: 412,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
} as const;

export type S3ErrorCode = keyof typeof STATUS;

/** An S3 error; `fields` become extra elements of the XML body (BucketName, Key, …). */
export class S3Error extends ApiError {
  constructor(
    code: S3ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Response headers that go with it (Content-Range on a 416). */
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, STATUS[code]);
  }
}

export const s3Error = (
  code: S3ErrorCode,
  message: string,
  fields?: Record<string, string>,
  headers?: Record<string, string>,
) => new S3Error(code, message, fields, headers);

/** The store's own errors (the ObjectStore contract) in S3's words. */
export function fromStoreError(err: unknown): unknown {
  if (!(err instanceof ObjectStoreError)) return err;
  if (err.code === 'InvalidObjectName') return s3Error('KeyTooLongError', err.message);
  return s3Error(err.code, err.message);
}
