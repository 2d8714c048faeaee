// CloudWatch Logs' error names for what the store and the handlers report.
import { LogsErrorCode } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';
import { LogStoreError } from '../../platform/logs/log-store.ts';

export const invalidParameter = (message: string) => new ApiError(LogsErrorCode.InvalidParameter, message);
export const resourceNotFound = (message: string) => new ApiError(LogsErrorCode.ResourceNotFound, message);

export function fromStoreError(err: unknown): unknown {
  if (!(err instanceof LogStoreError)) return err;
  return err.code === 'BadPosition' ? invalidParameter(err.message) : resourceNotFound(err.message);
}
