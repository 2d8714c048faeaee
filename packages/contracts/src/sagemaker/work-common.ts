// Shapes shared by training, processing and transform jobs and by models and endpoints, with the
// published model's constraints. Members Tessera accepts but does not act on (VPC, KMS, spot,
// debugger, profiler, experiments) are accepted so that the SageMaker Python SDK's requests, which
// send several of them, validate unchanged; the README lists what is ignored.
import { z } from 'zod';
export { ZTimestamp } from './common.ts';

export const ZS3Uri = z
  .string()
  .max(1024)
  .regex(
    /^(https|s3):\/\/([^/]+)\/?(.*)$/,
    'Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$',
  );
export const ZJobName = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}',
  );
export const ZContainerImage = z
  .string()
  .max(255)
  .regex(/^[\S]+$/, 'Member must satisfy regular expression pattern: [\\S]+');
export const ZEnvironmentMap = z
  .record(
    z
      .string()
      .max(1024)
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'Environment variable names must match [a-zA-Z_][a-zA-Z0-9_]*'),
    z.string().max(10240),
  )
  .refine((m) => Object.keys(m).length <= 100, 'Member must have length less than or equal to 100');
export const ZInstanceType = z.string().min(1).max(64);
export const ZMetricDefinition = z.strictObject({
  Name: z.string().min(1).max(255),
  Regex: z.string().min(1).max(500),
});
export const ZStoppingCondition = z.object({
  MaxRuntimeInSeconds: z.number().int().min(1).optional(),
  MaxWaitTimeInSeconds: z.number().int().min(1).optional(),
  MaxPendingTimeInSeconds: z.number().int().min(7200).max(2419200).optional(),
});
export const ZVpcConfig = z.object({ SecurityGroupIds: z.array(z.string()), Subnets: z.array(z.string()) });
/** Accepted and kept, not acted on (see the file comment). */
export const ZIgnored = z.unknown().optional();

export const ZS3DataSource = z.object({
  S3DataType: z.enum(['ManifestFile', 'S3Prefix', 'AugmentedManifestFile', 'Converse']),
  S3Uri: ZS3Uri,
  S3DataDistributionType: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
  AttributeNames: z.array(z.string()).optional(),
  InstanceGroupNames: z.array(z.string()).optional(),
  ModelAccessConfig: ZIgnored,
  HubAccessConfig: ZIgnored,
});
export const ZChannel = z.object({
  ChannelName: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9.\-_]+$/, 'Member must satisfy regular expression pattern: [A-Za-z0-9\\.\\-_]+'),
  DataSource: z.object({
    S3DataSource: ZS3DataSource.optional(),
    FileSystemDataSource: ZIgnored,
    DatasetSource: ZIgnored,
  }),
  ContentType: z.string().max(256).optional(),
  CompressionType: z.enum(['None', 'Gzip']).optional(),
  RecordWrapperType: z.enum(['None', 'RecordIO']).optional(),
  InputMode: z.enum(['Pipe', 'File', 'FastFile']).optional(),
  ShuffleConfig: ZIgnored,
});
export type Channel = z.infer<typeof ZChannel>;

export const ZResourceConfig = z.object({
  InstanceType: ZInstanceType.optional(),
  InstanceCount: z.number().int().min(0).optional(),
  VolumeSizeInGB: z.number().int().min(1),
  VolumeKmsKeyId: ZIgnored,
  KeepAlivePeriodInSeconds: z.number().int().min(0).max(3600).optional(),
  InstanceGroups: ZIgnored,
  TrainingPlanArn: ZIgnored,
  InstancePlacementConfig: ZIgnored,
});
