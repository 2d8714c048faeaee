// The one error type of the server. Handlers throw it; each surface maps it to its wire format
// in one place (AWS JSON `{__type, message}` for the SageMaker API, `{error}` for REST).
import { SageMakerErrorCode } from '@tessera/contracts';

export class ApiError extends Error {
  constructor(
    readonly code: SageMakerErrorCode | string,
    message: string,
    /** The HTTP status on the SageMaker API; AWS JSON errors are 400 unless the code says otherwise. */
    readonly status = 400,
    /**
     * The thing named does not exist for this caller (or is someone else's). SageMaker says so
     * with a ValidationException for models, configs and endpoints; the REST surface says 404.
     */
    readonly absent = false,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ApiError(SageMakerErrorCode.Validation, message);
export const notFound = (message: string) => new ApiError(SageMakerErrorCode.ResourceNotFound, message);
/** SageMaker's ValidationException for a model, config or endpoint that is not there (REST: 404). */
export const absentInvalid = (message: string) => new ApiError(SageMakerErrorCode.Validation, message, 400, true);
export const inUse = (message: string) => new ApiError(SageMakerErrorCode.ResourceInUse, message);
export const limitExceeded = (message: string) => new ApiError(SageMakerErrorCode.ResourceLimitExceeded, message);
export const accessDenied = (message: string) => new ApiError(SageMakerErrorCode.AccessDenied, message);

/** HTTP statuses for the REST surface, where the status carries the meaning. */
export function restStatus(err: ApiError): number {
  if (err.absent) return 404;
  switch (err.code) {
    case SageMakerErrorCode.Validation:
    case SageMakerErrorCode.Serialization:
      return 400;
    case 'Unauthenticated':
      return 401;
    case SageMakerErrorCode.AccessDenied:
      return 403;
    case SageMakerErrorCode.ResourceNotFound:
      return 404;
    case SageMakerErrorCode.ResourceInUse:
    case SageMakerErrorCode.ResourceLimitExceeded:
    case SageMakerErrorCode.ConflictException:
      return 409;
    case SageMakerErrorCode.RequestEntityTooLarge:
      return 413;
    case 'TooManyRequests':
      return 429;
    default:
      return err.status >= 400 ? err.status : 500;
  }
}

/** The code the REST surface shows: a missing thing is ResourceNotFound whatever SageMaker calls it. */
export const restCode = (err: ApiError): string => (err.absent ? SageMakerErrorCode.ResourceNotFound : err.code);
