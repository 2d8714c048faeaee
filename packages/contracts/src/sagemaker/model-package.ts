// The model registry: model package groups and the versioned model packages in them, with an
// approval status that deployments follow. Group policies and unversioned (marketplace) packages
// are not served.
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZContainerImage, ZEnvironmentMap, ZIgnored, ZJobName, ZS3Uri } from './work-common.ts';

export const ZModelApprovalStatus = z.enum(['Approved', 'Rejected', 'PendingManualApproval']);
export type ModelApprovalStatus = z.infer<typeof ZModelApprovalStatus>;

const ARN_PREFIX = 'arn:aws[a-z-]*:sagemaker:[a-z0-9-]{9,16}:[0-9]{12}:[a-z-]*/';
const NAME = '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}';

/** A group's name or ARN. */
export const ZGroupNameOrArn = z
  .string()
  .min(1)
  .max(170)
  .regex(new RegExp(`^(${ARN_PREFIX})?${NAME}$`), 'a model package group name or ARN');
/** A versioned package's ARN (…:model-package/<group>/<version>), or an unversioned package's name. */
export const ZPackageNameOrArn = z
  .string()
  .min(1)
  .max(176)
  .regex(new RegExp(`^(${ARN_PREFIX})?${NAME}(/[0-9]{1,5})?$`), 'a model package ARN');

const ZModelPackageContainer = z.object({
  ContainerHostname: z.string().max(63).optional(),
  Image: ZContainerImage,
  ImageDigest: z.string().max(72).optional(),
  ModelDataUrl: ZS3Uri.optional(),
  ModelDataSource: ZIgnored,
  ProductId: ZIgnored,
  Environment: ZEnvironmentMap.optional(),
  ModelInput: ZIgnored,
  Framework: z.string().max(128).optional(),
  FrameworkVersion: z.string().max(10).optional(),
  NearestModelName: z.string().max(256).optional(),
  AdditionalS3DataSource: ZIgnored,
  ModelDataETag: ZIgnored,
});

export const ZInferenceSpecification = z.object({
  Containers: z.array(ZModelPackageContainer).min(1).max(15),
  SupportedTransformInstanceTypes: z.array(z.string().max(64)).min(1).optional(),
  SupportedRealtimeInferenceInstanceTypes: z.array(z.string().max(64)).optional(),
  SupportedContentTypes: z.array(z.string().max(256)).optional(),
  SupportedResponseMIMETypes: z.array(z.string().max(1024)).optional(),
});
export type InferenceSpecification = z.infer<typeof ZInferenceSpecification>;

const ZMetricsSource = z.object({
  ContentType: z.string().max(256),
  ContentDigest: z.string().max(72).optional(),
  S3Uri: ZS3Uri,
});
const ZMetricsPair = z.object({ Statistics: ZMetricsSource.optional(), Constraints: ZMetricsSource.optional() });
export const ZModelMetrics = z.object({
  ModelQuality: ZMetricsPair.optional(),
  ModelDataQuality: ZMetricsPair.optional(),
  Bias: z
    .object({
      Report: ZMetricsSource.optional(),
      PreTrainingReport: ZMetricsSource.optional(),
      PostTrainingReport: ZMetricsSource.optional(),
    })
    .optional(),
  Explainability: z.object({ Report: ZMetricsSource.optional() }).optional(),
});

const ZCustomerMetadata = z
  .record(z.string().min(1).max(128), z.string().min(1).max(256))
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 CustomerMetadataProperties');
const ZApprovalDescription = z.string().max(1024);

export const ZCreateModelPackageGroupRequestSchema = z.strictObject({
  ModelPackageGroupName: ZJobName,
  ModelPackageGroupDescription: z.string().max(1024).optional(),
  Tags: ZTagList.optional(),
});
export const ZCreateModelPackageGroupResponseSchema = z.object({ ModelPackageGroupArn: z.string() });

export const ZDescribeModelPackageGroupRequestSchema = z.strictObject({ ModelPackageGroupName: ZGroupNameOrArn });
const ZUserContext = z.object({ UserProfileName: z.string().optional(), DomainId: z.string().optional() });
export const ZDescribeModelPackageGroupResponseSchema = z.object({
  ModelPackageGroupName: z.string(),
  ModelPackageGroupArn: z.string(),
  ModelPackageGroupDescription: z.string().optional(),
  CreationTime: ZTimestamp,
  CreatedBy: ZUserContext,
  ModelPackageGroupStatus: z.enum(['Pending', 'InProgress', 'Completed', 'Failed', 'Deleting', 'DeleteFailed']),
});

export const ZListModelPackageGroupsRequestSchema = z.strictObject({
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  MaxResults: ZMaxResults.optional(),
  NameContains: z.string().max(63).optional(),
  NextToken: ZNextToken.optional(),
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
  SortOrder: ZSortOrder.optional(),
  CrossAccountFilterOption: z.enum(['SameAccount', 'CrossAccount']).optional(),
});
export const ZListModelPackageGroupsResponseSchema = z.object({
  ModelPackageGroupSummaryList: z.array(
    z.object({
      ModelPackageGroupName: z.string(),
      ModelPackageGroupArn: z.string(),
      ModelPackageGroupDescription: z.string().optional(),
      CreationTime: ZTimestamp,
      ModelPackageGroupStatus: z.string(),
    }),
  ),
  NextToken: z.string().optional(),
});

