// The one place the SageMaker surfaces turn errors into AWS JSON 1.1 responses:
// HTTP 4xx/5xx with {"__type": code, "message": text}, which every AWS SDK parses into a typed
// exception. Unexpected errors are logged with their stack and answered without details.
import type { ServerResponse } from 'node:http';
import { SageMakerErrorCode } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';

export function toApiError(err: unknown, logger: Logger, context: Record<string, unknown>): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  // A unique constraint that a concurrent request won (Prisma P2002): the thing exists already.
  if (
    (e as { code?: string })?.code === 'P2002' ||
    /Unique constraint failed|UniqueConstraintViolation/.test(e?.message ?? '')
  ) {
    return new ApiError(
      SageMakerErrorCode.ResourceInUse,
      'A resource with this name already exists (created by a concurrent request)',
    );
  }
  if (e?.type === 'entity.too.large') {
    return new ApiError(
      SageMakerErrorCode.RequestEntityTooLarge,
      'Request body is larger than this server accepts (TESSERA_MAX_BODY_BYTES)',
      413,
    );
  }
  if (e?.type === 'entity.parse.failed')
    return new ApiError(SageMakerErrorCode.Serialization, `Request body is not valid JSON: ${e.message}`);
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new ApiError(SageMakerErrorCode.Validation, e.message ?? 'Bad request', e.status);
  logger.error({ err, ...context }, 'unexpected error');
  return new ApiError(
    SageMakerErrorCode.InternalFailure,
    'The request failed because of an internal error; it has been logged',
    500,
  );
}

export function sendAwsError(res: ServerResponse, err: ApiError, requestId: string): void {
  const payload = JSON.stringify({ __type: err.code, message: err.message });
  res.writeHead(err.status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-errortype': err.code,
    'x-amzn-requestid': requestId,
  });
  res.end(payload);
}
