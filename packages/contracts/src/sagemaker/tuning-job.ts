// Automatic model tuning: CreateHyperParameterTuningJob, Describe…, List…, Stop…, Delete… and
// ListTrainingJobsForHyperParameterTuningJob. One training job definition per tuning job (the
// multi-definition form is refused by the operation, with the reason).
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZRoleArn, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZAlgorithmSpecification, ZOutputDataConfig, ZTrainingJobStatus } from './training-job.ts';
import { ZChannel, ZEnvironmentMap, ZIgnored, ZResourceConfig, ZStoppingCondition, ZVpcConfig } from './work-common.ts';

/** Tuning job names are shorter than other jobs': their training jobs add "-NNN-xxxxxxxx". */
export const ZTuningJobName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/, 'a name of letters, digits and hyphens (at most 32)');

const ZParameterName = z.string().min(1).max(256);
const ZParameterValue = z.string().max(256);
export const ZScalingType = z.enum(['Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic']);
const ZNumericRange = z.object({
  Name: ZParameterName,
  MinValue: ZParameterValue,
  MaxValue: ZParameterValue,
  ScalingType: ZScalingType.optional(),
});
export const ZParameterRanges = z.object({
  IntegerParameterRanges: z.array(ZNumericRange).max(30).optional(),
  ContinuousParameterRanges: z.array(ZNumericRange).max(30).optional(),
  CategoricalParameterRanges: z
    .array(z.object({ Name: ZParameterName, Values: z.array(ZParameterValue).min(1).max(30) }))
    .max(30)
    .optional(),
  AutoParameters: ZIgnored,
});
export type ParameterRanges = z.infer<typeof ZParameterRanges>;

export const ZTuningObjective = z.object({
  Type: z.enum(['Maximize', 'Minimize']),
  MetricName: z.string().min(1).max(255),
});
export type TuningObjective = z.infer<typeof ZTuningObjective>;

export const ZTuningStrategy = z.enum(['Bayesian', 'Random', 'Hyperband', 'Grid']);
export const ZTuningJobConfig = z.object({
  Strategy: ZTuningStrategy,
  StrategyConfig: ZIgnored,
  HyperParameterTuningJobObjective: ZTuningObjective.optional(),
  ResourceLimits: z.object({
    MaxNumberOfTrainingJobs: z.number().int().min(1).max(500).optional(),
    MaxParallelTrainingJobs: z.number().int().min(1).max(100),
    MaxRuntimeInSeconds: z.number().int().min(120).max(15_768_000).optional(),
  }),
  ParameterRanges: ZParameterRanges.optional(),
  TrainingJobEarlyStoppingType: z.enum(['Off', 'Auto']).optional(),
  TuningJobCompletionCriteria: z
    .object({
      TargetObjectiveMetricValue: z.number().optional(),
      BestObjectiveNotImproving: z
        .object({ MaxNumberOfTrainingJobsNotImproving: z.number().int().min(3).optional() })
        .optional(),
      ConvergenceDetected: z.object({ CompleteOnConvergence: z.enum(['Disabled', 'Enabled']).optional() }).optional(),
    })
    .optional(),
  RandomSeed: z.number().int().min(0).optional(),
});
export type TuningJobConfig = z.infer<typeof ZTuningJobConfig>;

export const ZTrainingJobDefinition = z.object({
  DefinitionName: z.string().min(1).max(64).optional(),
  TuningObjective: ZTuningObjective.optional(),
  HyperParameterRanges: ZParameterRanges.optional(),
  StaticHyperParameters: z.record(z.string().max(256), z.string().max(2500)).optional(),
  AlgorithmSpecification: ZAlgorithmSpecification,
  RoleArn: ZRoleArn,
  InputDataConfig: z.array(ZChannel).min(1).max(20).optional(),
  VpcConfig: ZVpcConfig.optional(),
  OutputDataConfig: ZOutputDataConfig,
  ResourceConfig: ZResourceConfig,
  HyperParameterTuningResourceConfig: ZIgnored,
  StoppingCondition: ZStoppingCondition,
  EnableNetworkIsolation: z.boolean().optional(),
  EnableInterContainerTrafficEncryption: z.boolean().optional(),
  EnableManagedSpotTraining: z.boolean().optional(),
  CheckpointConfig: ZIgnored,
  RetryStrategy: ZIgnored,
  Environment: ZEnvironmentMap.optional(),
});
export type TrainingJobDefinition = z.infer<typeof ZTrainingJobDefinition>;

export const ZWarmStartConfig = z.object({
  ParentHyperParameterTuningJobs: z
    .array(z.object({ HyperParameterTuningJobName: ZTuningJobName }))
    .min(1)
    .max(5),
  WarmStartType: z.enum(['IdenticalDataAndAlgorithm', 'TransferLearning']),
});

export const ZCreateHyperParameterTuningJobRequestSchema = z.object({
  HyperParameterTuningJobName: ZTuningJobName,
  HyperParameterTuningJobConfig: ZTuningJobConfig,
  TrainingJobDefinition: ZTrainingJobDefinition.optional(),
  TrainingJobDefinitions: z.array(ZTrainingJobDefinition).min(1).max(10).optional(),
  WarmStartConfig: ZWarmStartConfig.optional(),
  Tags: ZTagList.optional(),
  Autotune: ZIgnored,
});
export type CreateHyperParameterTuningJobRequest = z.infer<typeof ZCreateHyperParameterTuningJobRequestSchema>;
export const ZCreateHyperParameterTuningJobResponseSchema = z.object({ HyperParameterTuningJobArn: z.string() });

