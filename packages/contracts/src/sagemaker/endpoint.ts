// Models, endpoint configs and endpoints: Create/Describe/List/Delete, UpdateEndpoint (blue/green)
// and UpdateEndpointWeightsAndCapacities.
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZRoleArn, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZContainerImage, ZEnvironmentMap, ZIgnored, ZJobName, ZS3Uri, ZVpcConfig } from './work-common.ts';
import { ZPackageNameOrArn } from './model-package.ts';

export const ZContainerDefinition = z.object({
  ContainerHostname: z.string().max(63).optional(),
  Image: ZContainerImage.optional(),
  ImageConfig: ZIgnored,
  Mode: z.enum(['SingleModel', 'MultiModel']).optional(),
  ModelDataUrl: ZS3Uri.optional(),
  ModelDataSource: ZIgnored,
  AdditionalModelDataSources: ZIgnored,
  Environment: ZEnvironmentMap.optional(),
  /** A versioned model package (its ARN): the container's image, model data and environment come from it. */
  ModelPackageName: ZPackageNameOrArn.optional(),
  InferenceSpecificationName: ZIgnored,
  MultiModelConfig: ZIgnored,
});
export type ContainerDefinition = z.infer<typeof ZContainerDefinition>;

export const ZCreateModelRequestSchema = z.object({
  ModelName: ZJobName,
  PrimaryContainer: ZContainerDefinition.optional(),
  Containers: z.array(ZContainerDefinition).max(15).optional(),
  InferenceExecutionConfig: ZIgnored,
  ExecutionRoleArn: ZRoleArn.optional(),
  Tags: ZTagList.optional(),
  VpcConfig: ZVpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
});
export type CreateModelRequest = z.infer<typeof ZCreateModelRequestSchema>;
export const ZCreateModelResponseSchema = z.object({ ModelArn: z.string() });
export const ZDescribeModelRequestSchema = z.strictObject({ ModelName: ZJobName });
export const ZDescribeModelResponseSchema = z.object({
  ModelName: z.string(),
  PrimaryContainer: z.record(z.string(), z.unknown()).optional(),
  Containers: z.array(z.record(z.string(), z.unknown())).optional(),
  ExecutionRoleArn: z.string().optional(),
  CreationTime: ZTimestamp,
  ModelArn: z.string(),
  EnableNetworkIsolation: z.boolean().optional(),
});
const ZListByName = {
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  SortOrder: ZSortOrder.optional(),
  NameContains: z.string().max(63).optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
};
export const ZListModelsRequestSchema = z.strictObject({
  ...ZListByName,
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
});
export const ZListModelsResponseSchema = z.object({
  Models: z.array(z.object({ ModelName: z.string(), ModelArn: z.string(), CreationTime: ZTimestamp })),
  NextToken: z.string().optional(),
});
export const ZDeleteModelRequestSchema = z.strictObject({ ModelName: ZJobName });
export const ZEmptyResponseSchema = z.object({});

export const ZProductionVariant = z.object({
  VariantName: ZJobName,
  ModelName: ZJobName.optional(),
  InitialInstanceCount: z.number().int().min(1).optional(),
  InstanceType: z.string().max(64).optional(),
  InitialVariantWeight: z.number().min(0).optional(),
  AcceleratorType: ZIgnored,
  CoreDumpConfig: ZIgnored,
  ServerlessConfig: ZIgnored,
  VolumeSizeInGB: z.number().int().optional(),
  ModelDataDownloadTimeoutInSeconds: z.number().int().min(60).max(3600).optional(),
  ContainerStartupHealthCheckTimeoutInSeconds: z.number().int().min(60).max(3600).optional(),
  EnableSSMAccess: ZIgnored,
  ManagedInstanceScaling: ZIgnored,
  RoutingConfig: ZIgnored,
  InferenceAmiVersion: ZIgnored,
});
export type ProductionVariant = z.infer<typeof ZProductionVariant>;

export const ZDataCaptureConfig = z.object({
  EnableCapture: z.boolean().optional(),
  InitialSamplingPercentage: z.number().int().min(0).max(100),
  DestinationS3Uri: ZS3Uri,
  KmsKeyId: ZIgnored,
  CaptureOptions: z
    .array(z.object({ CaptureMode: z.enum(['Input', 'Output', 'InputAndOutput']) }))
    .min(1)
    .max(2),
  CaptureContentTypeHeader: z
    .object({ CsvContentTypes: z.array(z.string()).optional(), JsonContentTypes: z.array(z.string()).optional() })
    .optional(),
});
export type DataCaptureConfig = z.infer<typeof ZDataCaptureConfig>;

