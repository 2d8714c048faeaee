// Experiments: experiments, the trials in them, and trial components (a step — a training job, a
// processing job, or anything a user records — with its parameters, artifacts and metrics), and
// the associations between trials and components. 17 operations, as in the service model.
import { z } from 'zod';
import { ZMaxResults, ZNextToken, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';

/** Experiment, trial and trial component names: up to 120 characters. */
export const ZExperimentEntityName = z
  .string()
  .min(1)
  .max(120)
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/,
    'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}',
  );
/** A name or (for the components' operations) an ARN ending in one. */
const ZNameOrArn = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]+\/)?[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/,
    'a name, or the ARN of one',
  );
const ZDisplayName = z.string().min(1).max(120);
const ZDescription = z.string().max(3072);

/** What a job's ExperimentConfig names: the experiment and trial its trial component goes in. */
export const ZExperimentConfig = z.object({
  ExperimentName: ZExperimentEntityName.optional(),
  TrialName: ZExperimentEntityName.optional(),
  TrialComponentDisplayName: ZDisplayName.optional(),
  RunName: ZExperimentEntityName.optional(),
});
export type ExperimentConfig = z.infer<typeof ZExperimentConfig>;

const ZSource = z.object({ SourceArn: z.string(), SourceType: z.string().optional() });
const ZUserContext = z.object({ UserProfileName: z.string().optional(), UserProfileArn: z.string().optional() });
const ZMetadataProperties = z.object({
  CommitId: z.string().max(1024).optional(),
  Repository: z.string().max(1024).optional(),
  GeneratedBy: z.string().max(1024).optional(),
  ProjectId: z.string().max(1024).optional(),
});

// Experiments
export const ZCreateExperimentRequestSchema = z.strictObject({
  ExperimentName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
  Description: ZDescription.optional(),
  Tags: ZTagList.optional(),
});
export const ZCreateExperimentResponseSchema = z.object({ ExperimentArn: z.string() });
export const ZDescribeExperimentRequestSchema = z.strictObject({ ExperimentName: ZExperimentEntityName });
export const ZExperimentDescription = z.object({
  ExperimentName: z.string(),
  ExperimentArn: z.string(),
  DisplayName: z.string().optional(),
  Source: ZSource.optional(),
  Description: z.string().optional(),
  CreationTime: ZTimestamp,
  CreatedBy: ZUserContext.optional(),
  LastModifiedTime: ZTimestamp,
  LastModifiedBy: ZUserContext.optional(),
});
export const ZDescribeExperimentResponseSchema = ZExperimentDescription;
const ZListEntitiesRequest = {
  CreatedAfter: ZTimestamp.optional(),
  CreatedBefore: ZTimestamp.optional(),
  SortBy: z.enum(['Name', 'CreationTime']).optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
};
export const ZListExperimentsRequestSchema = z.strictObject(ZListEntitiesRequest);
export const ZListExperimentsResponseSchema = z.object({
  ExperimentSummaries: z.array(
    z.object({
      ExperimentArn: z.string(),
      ExperimentName: z.string(),
      DisplayName: z.string().optional(),
      ExperimentSource: ZSource.optional(),
      CreationTime: ZTimestamp,
      LastModifiedTime: ZTimestamp,
    }),
  ),
  NextToken: z.string().optional(),
});
export const ZUpdateExperimentRequestSchema = z.strictObject({
  ExperimentName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
  Description: ZDescription.optional(),
});
export const ZUpdateExperimentResponseSchema = z.object({ ExperimentArn: z.string() });
export const ZDeleteExperimentRequestSchema = z.strictObject({ ExperimentName: ZExperimentEntityName });
export const ZDeleteExperimentResponseSchema = z.object({ ExperimentArn: z.string() });

// Trials
export const ZCreateTrialRequestSchema = z.strictObject({
  TrialName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
  ExperimentName: ZExperimentEntityName,
  MetadataProperties: ZMetadataProperties.optional(),
  Tags: ZTagList.optional(),
});
export const ZCreateTrialResponseSchema = z.object({ TrialArn: z.string() });
export const ZDescribeTrialRequestSchema = z.strictObject({ TrialName: ZExperimentEntityName });
export const ZDescribeTrialResponseSchema = z.object({
  TrialName: z.string(),
  TrialArn: z.string(),
  DisplayName: z.string().optional(),
  ExperimentName: z.string(),
  Source: ZSource.optional(),
  CreationTime: ZTimestamp,
  CreatedBy: ZUserContext.optional(),
  LastModifiedTime: ZTimestamp,
  LastModifiedBy: ZUserContext.optional(),
  MetadataProperties: ZMetadataProperties.optional(),
});
export const ZListTrialsRequestSchema = z.strictObject({
  ExperimentName: ZExperimentEntityName.optional(),
  TrialComponentName: ZExperimentEntityName.optional(),
  ...ZListEntitiesRequest,
});
export const ZListTrialsResponseSchema = z.object({
  TrialSummaries: z.array(
    z.object({
      TrialArn: z.string(),
      TrialName: z.string(),
      DisplayName: z.string().optional(),
      TrialSource: ZSource.optional(),
      CreationTime: ZTimestamp,
      LastModifiedTime: ZTimestamp,
    }),
  ),
  NextToken: z.string().optional(),
});
export const ZUpdateTrialRequestSchema = z.strictObject({
  TrialName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
});
export const ZUpdateTrialResponseSchema = z.object({ TrialArn: z.string() });
export const ZDeleteTrialRequestSchema = z.strictObject({ TrialName: ZExperimentEntityName });
export const ZDeleteTrialResponseSchema = z.object({ TrialArn: z.string() });