export const ZTuningJobStatus = z.enum(['Completed', 'InProgress', 'Failed', 'Stopped', 'Stopping']);
export const ZTrainingJobStatusCounters = z.object({
  Completed: z.number().int(),
  InProgress: z.number().int(),
  RetryableError: z.number().int(),
  NonRetryableError: z.number().int(),
  Stopped: z.number().int(),
});
export const ZObjectiveStatusCounters = z.object({
  Succeeded: z.number().int(),
  Pending: z.number().int(),
  Failed: z.number().int(),
});
export const ZObjectiveStatus = z.enum(['Succeeded', 'Pending', 'Failed']);
export const ZHyperParameterTrainingJobSummary = z.object({
  TrainingJobDefinitionName: z.string().optional(),
  TrainingJobName: z.string(),
  TrainingJobArn: z.string(),
  TuningJobName: z.string().optional(),
  CreationTime: ZTimestamp,
  TrainingStartTime: ZTimestamp.optional(),
  TrainingEndTime: ZTimestamp.optional(),
  TrainingJobStatus: ZTrainingJobStatus,
  TunedHyperParameters: z.record(z.string(), z.string()),
  FailureReason: z.string().optional(),
  FinalHyperParameterTuningJobObjectiveMetric: z
    .object({ Type: z.enum(['Maximize', 'Minimize']).optional(), MetricName: z.string(), Value: z.number() })
    .optional(),
  ObjectiveStatus: ZObjectiveStatus.optional(),
});
export type HyperParameterTrainingJobSummary = z.infer<typeof ZHyperParameterTrainingJobSummary>;

export const ZDescribeHyperParameterTuningJobRequestSchema = z.strictObject({
  HyperParameterTuningJobName: ZTuningJobName,
});
export const ZDescribeHyperParameterTuningJobResponseSchema = z.object({
  HyperParameterTuningJobName: z.string(),
  HyperParameterTuningJobArn: z.string(),
  HyperParameterTuningJobConfig: z.record(z.string(), z.unknown()),
  TrainingJobDefinition: z.record(z.string(), z.unknown()).optional(),
  HyperParameterTuningJobStatus: ZTuningJobStatus,
  CreationTime: ZTimestamp,
  HyperParameterTuningEndTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  TrainingJobStatusCounters: ZTrainingJobStatusCounters,
  ObjectiveStatusCounters: ZObjectiveStatusCounters,
  BestTrainingJob: ZHyperParameterTrainingJobSummary.optional(),
  OverallBestTrainingJob: ZHyperParameterTrainingJobSummary.optional(),
  WarmStartConfig: z.record(z.string(), z.unknown()).optional(),
  FailureReason: z.string().optional(),
  TuningJobCompletionDetails: z
    .object({
      NumberOfTrainingJobsObjectiveNotImproving: z.number().int().optional(),
      ConvergenceDetectedTime: ZTimestamp.optional(),
    })
    .optional(),
  ConsumedResources: z.object({ RuntimeInSeconds: z.number().int().optional() }).optional(),
});
export type DescribeHyperParameterTuningJobResponse = z.input<typeof ZDescribeHyperParameterTuningJobResponseSchema>;

export const ZListHyperParameterTuningJobsRequestSchema = z.strictObject({
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  SortBy: z.enum(['Name', 'Status', 'CreationTime']).optional(),
  SortOrder: ZSortOrder.optional(),
  NameContains: z.string().max(63).optional(),
  CreationTimeAfter: ZTimestamp.optional(),
  CreationTimeBefore: ZTimestamp.optional(),
  LastModifiedTimeAfter: ZTimestamp.optional(),
  LastModifiedTimeBefore: ZTimestamp.optional(),
  StatusEquals: ZTuningJobStatus.optional(),
});
export const ZHyperParameterTuningJobSummary = z.object({
  HyperParameterTuningJobName: z.string(),
  HyperParameterTuningJobArn: z.string(),
  HyperParameterTuningJobStatus: ZTuningJobStatus,
  Strategy: ZTuningStrategy,
  CreationTime: ZTimestamp,
  HyperParameterTuningEndTime: ZTimestamp.optional(),
  LastModifiedTime: ZTimestamp.optional(),
  TrainingJobStatusCounters: ZTrainingJobStatusCounters,
  ObjectiveStatusCounters: ZObjectiveStatusCounters,
  ResourceLimits: z.record(z.string(), z.unknown()).optional(),
});
export const ZListHyperParameterTuningJobsResponseSchema = z.object({
  HyperParameterTuningJobSummaries: z.array(ZHyperParameterTuningJobSummary),
  NextToken: z.string().optional(),
});

export const ZListTrainingJobsForHyperParameterTuningJobRequestSchema = z.strictObject({
  HyperParameterTuningJobName: ZTuningJobName,
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  StatusEquals: ZTrainingJobStatus.optional(),
  SortBy: z.enum(['Name', 'CreationTime', 'Status', 'FinalObjectiveMetricValue']).optional(),
  SortOrder: ZSortOrder.optional(),
});
export const ZListTrainingJobsForHyperParameterTuningJobResponseSchema = z.object({
  TrainingJobSummaries: z.array(ZHyperParameterTrainingJobSummary),
  NextToken: z.string().optional(),
});

export const ZStopHyperParameterTuningJobRequestSchema = z.strictObject({
  HyperParameterTuningJobName: ZTuningJobName,
});
export const ZDeleteHyperParameterTuningJobRequestSchema = z.strictObject({
  HyperParameterTuningJobName: ZTuningJobName,
});
