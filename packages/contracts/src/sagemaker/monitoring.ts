// Model Monitor: the four kinds of monitoring job definition (DataQuality, ModelQuality, ModelBias,
// ModelExplainability: Create/Describe/List/Delete each), monitoring schedules (Create, Describe,
// List, Update, Start, Stop, Delete) and ListMonitoringExecutions, with the published model's
// constraints (botocore sagemaker 2017-07-24).
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZRoleArn, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZContainerImage, ZIgnored } from './work-common.ts';

const namePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const nameMessage = 'Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}';
export const ZMonitoringName = z.string().min(1).max(63).regex(namePattern, nameMessage);
const ZEndpointName = z.string().max(63).regex(namePattern, nameMessage);
const ZMonitoringS3Uri = z
  .string()
  .max(512)
  .regex(
    /^(https|s3):\/\/([^/]+)\/?(.*)$/,
    'Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)',
  );
const ZLocalPath = z
  .string()
  .max(256)
  .regex(/^\/[^\0]*$/, 'LocalPath must be an absolute path in the container, such as /opt/ml/processing/input');
/** ISO-8601 durations before the scheduled time: -PT1H, -P1D, -PT0H. */
export const ZTimeOffset = z
  .string()
  .min(1)
  .max(15)
  .regex(/^.?P.*$/, 'Member must satisfy regular expression pattern: .?P.*');

export const ZMonitoringType = z.enum(['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability']);
export type MonitoringType = z.infer<typeof ZMonitoringType>;
export const ZScheduleStatus = z.enum(['Pending', 'Failed', 'Scheduled', 'Stopped']);
export const ZExecutionStatus = z.enum([
  'Pending',
  'Completed',
  'CompletedWithViolations',
  'InProgress',
  'Failed',
  'Stopping',
  'Stopped',
]);
export type ExecutionStatus = z.infer<typeof ZExecutionStatus>;
export const ZProblemType = z.enum(['BinaryClassification', 'MulticlassClassification', 'Regression']);

const ZMonitoringEnvironment = z
  .record(
    z
      .string()
      .max(256)
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'Environment variable names must match [a-zA-Z_][a-zA-Z0-9_]*'),
    z.string().max(256),
  )
  .refine((m) => Object.keys(m).length <= 50, 'Member must have length less than or equal to 50');

const inputColumns = {
  LocalPath: ZLocalPath,
  S3InputMode: z.enum(['Pipe', 'File']).optional(),
  S3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
  FeaturesAttribute: z.string().max(256).optional(),
  InferenceAttribute: z.string().max(256).optional(),
  ProbabilityAttribute: z.string().max(256).optional(),
  ProbabilityThresholdAttribute: z.number().optional(),
  StartTimeOffset: ZTimeOffset.optional(),
  EndTimeOffset: ZTimeOffset.optional(),
  ExcludeFeaturesAttribute: z.string().max(100).optional(),
};
export const ZEndpointInput = z.object({ EndpointName: ZEndpointName, ...inputColumns });
export type EndpointInput = z.infer<typeof ZEndpointInput>;
export const ZBatchTransformInput = z.object({
  DataCapturedDestinationS3Uri: ZMonitoringS3Uri,
  DatasetFormat: z.object({
    Csv: z.object({ Header: z.boolean().optional() }).optional(),
    Json: z.object({ Line: z.boolean().optional() }).optional(),
    Parquet: z.object({}).optional(),
  }),
  ...inputColumns,
});
const ZMonitoringInput = z.object({
  EndpointInput: ZEndpointInput.optional(),
  BatchTransformInput: ZBatchTransformInput.optional(),
});
export type MonitoringInput = z.infer<typeof ZMonitoringInput>;
const ZGroundTruthS3Input = z.object({ S3Uri: ZMonitoringS3Uri.optional() });

export const ZMonitoringOutputConfig = z.object({
  MonitoringOutputs: z
    .array(
      z.object({
        S3Output: z.object({
          S3Uri: ZMonitoringS3Uri,
          LocalPath: ZLocalPath,
          S3UploadMode: z.enum(['Continuous', 'EndOfJob']).optional(),
        }),
      }),
    )
    .min(1)
    .max(1),
  KmsKeyId: ZIgnored,
});
export const ZMonitoringResources = z.object({
  ClusterConfig: z.object({
    InstanceCount: z.number().int().min(1).max(100),
    InstanceType: z.string().min(1).max(64),
    VolumeSizeInGB: z.number().int().min(1).max(16384),
    VolumeKmsKeyId: ZIgnored,
  }),
});
const ZStopping = z.object({ MaxRuntimeInSeconds: z.number().int().min(1).max(86400) });
const ZNetwork = z.object({
  EnableInterContainerTrafficEncryption: z.boolean().optional(),
  EnableNetworkIsolation: z.boolean().optional(),
  VpcConfig: ZIgnored,
});
const ZS3Resource = z.object({ S3Uri: ZMonitoringS3Uri.optional() });
const ZBaseline = z.object({
  BaseliningJobName: z.string().max(63).optional(),
  ConstraintsResource: ZS3Resource.optional(),
  StatisticsResource: ZS3Resource.optional(),
});
const ZContainerList = (max: number) => z.array(z.string().max(256)).min(1).max(max);
const analyzerApp = {
  ImageUri: ZContainerImage,
  ContainerEntrypoint: ZContainerList(100).optional(),
  ContainerArguments: ZContainerList(50).optional(),
  RecordPreprocessorSourceUri: ZMonitoringS3Uri.optional(),
  PostAnalyticsProcessorSourceUri: ZMonitoringS3Uri.optional(),
};
const clarifyApp = {
  ImageUri: ZContainerImage,
  ConfigUri: ZMonitoringS3Uri,
  Environment: ZMonitoringEnvironment.optional(),
};

