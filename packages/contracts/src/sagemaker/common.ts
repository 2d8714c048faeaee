// Shapes shared by many SageMaker operations, with the constraints of the published service
// model (botocore data/sagemaker/2017-07-24/service-2.json). Names follow the model's shape names.
import { z } from 'zod';

/** `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` — the model's pattern for domain, profile and app names. */
export const ZEntityName = z
  .string()
  .max(63)
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
  );

export const ZDomainId = z.string().min(1).max(63);
export const ZNextToken = z.string().max(8192);
export const ZMaxResults = z.number().int().min(1).max(100);
export const ZSortOrder = z.enum(['Ascending', 'Descending']);
export const ZRoleArn = z
  .string()
  .min(20)
  .max(2048)
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
    'Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$',
  );
export const ZResourceArn = z
  .string()
  .max(256)
  .regex(
    /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+$/,
    'Member must satisfy regular expression pattern: arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+',
  );
export const ZSecurityGroupId = z
  .string()
  .max(32)
  .regex(/^[-0-9a-zA-Z]+$/, 'Member must satisfy regular expression pattern: [-0-9a-zA-Z]+');
export const ZSubnetId = ZSecurityGroupId;
export const ZVpcId = ZSecurityGroupId;
export const ZKmsKeyId = z.string().max(2048);
/** Epoch seconds on the wire (AWS JSON 1.1 timestamps). */
export const ZTimestamp = z.number();

const tagText = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const ZTagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(tagText, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');
export const ZTagValue = z
  .string()
  .max(256)
  .regex(tagText, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');
export const ZTag = z.strictObject({ Key: ZTagKey, Value: ZTagValue });
export const ZTagList = z.array(ZTag).max(50);
export type Tag = z.infer<typeof ZTag>;

/** Status values shared by domains and user profiles (DomainStatus / UserProfileStatus). */
export const ZProvisioningStatus = z.enum([
  'Deleting',
  'Failed',
  'InService',
  'Pending',
  'Updating',
  'Update_Failed',
  'Delete_Failed',
]);
export type ProvisioningStatus = z.infer<typeof ZProvisioningStatus>;

/** The error codes Tessera answers with, as the SDKs name them. */
export const SageMakerErrorCode = {
  Validation: 'ValidationException',
  Serialization: 'SerializationException',
  ResourceNotFound: 'ResourceNotFound',
  ResourceInUse: 'ResourceInUse',
  ResourceLimitExceeded: 'ResourceLimitExceeded',
  ConflictException: 'ConflictException',
  UnknownOperation: 'UnknownOperationException',
  AccessDenied: 'AccessDeniedException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  UnrecognizedClient: 'UnrecognizedClientException',
  ExpiredToken: 'ExpiredTokenException',
  InvalidSignature: 'InvalidSignatureException',
  IncompleteSignature: 'IncompleteSignatureException',
  RequestEntityTooLarge: 'RequestEntityTooLargeException',
  InternalFailure: 'InternalFailure',
} as const;
export type SageMakerErrorCode = (typeof SageMakerErrorCode)[keyof typeof SageMakerErrorCode];
