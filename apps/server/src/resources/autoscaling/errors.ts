// Application Auto Scaling's error names, and the messages AWS gives for missing objects.
import { AutoScalingErrorCode } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';

export const validation = (message: string) => new ApiError(AutoScalingErrorCode.Validation, message);
export const objectNotFound = (message: string) => new ApiError(AutoScalingErrorCode.ObjectNotFound, message);
export const invalidNextToken = () =>
  new ApiError(
    AutoScalingErrorCode.InvalidNextToken,
    'Invalid NextToken: it was not issued for this request. Repeat the request without NextToken.',
  );

export interface TargetKey {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
}

export const noTarget = (k: TargetKey) =>
  objectNotFound(
    `No scalable target registered for service namespace: ${k.ServiceNamespace}, resource ID: ${k.ResourceId}, ` +
      `scalable dimension: ${k.ScalableDimension}`,
  );
export const noPolicy = (k: TargetKey, name: string) =>
  objectNotFound(
    `No scaling policy found for service namespace: ${k.ServiceNamespace}, resource ID: ${k.ResourceId}, ` +
      `scalable dimension: ${k.ScalableDimension}, policy name: ${name}`,
  );