// The members every definition has, whatever its type.
const definitionCommon = {
  JobDefinitionName: ZMonitoringName,
  JobResources: ZMonitoringResources,
  NetworkConfig: ZNetwork.optional(),
  RoleArn: ZRoleArn,
  StoppingCondition: ZStopping.optional(),
};

export const ZCreateDataQualityJobDefinitionRequestSchema = z.object({
  ...definitionCommon,
  DataQualityBaselineConfig: ZBaseline.optional(),
  DataQualityAppSpecification: z.object({ ...analyzerApp, Environment: ZMonitoringEnvironment.optional() }),
  DataQualityJobInput: ZMonitoringInput,
  DataQualityJobOutputConfig: ZMonitoringOutputConfig,
  Tags: ZTagList.optional(),
});
export const ZCreateModelQualityJobDefinitionRequestSchema = z.object({
  ...definitionCommon,
  ModelQualityBaselineConfig: ZBaseline.omit({ StatisticsResource: true }).optional(),
  ModelQualityAppSpecification: z.object({
    ...analyzerApp,
    ProblemType: ZProblemType.optional(),
    Environment: ZMonitoringEnvironment.optional(),
  }),
  ModelQualityJobInput: ZMonitoringInput.extend({ GroundTruthS3Input: ZGroundTruthS3Input }),
  ModelQualityJobOutputConfig: ZMonitoringOutputConfig,
  Tags: ZTagList.optional(),
});
export const ZCreateModelBiasJobDefinitionRequestSchema = z.object({
  ...definitionCommon,
  ModelBiasBaselineConfig: ZBaseline.omit({ StatisticsResource: true }).optional(),
  ModelBiasAppSpecification: z.object(clarifyApp),
  ModelBiasJobInput: ZMonitoringInput.extend({ GroundTruthS3Input: ZGroundTruthS3Input }),
  ModelBiasJobOutputConfig: ZMonitoringOutputConfig,
  Tags: ZTagList.optional(),
});
export const ZCreateModelExplainabilityJobDefinitionRequestSchema = z.object({
  ...definitionCommon,
  ModelExplainabilityBaselineConfig: ZBaseline.omit({ StatisticsResource: true }).optional(),
  ModelExplainabilityAppSpecification: z.object(clarifyApp),
  ModelExplainabilityJobInput: ZMonitoringInput,
  ModelExplainabilityJobOutputConfig: ZMonitoringOutputConfig,
  Tags: ZTagList.optional(),
});
export type CreateDataQualityJobDefinitionRequest = z.infer<typeof ZCreateDataQualityJobDefinitionRequestSchema>;
export type CreateModelQualityJobDefinitionRequest = z.infer<typeof ZCreateModelQualityJobDefinitionRequestSchema>;
export type CreateModelBiasJobDefinitionRequest = z.infer<typeof ZCreateModelBiasJobDefinitionRequestSchema>;
export type CreateModelExplainabilityJobDefinitionRequest = z.infer<
  typeof ZCreateModelExplainabilityJobDefinitionRequestSchema
>;
export type JobDefinitionRequest =
  | CreateDataQualityJobDefinitionRequest
  | CreateModelQualityJobDefinitionRequest
  | CreateModelBiasJobDefinitionRequest
  | CreateModelExplainabilityJobDefinitionRequest;

export const ZCreateJobDefinitionResponseSchema = z.object({ JobDefinitionArn: z.string() });
export const ZJobDefinitionNameRequestSchema = z.strictObject({ JobDefinitionName: ZMonitoringName });
export const ZDeleteJobDefinitionResponseSchema = z.object({});
/** Describe*JobDefinition: the request as given (no Tags) with its ARN and creation time. */
export const ZDescribeJobDefinitionResponseSchema = z
  .object({ JobDefinitionArn: z.string(), JobDefinitionName: z.string(), CreationTime: ZTimestamp })
  .catchall(z.unknown());
export const ZListJobDefinitionsRequestSchema = z.strictObject({
  EndpointName: ZEndpointName.optional(),
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  NameContains: z.string().max(63).optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
});
export type ListJobDefinitionsRequest = z.infer<typeof ZListJobDefinitionsRequestSchema>;
export const ZListJobDefinitionsResponseSchema = z.object({
  JobDefinitionSummaries: z.array(
    z.object({
      MonitoringJobDefinitionName: z.string(),
      MonitoringJobDefinitionArn: z.string(),
      CreationTime: ZTimestamp,
      EndpointName: z.string(),
    }),
  ),
  NextToken: z.string().optional(),
});