export const ZCreateEndpointConfigRequestSchema = z.object({
  EndpointConfigName: ZJobName,
  ProductionVariants: z.array(ZProductionVariant).min(1).max(10),
  DataCaptureConfig: ZDataCaptureConfig.optional(),
  Tags: ZTagList.optional(),
  KmsKeyId: ZIgnored,
  AsyncInferenceConfig: ZIgnored,
  ExplainerConfig: ZIgnored,
  ShadowProductionVariants: ZIgnored,
  ExecutionRoleArn: ZRoleArn.optional(),
  VpcConfig: ZVpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
});
export type CreateEndpointConfigRequest = z.infer<typeof ZCreateEndpointConfigRequestSchema>;
export const ZCreateEndpointConfigResponseSchema = z.object({ EndpointConfigArn: z.string() });
export const ZDescribeEndpointConfigRequestSchema = z.strictObject({ EndpointConfigName: ZJobName });
export const ZDescribeEndpointConfigResponseSchema = z.object({
  EndpointConfigName: z.string(),
  EndpointConfigArn: z.string(),
  ProductionVariants: z.array(z.record(z.string(), z.unknown())),
  DataCaptureConfig: z.record(z.string(), z.unknown()).optional(),
  CreationTime: ZTimestamp,
});
export const ZListEndpointConfigsRequestSchema = z.strictObject({
  ...ZListByName,
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
});
export const ZListEndpointConfigsResponseSchema = z.object({
  EndpointConfigs: z.array(
    z.object({ EndpointConfigName: z.string(), EndpointConfigArn: z.string(), CreationTime: ZTimestamp }),
  ),
  NextToken: z.string().optional(),
});
export const ZDeleteEndpointConfigRequestSchema = z.strictObject({ EndpointConfigName: ZJobName });

export const ZEndpointStatus = z.enum([
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
]);
export const ZCreateEndpointRequestSchema = z.object({
  EndpointName: ZJobName,
  EndpointConfigName: ZJobName,
  DeploymentConfig: ZIgnored,
  Tags: ZTagList.optional(),
});
export const ZCreateEndpointResponseSchema = z.object({ EndpointArn: z.string() });
export const ZDescribeEndpointRequestSchema = z.strictObject({ EndpointName: ZJobName });
export const ZProductionVariantSummary = z.object({
  VariantName: z.string(),
  DeployedImages: z
    .array(
      z.object({
        SpecifiedImage: z.string().optional(),
        ResolvedImage: z.string().optional(),
        ResolutionTime: ZTimestamp.optional(),
      }),
    )
    .optional(),
  CurrentWeight: z.number().optional(),
  DesiredWeight: z.number().optional(),
  CurrentInstanceCount: z.number().int().optional(),
  DesiredInstanceCount: z.number().int().optional(),
});
export const ZDescribeEndpointResponseSchema = z.object({
  EndpointName: z.string(),
  EndpointArn: z.string(),
  EndpointConfigName: z.string(),
  ProductionVariants: z.array(ZProductionVariantSummary).optional(),
  DataCaptureConfig: z
    .object({
      EnableCapture: z.boolean(),
      CaptureStatus: z.enum(['Started', 'Stopped']),
      CurrentSamplingPercentage: z.number().int(),
      DestinationS3Uri: z.string(),
    })
    .optional(),
  EndpointStatus: ZEndpointStatus,
  FailureReason: z.string().optional(),
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
});
export const ZListEndpointsRequestSchema = z.strictObject({
  ...ZListByName,
  SortBy: z.enum(['Name', 'CreationTime', 'Status']).optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  StatusEquals: ZEndpointStatus.optional(),
});
export const ZListEndpointsResponseSchema = z.object({
  Endpoints: z.array(
    z.object({
      EndpointName: z.string(),
      EndpointArn: z.string(),
      CreationTime: ZTimestamp,
      LastModifiedTime: ZTimestamp,
      EndpointStatus: ZEndpointStatus,
    }),
  ),
  NextToken: z.string().optional(),
});
export const ZDeleteEndpointRequestSchema = z.strictObject({ EndpointName: ZJobName });
export const ZUpdateEndpointRequestSchema = z.object({
  EndpointName: ZJobName,
  EndpointConfigName: ZJobName,
  RetainAllVariantProperties: z.boolean().optional(),
  ExcludeRetainedVariantProperties: ZIgnored,
  DeploymentConfig: ZIgnored,
  RetainDeploymentConfig: z.boolean().optional(),
});
export const ZUpdateEndpointResponseSchema = z.object({ EndpointArn: z.string() });
export const ZUpdateEndpointWeightsAndCapacitiesRequestSchema = z.strictObject({
  EndpointName: ZJobName,
  DesiredWeightsAndCapacities: z
    .array(
      z.strictObject({
        VariantName: ZJobName,
        DesiredWeight: z.number().min(0).optional(),
        DesiredInstanceCount: z.number().int().min(0).optional(),
        ServerlessUpdateConfig: ZIgnored,
      }),
    )
    .min(1)
    .max(10),
});
export const ZUpdateEndpointWeightsAndCapacitiesResponseSchema = z.object({ EndpointArn: z.string() });
