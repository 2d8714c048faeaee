// The SageMaker image registry: images, their versions (each names a container image), and
// AppImageConfigs (which kernels an image's KernelGateway apps offer).
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZRoleArn, ZTagList, ZTimestamp } from './common.ts';

export const ZImageName = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-zA-Z0-9]([-.]?[a-zA-Z0-9]){0,62}$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([-.]?[a-zA-Z0-9]){0,62}$',
  );
const ZImageSortOrder = z.enum(['ASCENDING', 'DESCENDING']);
export const ZImageStatus = z.enum([
  'CREATING',
  'CREATED',
  'CREATE_FAILED',
  'UPDATING',
  'UPDATE_FAILED',
  'DELETING',
  'DELETE_FAILED',
]);
export const ZImageVersionStatus = z.enum(['CREATING', 'CREATED', 'CREATE_FAILED', 'DELETING', 'DELETE_FAILED']);

export const ZCreateImageRequestSchema = z.strictObject({
  ImageName: ZImageName,
  RoleArn: ZRoleArn,
  DisplayName: z.string().min(1).max(128).optional(),
  Description: z.string().min(1).max(512).optional(),
  Tags: ZTagList.optional(),
});
export const ZCreateImageResponseSchema = z.object({ ImageArn: z.string() });

export const ZDescribeImageRequestSchema = z.strictObject({ ImageName: ZImageName });
export const ZImageDetails = z.object({
  CreationTime: ZTimestamp,
  Description: z.string().optional(),
  DisplayName: z.string().optional(),
  FailureReason: z.string().optional(),
  ImageArn: z.string(),
  ImageName: z.string(),
  ImageStatus: ZImageStatus,
  LastModifiedTime: ZTimestamp,
});
export const ZDescribeImageResponseSchema = ZImageDetails.extend({ RoleArn: z.string().optional() });

export const ZListImagesRequestSchema = z.strictObject({
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  MaxResults: ZMaxResults.optional(),
  NameContains: z.string().max(63).optional(),
  NextToken: ZNextToken.optional(),
  SortBy: z.enum(['CREATION_TIME', 'LAST_MODIFIED_TIME', 'IMAGE_NAME']).optional(),
  SortOrder: ZImageSortOrder.optional(),
});
export const ZListImagesResponseSchema = z.object({ Images: z.array(ZImageDetails), NextToken: z.string().optional() });

export const ZDeleteImageRequestSchema = z.strictObject({ ImageName: ZImageName });
export const ZDeleteImageResponseSchema = z.object({});

export const ZCreateImageVersionRequestSchema = z.strictObject({
  BaseImage: z.string().min(1).max(255).regex(/^\S+$/, 'Member must satisfy regular expression pattern: .*'),
  ClientToken: z.string().min(1).max(36),
  ImageName: ZImageName,
  Aliases: z.array(z.string().min(1).max(128)).max(20).optional(),
  VendorGuidance: z.enum(['NOT_PROVIDED', 'STABLE', 'TO_BE_ARCHIVED', 'ARCHIVED']).optional(),
  JobType: z.enum(['TRAINING', 'INFERENCE', 'NOTEBOOK_KERNEL']).optional(),
  MLFramework: z.string().max(128).optional(),
  ProgrammingLang: z.string().max(128).optional(),
  Processor: z.enum(['CPU', 'GPU']).optional(),
  Horovod: z.boolean().optional(),
  ReleaseNotes: z.string().max(255).optional(),
});
export const ZCreateImageVersionResponseSchema = z.object({ ImageVersionArn: z.string() });

export const ZDescribeImageVersionRequestSchema = z.strictObject({
  ImageName: ZImageName,
  Version: z.number().int().min(0).optional(),
  Alias: z.string().max(128).optional(),
});
export const ZDescribeImageVersionResponseSchema = z.object({
  BaseImage: z.string(),
  ContainerImage: z.string(),
  CreationTime: ZTimestamp,
  FailureReason: z.string().optional(),
  ImageArn: z.string(),
  ImageVersionArn: z.string(),
  ImageVersionStatus: ZImageVersionStatus,
  LastModifiedTime: ZTimestamp,
  Version: z.number().int(),
});

const ZKernelSpec = z.strictObject({
  Name: z.string().min(1).max(1024),
  DisplayName: z.string().min(1).max(1024).optional(),
});
const ZFileSystemConfig = z.strictObject({
  MountPath: z.string().max(1024).regex(/^\/.*/, 'Member must satisfy regular expression pattern: ^\\/.*').optional(),
  DefaultUid: z.number().int().min(0).max(65535).optional(),
  DefaultGid: z.number().int().min(0).max(65535).optional(),
});
export const ZKernelGatewayImageConfig = z.strictObject({
  KernelSpecs: z.array(ZKernelSpec).min(1).max(5),
  FileSystemConfig: ZFileSystemConfig.optional(),
});
const ZAppImageConfigName = z
  .string()
  .max(63)
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
  );
const ZStructure = z.record(z.string(), z.unknown());

export const ZCreateAppImageConfigRequestSchema = z.strictObject({
  AppImageConfigName: ZAppImageConfigName,
  Tags: ZTagList.optional(),
  KernelGatewayImageConfig: ZKernelGatewayImageConfig.optional(),
  JupyterLabAppImageConfig: ZStructure.optional(),
  CodeEditorAppImageConfig: ZStructure.optional(),
});
export const ZCreateAppImageConfigResponseSchema = z.object({ AppImageConfigArn: z.string() });
export const ZDescribeAppImageConfigRequestSchema = z.strictObject({ AppImageConfigName: ZAppImageConfigName });
export const ZAppImageConfigDetails = z.object({
  AppImageConfigArn: z.string(),
  AppImageConfigName: z.string(),
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
  KernelGatewayImageConfig: z.unknown().optional(),
  JupyterLabAppImageConfig: z.unknown().optional(),
  CodeEditorAppImageConfig: z.unknown().optional(),
});
export const ZDescribeAppImageConfigResponseSchema = ZAppImageConfigDetails;
export const ZListAppImageConfigsRequestSchema = z.strictObject({
  MaxResults: ZMaxResults.optional(),
  NextToken: ZNextToken.optional(),
  NameContains: z.string().max(63).optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
  ModifiedTimeBefore: ZTimestamp.optional(),
  ModifiedTimeAfter: ZTimestamp.optional(),
  SortBy: z.enum(['CreationTime', 'LastModifiedTime', 'Name']).optional(),
  SortOrder: z.enum(['Ascending', 'Descending']).optional(),
});
export const ZListAppImageConfigsResponseSchema = z.object({
  AppImageConfigs: z.array(ZAppImageConfigDetails),
  NextToken: z.string().optional(),
});
export const ZDeleteAppImageConfigRequestSchema = ZDescribeAppImageConfigRequestSchema;
export const ZDeleteAppImageConfigResponseSchema = z.object({});