// ---- Schedules ----

/** An inline definition (MonitoringScheduleConfig.MonitoringJobDefinition): the older, single form. */
export const ZMonitoringJobDefinition = z.object({
  BaselineConfig: ZBaseline.optional(),
  MonitoringInputs: z.array(ZMonitoringInput).min(1).max(1),
  MonitoringOutputConfig: ZMonitoringOutputConfig,
  MonitoringResources: ZMonitoringResources,
  MonitoringAppSpecification: z.object(analyzerApp),
  StoppingCondition: ZStopping.optional(),
  Environment: ZMonitoringEnvironment.optional(),
  NetworkConfig: ZNetwork.optional(),
  RoleArn: ZRoleArn,
});
export type MonitoringJobDefinition = z.infer<typeof ZMonitoringJobDefinition>;

export const ZMonitoringScheduleConfig = z.object({
  ScheduleConfig: z
    .object({
      ScheduleExpression: z.string().min(1).max(256),
      DataAnalysisStartTime: z.string().max(15).optional(),
      DataAnalysisEndTime: z.string().max(15).optional(),
    })
    .optional(),
  MonitoringJobDefinition: ZMonitoringJobDefinition.optional(),
  MonitoringJobDefinitionName: ZMonitoringName.optional(),
  MonitoringType: ZMonitoringType.optional(),
});
export type MonitoringScheduleConfig = z.infer<typeof ZMonitoringScheduleConfig>;

export const ZCreateMonitoringScheduleRequestSchema = z.object({
  MonitoringScheduleName: ZMonitoringName,
  MonitoringScheduleConfig: ZMonitoringScheduleConfig,
  Tags: ZTagList.optional(),
});
export const ZMonitoringScheduleArnResponseSchema = z.object({ MonitoringScheduleArn: z.string() });
export const ZUpdateMonitoringScheduleRequestSchema = z.strictObject({
  MonitoringScheduleName: ZMonitoringName,
  MonitoringScheduleConfig: ZMonitoringScheduleConfig,
});
export const ZMonitoringScheduleNameRequestSchema = z.strictObject({ MonitoringScheduleName: ZMonitoringName });

export const ZMonitoringExecutionSummary = z.object({
  MonitoringScheduleName: z.string(),
  ScheduledTime: ZTimestamp,
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
  MonitoringExecutionStatus: ZExecutionStatus,
  ProcessingJobArn: z.string().optional(),
  EndpointName: z.string().optional(),
  FailureReason: z.string().optional(),
  MonitoringJobDefinitionName: z.string().optional(),
  MonitoringType: ZMonitoringType.optional(),
});
export const ZDescribeMonitoringScheduleResponseSchema = z.object({
  MonitoringScheduleArn: z.string(),
  MonitoringScheduleName: z.string(),
  MonitoringScheduleStatus: ZScheduleStatus,
  MonitoringType: ZMonitoringType.optional(),
  FailureReason: z.string().optional(),
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
  MonitoringScheduleConfig: z.record(z.string(), z.unknown()),
  EndpointName: z.string().optional(),
  LastMonitoringExecutionSummary: ZMonitoringExecutionSummary.optional(),
});

export const ZListMonitoringSchedulesRequestSchema = z.strictObject({
  EndpointName: ZEndpointName.optional(),
  SortBy: z.enum(['Name', 'CreationTime', 'Status']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  NameContains: z.string().max(63).optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  StatusEquals: ZScheduleStatus.optional(),
  MonitoringJobDefinitionName: ZMonitoringName.optional(),
  MonitoringTypeEquals: ZMonitoringType.optional(),
});
export const ZListMonitoringSchedulesResponseSchema = z.object({
  MonitoringScheduleSummaries: z.array(
    z.object({
      MonitoringScheduleName: z.string(),
      MonitoringScheduleArn: z.string(),
      CreationTime: ZTimestamp,
      LastModifiedTime: ZTimestamp,
      MonitoringScheduleStatus: ZScheduleStatus,
      EndpointName: z.string().optional(),
      MonitoringJobDefinitionName: z.string().optional(),
      MonitoringType: ZMonitoringType.optional(),
    }),
  ),
  NextToken: z.string().optional(),
});

export const ZListMonitoringExecutionsRequestSchema = z.strictObject({
  MonitoringScheduleName: ZMonitoringName.optional(),
  EndpointName: ZEndpointName.optional(),
  SortBy: z.enum(['CreationTime', 'ScheduledTime', 'Status']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  ScheduledTimeBefore: ZTimestamp.optional(),
  ScheduledTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  StatusEquals: ZExecutionStatus.optional(),
  MonitoringJobDefinitionName: ZMonitoringName.optional(),
  MonitoringTypeEquals: ZMonitoringType.optional(),
});
export const ZListMonitoringExecutionsResponseSchema = z.object({
  MonitoringExecutionSummaries: z.array(ZMonitoringExecutionSummary),
  NextToken: z.string().optional(),
});
