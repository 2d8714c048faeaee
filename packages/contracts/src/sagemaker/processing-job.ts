// Processing jobs: CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs, StopProcessingJob.
import { z } from 'zod';
import { ZExperimentConfig } from './experiment.ts';
import { ZMaxResults, ZNextToken, ZRoleArn, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZContainerImage, ZEnvironmentMap, ZIgnored, ZJobName, ZS3Uri } from './work-common.ts';

export const ZProcessingJobStatus = z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']);
const ZLocalPath = z
  .string()
  .max(256)
  .regex(/^\/opt\/ml\/processing\/.*|^\/[^\0]*$/, 'LocalPath must be an absolute path in the container');

export const ZProcessingInput = z.object({
  InputName: z.string().min(1).max(256),
  AppManaged: z.boolean().optional(),
  S3Input: z
    .object({
      S3Uri: ZS3Uri,
      LocalPath: ZLocalPath.optional(),
      S3DataType: z.enum(['ManifestFile', 'S3Prefix']),
      S3InputMode: z.enum(['Pipe', 'File']).optional(),
      S3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
      S3CompressionType: z.enum(['None', 'Gzip']).optional(),
    })
    .optional(),
  DatasetDefinition: ZIgnored,
});
export type ProcessingInput = z.infer<typeof ZProcessingInput>;
export const ZProcessingOutput = z.object({
  OutputName: z.string().min(1).max(256),
  S3Output: z
    .object({ S3Uri: ZS3Uri, LocalPath: ZLocalPath.optional(), S3UploadMode: z.enum(['Continuous', 'EndOfJob']) })
    .optional(),
  FeatureStoreOutput: ZIgnored,
  AppManaged: z.boolean().optional(),
});

export const ZCreateProcessingJobRequestSchema = z.object({
  ProcessingInputs: z.array(ZProcessingInput).max(10).optional(),
  ProcessingOutputConfig: z.object({ Outputs: z.array(ZProcessingOutput).max(10), KmsKeyId: ZIgnored }).optional(),
  ProcessingJobName: ZJobName,
  ProcessingResources: z.object({
    ClusterConfig: z.object({
      InstanceCount: z.number().int().min(1).max(100),
      InstanceType: z.string().max(64),
      VolumeSizeInGB: z.number().int().min(1),
      VolumeKmsKeyId: ZIgnored,
    }),
  }),
  StoppingCondition: z.object({ MaxRuntimeInSeconds: z.number().int().min(1).max(777600) }).optional(),
  AppSpecification: z.object({
    ImageUri: ZContainerImage,
    ContainerEntrypoint: z.array(z.string().max(256)).max(100).optional(),
    ContainerArguments: z.array(z.string().max(256)).max(100).optional(),
  }),
  Environment: ZEnvironmentMap.optional(),
  NetworkConfig: ZIgnored,
  RoleArn: ZRoleArn,
  Tags: ZTagList.optional(),
  ExperimentConfig: ZExperimentConfig.optional(),
});
export type CreateProcessingJobRequest = z.infer<typeof ZCreateProcessingJobRequestSchema>;
export const ZCreateProcessingJobResponseSchema = z.object({ ProcessingJobArn: z.string() });

export const ZDescribeProcessingJobRequestSchema = z.strictObject({ ProcessingJobName: ZJobName });
export const ZDescribeProcessingJobResponseSchema = z.object({
  ProcessingInputs: z.array(z.record(z.string(), z.unknown())).optional(),
  ProcessingOutputConfig: z.record(z.string(), z.unknown()).optional(),
  ProcessingJobName: z.string(),
  ProcessingResources: z.record(z.string(), z.unknown()),
  StoppingCondition: z.record(z.string(), z.unknown()).optional(),
  AppSpecification: z.record(z.string(), z.unknown()),
  Environment: z.record(z.string(), z.string()).optional(),
  RoleArn: z.string().optional(),
  ProcessingJobArn: z.string(),
  ProcessingJobStatus: ZProcessingJobStatus,
  ExitMessage: z.string().optional(),
  FailureReason: z.string().optional(),
  ProcessingEndTime: ZTimestamp.optional(),
  ProcessingStartTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  CreationTime: ZTimestamp,
  MonitoringScheduleArn: z.string().optional(),
});

export const ZListProcessingJobsRequestSchema = z.strictObject({
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  NameContains: z.string().max(63).optional(),
  StatusEquals: ZProcessingJobStatus.optional(),
  SortBy: z.enum(['Name', 'CreationTime', 'Status']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
});
export const ZListProcessingJobsResponseSchema = z.object({
  ProcessingJobSummaries: z.array(
    z.object({
      ProcessingJobName: z.string(),
      ProcessingJobArn: z.string(),
      CreationTime: ZTimestamp,
      ProcessingEndTime: ZTimestamp.optional(),
      LastModifiedTime: ZTimestamp.optional(),
      ProcessingJobStatus: ZProcessingJobStatus,
      FailureReason: z.string().optional(),
      ExitMessage: z.string().optional(),
    }),
  ),
  NextToken: z.string().optional(),
});
export const ZStopProcessingJobRequestSchema = z.strictObject({ ProcessingJobName: ZJobName });
export const ZStopProcessingJobResponseSchema = z.object({});
