// Batch transform: CreateTransformJob, DescribeTransformJob, ListTransformJobs, StopTransformJob.
import { z } from 'zod';
import { ZExperimentConfig } from './experiment.ts';
import { ZMaxResults, ZNextToken, ZSortOrder, ZTagList } from './common.ts';
import { ZEnvironmentMap, ZIgnored, ZInstanceType, ZJobName, ZS3Uri, ZTimestamp } from './work-common.ts';

export const ZTransformJobStatus = z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']);
export type TransformJobStatus = z.infer<typeof ZTransformJobStatus>;

const ZModelName = z
  .string()
  .max(63)
  .regex(
    /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?',
  );
/** The service model allows 63 characters; what the expression means is checked by the handler. */
const ZJsonPath = z.string().max(63);

export const ZTransformInput = z.object({
  DataSource: z.object({
    S3DataSource: z.object({
      S3DataType: z.enum(['ManifestFile', 'S3Prefix', 'AugmentedManifestFile', 'Converse']),
      S3Uri: ZS3Uri,
    }),
  }),
  ContentType: z.string().max(256).optional(),
  CompressionType: z.enum(['None', 'Gzip']).optional(),
  SplitType: z.enum(['None', 'Line', 'RecordIO', 'TFRecord']).optional(),
});
export const ZTransformOutput = z.object({
  S3OutputPath: ZS3Uri,
  Accept: z.string().max(256).optional(),
  AssembleWith: z.enum(['None', 'Line']).optional(),
  KmsKeyId: ZIgnored,
});
export const ZTransformResources = z.object({
  InstanceType: ZInstanceType,
  InstanceCount: z.number().int().min(1).max(100),
  VolumeKmsKeyId: ZIgnored,
  TransformAmiVersion: ZIgnored,
});
export const ZDataProcessing = z.object({
  InputFilter: ZJsonPath.optional(),
  OutputFilter: ZJsonPath.optional(),
  JoinSource: z.enum(['Input', 'None']).optional(),
});
export const ZModelClientConfig = z.object({
  InvocationsTimeoutInSeconds: z.number().int().min(1).max(3600).optional(),
  InvocationsMaxRetries: z.number().int().min(0).max(3).optional(),
});

export const ZCreateTransformJobRequestSchema = z.object({
  TransformJobName: ZJobName,
  ModelName: ZModelName,
  MaxConcurrentTransforms: z.number().int().min(0).optional(),
  ModelClientConfig: ZModelClientConfig.optional(),
  MaxPayloadInMB: z.number().int().min(0).optional(),
  BatchStrategy: z.enum(['MultiRecord', 'SingleRecord']).optional(),
  Environment: ZEnvironmentMap.refine(
    (m) => Object.keys(m).length <= 16,
    'Member must have length less than or equal to 16',
  ).optional(),
  TransformInput: ZTransformInput,
  TransformOutput: ZTransformOutput,
  /** Accepted and echoed; batch data capture is not written (the README says so). */
  DataCaptureConfig: z
    .object({ DestinationS3Uri: ZS3Uri, KmsKeyId: ZIgnored, GenerateInferenceId: z.boolean().optional() })
    .optional(),
  TransformResources: ZTransformResources,
  DataProcessing: ZDataProcessing.optional(),
  Tags: ZTagList.optional(),
  ExperimentConfig: ZExperimentConfig.optional(),
});
export type CreateTransformJobRequest = z.infer<typeof ZCreateTransformJobRequestSchema>;
export const ZCreateTransformJobResponseSchema = z.object({ TransformJobArn: z.string() });

export const ZDescribeTransformJobRequestSchema = z.strictObject({ TransformJobName: ZJobName });
export const ZDescribeTransformJobResponseSchema = z.object({
  TransformJobName: z.string(),
  TransformJobArn: z.string(),
  TransformJobStatus: ZTransformJobStatus,
  FailureReason: z.string().max(1024).optional(),
  ModelName: z.string(),
  MaxConcurrentTransforms: z.number().int().optional(),
  ModelClientConfig: z.record(z.string(), z.unknown()).optional(),
  MaxPayloadInMB: z.number().int().optional(),
  BatchStrategy: z.enum(['MultiRecord', 'SingleRecord']).optional(),
  Environment: z.record(z.string(), z.string()).optional(),
  TransformInput: z.record(z.string(), z.unknown()),
  TransformOutput: z.record(z.string(), z.unknown()).optional(),
  DataCaptureConfig: z.record(z.string(), z.unknown()).optional(),
  TransformResources: z.record(z.string(), z.unknown()),
  CreationTime: ZTimestamp,
  TransformStartTime: ZTimestamp.optional(),
  TransformEndTime: ZTimestamp.optional(),
  DataProcessing: z.record(z.string(), z.unknown()).optional(),
  ExperimentConfig: z.record(z.string(), z.unknown()).optional(),
});
export type DescribeTransformJobResponse = z.input<typeof ZDescribeTransformJobResponseSchema>;

export const ZListTransformJobsRequestSchema = z.strictObject({
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  NameContains: z.string().max(63).optional(),
  StatusEquals: ZTransformJobStatus.optional(),
  SortBy: z.enum(['Name', 'CreationTime', 'Status']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
});
export const ZTransformJobSummary = z.object({
  TransformJobName: z.string(),
  TransformJobArn: z.string(),
  CreationTime: ZTimestamp,
  TransformEndTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  TransformJobStatus: ZTransformJobStatus,
  FailureReason: z.string().optional(),
});
export const ZListTransformJobsResponseSchema = z.object({
  TransformJobSummaries: z.array(ZTransformJobSummary),
  NextToken: z.string().optional(),
});

export const ZStopTransformJobRequestSchema = z.strictObject({ TransformJobName: ZJobName });
export const ZStopTransformJobResponseSchema = z.object({});