export const ZDeleteModelPackageGroupRequestSchema = z.strictObject({ ModelPackageGroupName: ZGroupNameOrArn });

export const ZCreateModelPackageRequestSchema = z.strictObject({
  ModelPackageName: ZJobName.optional(),
  ModelPackageGroupName: ZGroupNameOrArn.optional(),
  ModelPackageDescription: z.string().max(1024).optional(),
  InferenceSpecification: ZInferenceSpecification.optional(),
  ValidationSpecification: ZIgnored,
  SourceAlgorithmSpecification: ZIgnored,
  CertifyForMarketplace: z.boolean().optional(),
  Tags: ZTagList.optional(),
  ModelApprovalStatus: ZModelApprovalStatus.optional(),
  MetadataProperties: z.record(z.string(), z.string().max(1024)).optional(),
  ModelMetrics: ZModelMetrics.optional(),
  ClientToken: z.string().min(1).max(36).optional(),
  Domain: z.string().max(256).optional(),
  Task: z.string().max(256).optional(),
  SamplePayloadUrl: ZS3Uri.optional(),
  CustomerMetadataProperties: ZCustomerMetadata.optional(),
  DriftCheckBaselines: ZIgnored,
  AdditionalInferenceSpecifications: ZIgnored,
  SkipModelValidation: z.enum(['All', 'None']).optional(),
  SourceUri: z.string().max(1024).optional(),
  SecurityConfig: ZIgnored,
  ModelCard: ZIgnored,
  ModelLifeCycle: ZIgnored,
});
export type CreateModelPackageRequest = z.infer<typeof ZCreateModelPackageRequestSchema>;
export const ZCreateModelPackageResponseSchema = z.object({ ModelPackageArn: z.string() });

export const ZDescribeModelPackageRequestSchema = z.strictObject({ ModelPackageName: ZPackageNameOrArn });
export const ZDescribeModelPackageResponseSchema = z.object({
  ModelPackageName: z.string(),
  ModelPackageGroupName: z.string().optional(),
  ModelPackageVersion: z.number().int().optional(),
  ModelPackageArn: z.string(),
  ModelPackageDescription: z.string().optional(),
  CreationTime: ZTimestamp,
  InferenceSpecification: z.record(z.string(), z.unknown()).optional(),
  ModelPackageStatus: z.enum(['Pending', 'InProgress', 'Completed', 'Failed', 'Deleting']),
  ModelPackageStatusDetails: z.object({
    ValidationStatuses: z.array(z.object({ Name: z.string(), Status: z.string() })),
  }),
  CertifyForMarketplace: z.boolean().optional(),
  ModelApprovalStatus: ZModelApprovalStatus.optional(),
  ApprovalDescription: z.string().optional(),
  CreatedBy: ZUserContext.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  LastModifiedBy: ZUserContext.optional(),
  MetadataProperties: z.record(z.string(), z.string()).optional(),
  ModelMetrics: z.record(z.string(), z.unknown()).optional(),
  CustomerMetadataProperties: z.record(z.string(), z.string()).optional(),
  Domain: z.string().optional(),
  Task: z.string().optional(),
  SamplePayloadUrl: z.string().optional(),
  SourceUri: z.string().optional(),
  SkipModelValidation: z.string().optional(),
});

export const ZListModelPackagesRequestSchema = z.strictObject({
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  MaxResults: ZMaxResults.optional(),
  NameContains: z.string().max(63).optional(),
  ModelApprovalStatus: ZModelApprovalStatus.optional(),
  ModelPackageGroupName: ZGroupNameOrArn.optional(),
  ModelPackageType: z.enum(['Versioned', 'Unversioned', 'Both']).optional(),
  NextToken: ZNextToken.optional(),
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
  SortOrder: ZSortOrder.optional(),
});
export const ZListModelPackagesResponseSchema = z.object({
  ModelPackageSummaryList: z.array(
    z.object({
      ModelPackageName: z.string(),
      ModelPackageGroupName: z.string().optional(),
      ModelPackageVersion: z.number().int().optional(),
      ModelPackageArn: z.string(),
      ModelPackageDescription: z.string().optional(),
      CreationTime: ZTimestamp,
      ModelPackageStatus: z.string(),
      ModelApprovalStatus: ZModelApprovalStatus.optional(),
    }),
  ),
  NextToken: z.string().optional(),
});

export const ZUpdateModelPackageRequestSchema = z.strictObject({
  ModelPackageArn: ZPackageNameOrArn,
  ModelApprovalStatus: ZModelApprovalStatus.optional(),
  ApprovalDescription: ZApprovalDescription.optional(),
  CustomerMetadataProperties: ZCustomerMetadata.optional(),
  CustomerMetadataPropertiesToRemove: z.array(z.string().min(1).max(128)).optional(),
  AdditionalInferenceSpecificationsToAdd: ZIgnored,
  InferenceSpecification: ZInferenceSpecification.optional(),
  SourceUri: z.string().max(1024).optional(),
  ModelCard: ZIgnored,
  ModelLifeCycle: ZIgnored,
  ClientToken: z.string().min(1).max(36).optional(),
});
export const ZUpdateModelPackageResponseSchema = z.object({ ModelPackageArn: z.string() });

export const ZDeleteModelPackageRequestSchema = z.strictObject({ ModelPackageName: ZPackageNameOrArn });