// Trial components
export const ZTrialComponentStatus = z.object({
  PrimaryStatus: z.enum(['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped']).optional(),
  Message: z.string().max(1024).optional(),
});
export const ZTrialComponentParameterValue = z.union([
  z.strictObject({ StringValue: z.string().max(2500) }),
  z.strictObject({ NumberValue: z.number() }),
]);
const ZParameters = z
  .record(z.string().max(256), ZTrialComponentParameterValue)
  .refine((m) => Object.keys(m).length <= 300, 'at most 300 parameters');
const ZArtifact = z.object({ MediaType: z.string().max(64).optional(), Value: z.string().max(2048) });
const ZArtifacts = z
  .record(z.string().max(64), ZArtifact)
  .refine((m) => Object.keys(m).length <= 60, 'at most 60 artifacts');
export const ZCreateTrialComponentRequestSchema = z.strictObject({
  TrialComponentName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
  Status: ZTrialComponentStatus.optional(),
  StartTime: ZTimestamp.optional(),
  EndTime: ZTimestamp.optional(),
  Parameters: ZParameters.optional(),
  InputArtifacts: ZArtifacts.optional(),
  OutputArtifacts: ZArtifacts.optional(),
  MetadataProperties: ZMetadataProperties.optional(),
  Tags: ZTagList.optional(),
});
export type CreateTrialComponentRequest = z.infer<typeof ZCreateTrialComponentRequestSchema>;
export const ZCreateTrialComponentResponseSchema = z.object({ TrialComponentArn: z.string() });
export const ZDescribeTrialComponentRequestSchema = z.strictObject({ TrialComponentName: ZNameOrArn });
export const ZTrialComponentMetricSummary = z.object({
  MetricName: z.string(),
  SourceArn: z.string().optional(),
  TimeStamp: ZTimestamp.optional(),
  Max: z.number().optional(),
  Min: z.number().optional(),
  Last: z.number().optional(),
  Count: z.number().int().optional(),
  Avg: z.number().optional(),
  StdDev: z.number().optional(),
});
export const ZDescribeTrialComponentResponseSchema = z.object({
  TrialComponentName: z.string(),
  TrialComponentArn: z.string(),
  DisplayName: z.string().optional(),
  Source: ZSource.optional(),
  Status: ZTrialComponentStatus.optional(),
  StartTime: ZTimestamp.optional(),
  EndTime: ZTimestamp.optional(),
  CreationTime: ZTimestamp,
  CreatedBy: ZUserContext.optional(),
  LastModifiedTime: ZTimestamp,
  LastModifiedBy: ZUserContext.optional(),
  Parameters: z.record(z.string(), ZTrialComponentParameterValue).optional(),
  InputArtifacts: z.record(z.string(), ZArtifact).optional(),
  OutputArtifacts: z.record(z.string(), ZArtifact).optional(),
  MetadataProperties: ZMetadataProperties.optional(),
  Metrics: z.array(ZTrialComponentMetricSummary).optional(),
});
export type DescribeTrialComponentResponse = z.input<typeof ZDescribeTrialComponentResponseSchema>;
export const ZListTrialComponentsRequestSchema = z.strictObject({
  ExperimentName: ZExperimentEntityName.optional(),
  TrialName: ZExperimentEntityName.optional(),
  SourceArn: z.string().max(256).optional(),
  ...ZListEntitiesRequest,
});
export const ZListTrialComponentsResponseSchema = z.object({
  TrialComponentSummaries: z.array(
    z.object({
      TrialComponentName: z.string(),
      TrialComponentArn: z.string(),
      DisplayName: z.string().optional(),
      TrialComponentSource: ZSource.optional(),
      Status: ZTrialComponentStatus.optional(),
      StartTime: ZTimestamp.optional(),
      EndTime: ZTimestamp.optional(),
      CreationTime: ZTimestamp,
      LastModifiedTime: ZTimestamp,
    }),
  ),
  NextToken: z.string().optional(),
});
export const ZUpdateTrialComponentRequestSchema = z.strictObject({
  TrialComponentName: ZExperimentEntityName,
  DisplayName: ZDisplayName.optional(),
  Status: ZTrialComponentStatus.optional(),
  StartTime: ZTimestamp.optional(),
  EndTime: ZTimestamp.optional(),
  Parameters: ZParameters.optional(),
  ParametersToRemove: z.array(z.string().max(256)).max(300).optional(),
  InputArtifacts: ZArtifacts.optional(),
  InputArtifactsToRemove: z.array(z.string().max(64)).max(60).optional(),
  OutputArtifacts: ZArtifacts.optional(),
  OutputArtifactsToRemove: z.array(z.string().max(64)).max(60).optional(),
});
export type UpdateTrialComponentRequest = z.infer<typeof ZUpdateTrialComponentRequestSchema>;
export const ZUpdateTrialComponentResponseSchema = z.object({ TrialComponentArn: z.string() });
export const ZDeleteTrialComponentRequestSchema = z.strictObject({ TrialComponentName: ZExperimentEntityName });
export const ZDeleteTrialComponentResponseSchema = z.object({ TrialComponentArn: z.string() });

export const ZAssociateTrialComponentRequestSchema = z.strictObject({
  TrialComponentName: ZExperimentEntityName,
  TrialName: ZExperimentEntityName,
});
export const ZAssociateTrialComponentResponseSchema = z.object({
  TrialComponentArn: z.string(),
  TrialArn: z.string(),
});
export const ZDisassociateTrialComponentRequestSchema = ZAssociateTrialComponentRequestSchema;
export const ZDisassociateTrialComponentResponseSchema = ZAssociateTrialComponentResponseSchema;
