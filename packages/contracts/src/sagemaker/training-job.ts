// Training jobs: CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs, StopTrainingJob.
import { z } from 'zod';
import { ZExperimentConfig } from './experiment.ts';
import { ZMaxResults, ZNextToken, ZRoleArn, ZSortOrder, ZTagList } from './common.ts';
import {
  ZChannel,
  ZContainerImage,
  ZEnvironmentMap,
  ZIgnored,
  ZJobName,
  ZMetricDefinition,
  ZResourceConfig,
  ZS3Uri,
  ZStoppingCondition,
  ZTimestamp,
  ZVpcConfig,
} from './work-common.ts';

export const ZTrainingJobStatus = z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']);
export type TrainingJobStatus = z.infer<typeof ZTrainingJobStatus>;
export const ZSecondaryStatus = z.enum([
  'Starting',
  'LaunchingMLInstances',
  'PreparingTrainingStack',
  'Downloading',
  'DownloadingTrainingImage',
  'Training',
  'Uploading',
  'Stopping',
  'Stopped',
  'MaxRuntimeExceeded',
  'Completed',
  'Failed',
  'Interrupted',
  'MaxWaitTimeExceeded',
  'Updating',
  'Restarting',
  'Pending',
]);
export type SecondaryStatus = z.infer<typeof ZSecondaryStatus>;

const ZHyperParameters = z
  .record(z.string().max(256), z.string().max(2500))
  .refine((m) => Object.keys(m).length <= 100, 'Member must have length less than or equal to 100');

export const ZAlgorithmSpecification = z.object({
  TrainingImage: ZContainerImage.optional(),
  AlgorithmName: z.string().max(170).optional(),
  TrainingInputMode: z.enum(['Pipe', 'File', 'FastFile']).optional(),
  MetricDefinitions: z.array(ZMetricDefinition).max(40).optional(),
  EnableSageMakerMetricsTimeSeries: z.boolean().optional(),
  ContainerEntrypoint: z.array(z.string().max(256)).max(10).optional(),
  ContainerArguments: z.array(z.string().max(256)).max(100).optional(),
  TrainingImageConfig: ZIgnored,
});

export const ZOutputDataConfig = z.object({
  KmsKeyId: ZIgnored,
  S3OutputPath: ZS3Uri,
  CompressionType: z.enum(['GZIP', 'NONE']).optional(),
});

export const ZCreateTrainingJobRequestSchema = z.object({
  TrainingJobName: ZJobName,
  HyperParameters: ZHyperParameters.optional(),
  AlgorithmSpecification: ZAlgorithmSpecification,
  RoleArn: ZRoleArn,
  InputDataConfig: z.array(ZChannel).min(1).max(20).optional(),
  OutputDataConfig: ZOutputDataConfig,
  ResourceConfig: ZResourceConfig,
  VpcConfig: ZVpcConfig.optional(),
  StoppingCondition: ZStoppingCondition,
  Tags: ZTagList.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
  EnableInterContainerTrafficEncryption: z.boolean().optional(),
  EnableManagedSpotTraining: z.boolean().optional(),
  CheckpointConfig: ZIgnored,
  DebugHookConfig: ZIgnored,
  DebugRuleConfigurations: ZIgnored,
  TensorBoardOutputConfig: ZIgnored,
  ExperimentConfig: ZExperimentConfig.optional(),
  ProfilerConfig: ZIgnored,
  ProfilerRuleConfigurations: ZIgnored,
  Environment: ZEnvironmentMap.optional(),
  RetryStrategy: ZIgnored,
  RemoteDebugConfig: ZIgnored,
  InfraCheckConfig: ZIgnored,
  SessionChainingConfig: ZIgnored,
});
export type CreateTrainingJobRequest = z.infer<typeof ZCreateTrainingJobRequestSchema>;
export const ZCreateTrainingJobResponseSchema = z.object({ TrainingJobArn: z.string() });

export const ZDescribeTrainingJobRequestSchema = z.strictObject({ TrainingJobName: ZJobName });
export const ZSecondaryStatusTransition = z.object({
  Status: ZSecondaryStatus,
  StartTime: ZTimestamp,
  EndTime: ZTimestamp.optional(),
  StatusMessage: z.string().optional(),
});
export const ZMetricData = z.object({ MetricName: z.string(), Value: z.number(), Timestamp: ZTimestamp });
export const ZDescribeTrainingJobResponseSchema = z.object({
  TrainingJobName: z.string(),
  TrainingJobArn: z.string(),
  TuningJobArn: z.string().optional(),
  ModelArtifacts: z.object({ S3ModelArtifacts: z.string() }),
  TrainingJobStatus: ZTrainingJobStatus,
  SecondaryStatus: ZSecondaryStatus,
  FailureReason: z.string().optional(),
  HyperParameters: z.record(z.string(), z.string()).optional(),
  AlgorithmSpecification: z.record(z.string(), z.unknown()),
  RoleArn: z.string().optional(),
  InputDataConfig: z.array(z.record(z.string(), z.unknown())).optional(),
  OutputDataConfig: z.record(z.string(), z.unknown()).optional(),
  ResourceConfig: z.record(z.string(), z.unknown()),
  StoppingCondition: z.record(z.string(), z.unknown()),
  CreationTime: ZTimestamp,
  TrainingStartTime: ZTimestamp.optional(),
  TrainingEndTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  SecondaryStatusTransitions: z.array(ZSecondaryStatusTransition).optional(),
  FinalMetricDataList: z.array(ZMetricData).optional(),
  EnableNetworkIsolation: z.boolean().optional(),
  EnableInterContainerTrafficEncryption: z.boolean().optional(),
  EnableManagedSpotTraining: z.boolean().optional(),
  TrainingTimeInSeconds: z.number().int().optional(),
  BillableTimeInSeconds: z.number().int().optional(),
  Environment: z.record(z.string(), z.string()).optional(),
});
export type DescribeTrainingJobResponse = z.input<typeof ZDescribeTrainingJobResponseSchema>;

export const ZListTrainingJobsRequestSchema = z.strictObject({
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  NameContains: z.string().max(63).optional(),
  StatusEquals: ZTrainingJobStatus.optional(),
  SortBy: z.enum(['Name', 'CreationTime', 'Status']).optional(),
  SortOrder: ZSortOrder.optional(),
  WarmPoolStatusEquals: ZIgnored,
  TrainingPlanArnEquals: ZIgnored,
});
export const ZTrainingJobSummary = z.object({
  TrainingJobName: z.string(),
  TrainingJobArn: z.string(),
  CreationTime: ZTimestamp,
  TrainingEndTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  TrainingJobStatus: ZTrainingJobStatus,
  SecondaryStatus: ZSecondaryStatus.optional(),
});
export const ZListTrainingJobsResponseSchema = z.object({
  TrainingJobSummaries: z.array(ZTrainingJobSummary),
  NextToken: z.string().optional(),
});

export const ZStopTrainingJobRequestSchema = z.strictObject({ TrainingJobName: ZJobName });
export const ZStopTrainingJobResponseSchema = z.object({});
