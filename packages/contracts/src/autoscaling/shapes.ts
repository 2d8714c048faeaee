// The Application Auto Scaling operations Tessera serves, with the constraints of the published
// service model (botocore data/application-autoscaling/2016-02-06/service-2.json). The enums
// list every value AWS accepts, so a request naming another service is well-formed and gets a
// precise refusal from the handler (Tessera scales SageMaker endpoint variants only).
import { z } from 'zod';

export const ZServiceNamespace = z.enum([
  'appstream',
  'cassandra',
  'comprehend',
  'custom-resource',
  'dynamodb',
  'ec2',
  'ecs',
  'elasticache',
  'elasticmapreduce',
  'kafka',
  'lambda',
  'neptune',
  'rds',
  'sagemaker',
  'workspaces',
]);
export const ZScalableDimension = z.enum([
  'appstream:fleet:DesiredCapacity',
  'cassandra:table:ReadCapacityUnits',
  'cassandra:table:WriteCapacityUnits',
  'comprehend:document-classifier-endpoint:DesiredInferenceUnits',
  'comprehend:entity-recognizer-endpoint:DesiredInferenceUnits',
  'custom-resource:ResourceType:Property',
  'dynamodb:index:ReadCapacityUnits',
  'dynamodb:index:WriteCapacityUnits',
  'dynamodb:table:ReadCapacityUnits',
  'dynamodb:table:WriteCapacityUnits',
  'ec2:spot-fleet-request:TargetCapacity',
  'ecs:service:DesiredCount',
  'elasticmapreduce:instancegroup:InstanceCount',
  'elasticache:cache-cluster:Nodes',
  'elasticache:replication-group:NodeGroups',
  'elasticache:replication-group:Replicas',
  'kafka:broker-storage:VolumeSize',
  'lambda:function:ProvisionedConcurrency',
  'neptune:cluster:ReadReplicaCount',
  'rds:cluster:ReadReplicaCount',
  'sagemaker:inference-component:DesiredCopyCount',
  'sagemaker:variant:DesiredInstanceCount',
  'sagemaker:variant:DesiredProvisionedConcurrency',
  'workspaces:workspacespool:DesiredUserSessions',
]);
export const SAGEMAKER_VARIANT_DIMENSION = 'sagemaker:variant:DesiredInstanceCount';

const xml = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\r\n\t]*$/u;
export const ZAutoScalingResourceId = z
  .string()
  .min(1)
  .max(1600)
  .regex(
    xml,
    'Member must satisfy regular expression pattern: ' +
      '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*',
  );
const ZXmlString = z
  .string()
  .regex(
    xml,
    'Member must satisfy regular expression pattern: ' +
      '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*',
  );
const ZMaxResults = z.number().int().min(1).max(50);
/** Epoch seconds on the wire (AWS JSON 1.1 timestamps). */
const ZTime = z.number();

export const ZScalingSuspendedStateSchema = z.strictObject({
  DynamicScalingInSuspended: z.boolean().optional(),
  DynamicScalingOutSuspended: z.boolean().optional(),
  ScheduledScalingSuspended: z.boolean().optional(),
});

export const ZRegisterScalableTargetRequestSchema = z.strictObject({
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId,
  ScalableDimension: ZScalableDimension,
  MinCapacity: z.number().int().optional(),
  MaxCapacity: z.number().int().optional(),
  RoleARN: ZAutoScalingResourceId.optional(),
  SuspendedState: ZScalingSuspendedStateSchema.optional(),
  Tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
});
export const ZRegisterScalableTargetResponseSchema = z.object({ ScalableTargetARN: z.string() });

export const ZScalableTargetSchema = z.object({
  ServiceNamespace: ZServiceNamespace,
  ResourceId: z.string(),
  ScalableDimension: ZScalableDimension,
  MinCapacity: z.number().int(),
  MaxCapacity: z.number().int(),
  RoleARN: z.string(),
  CreationTime: ZTime,
  SuspendedState: ZScalingSuspendedStateSchema.optional(),
  ScalableTargetARN: z.string(),
});
export const ZDescribeScalableTargetsRequestSchema = z.strictObject({
  ServiceNamespace: ZServiceNamespace,
  ResourceIds: z.array(ZAutoScalingResourceId).max(50).optional(),
  ScalableDimension: ZScalableDimension.optional(),
  MaxResults: ZMaxResults.optional(),
  NextToken: ZXmlString.optional(),
});
export const ZDescribeScalableTargetsResponseSchema = z.object({
  ScalableTargets: z.array(ZScalableTargetSchema),
  NextToken: z.string().optional(),
});

export const ZDeregisterScalableTargetRequestSchema = z.strictObject({
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId,
  ScalableDimension: ZScalableDimension,
});
export const ZDeregisterScalableTargetResponseSchema = z.object({});

export const ZScalingPredefinedMetricSchema = z.strictObject({
  PredefinedMetricType: z.string().min(1),
  ResourceLabel: z.string().min(1).max(1023).optional(),
});
// Accepted in full so that the refusal can name what is unsupported instead of a shape error.
export const ZScalingCustomizedMetricSchema = z.looseObject({});
export const ZTargetTrackingConfigurationSchema = z.strictObject({
  TargetValue: z.number(),
  PredefinedMetricSpecification: ZScalingPredefinedMetricSchema.optional(),
  CustomizedMetricSpecification: ZScalingCustomizedMetricSchema.optional(),
  ScaleOutCooldown: z.number().int().min(0).optional(),
  ScaleInCooldown: z.number().int().min(0).optional(),
  DisableScaleIn: z.boolean().optional(),
});
export type TargetTrackingConfiguration = z.infer<typeof ZTargetTrackingConfigurationSchema>;

export const ZScalingPolicyName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x20-\x7E]+$/, 'Member must satisfy regular expression pattern: \\p{Print}+');
export const ZScalingPolicyType = z.enum(['PredictiveScaling', 'StepScaling', 'TargetTrackingScaling']);
export const ZPutScalingPolicyRequestSchema = z.strictObject({
  PolicyName: ZScalingPolicyName,
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId,
  ScalableDimension: ZScalableDimension,
  PolicyType: ZScalingPolicyType.optional(),
  StepScalingPolicyConfiguration: z.looseObject({}).optional(),
  TargetTrackingScalingPolicyConfiguration: ZTargetTrackingConfigurationSchema.optional(),
  PredictiveScalingPolicyConfiguration: z.looseObject({}).optional(),
});
export const ZScalingAlarmSchema = z.object({ AlarmName: z.string(), AlarmARN: z.string() });
export const ZPutScalingPolicyResponseSchema = z.object({
  PolicyARN: z.string(),
  Alarms: z.array(ZScalingAlarmSchema),
});

export const ZAutoScalingPolicySchema = z.object({
  PolicyARN: z.string(),
  PolicyName: z.string(),
  ServiceNamespace: ZServiceNamespace,
  ResourceId: z.string(),
  ScalableDimension: ZScalableDimension,
  PolicyType: ZScalingPolicyType,
  TargetTrackingScalingPolicyConfiguration: ZTargetTrackingConfigurationSchema.optional(),
  Alarms: z.array(ZScalingAlarmSchema),
  CreationTime: ZTime,
});
export const ZDescribeScalingPoliciesRequestSchema = z.strictObject({
  PolicyNames: z.array(ZAutoScalingResourceId).max(50).optional(),
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId.optional(),
  ScalableDimension: ZScalableDimension.optional(),
  MaxResults: ZMaxResults.optional(),
  NextToken: ZXmlString.optional(),
});
export const ZDescribeScalingPoliciesResponseSchema = z.object({
  ScalingPolicies: z.array(ZAutoScalingPolicySchema),
  NextToken: z.string().optional(),
});

export const ZDeleteScalingPolicyRequestSchema = z.strictObject({
  PolicyName: ZAutoScalingResourceId,
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId,
  ScalableDimension: ZScalableDimension,
});
export const ZDeleteScalingPolicyResponseSchema = z.object({});

export const ZScalingActivityStatusCode = z.enum([
  'Pending',
  'InProgress',
  'Successful',
  'Overridden',
  'Unfulfilled',
  'Failed',
]);
export const ZScalingActivitySchema = z.object({
  ActivityId: z.string(),
  ServiceNamespace: ZServiceNamespace,
  ResourceId: z.string(),
  ScalableDimension: ZScalableDimension,
  Description: z.string(),
  Cause: z.string(),
  StartTime: ZTime,
  EndTime: ZTime.optional(),
  StatusCode: ZScalingActivityStatusCode,
  StatusMessage: z.string().optional(),
  Details: z.string().optional(),
});
export const ZDescribeScalingActivitiesRequestSchema = z.strictObject({
  ServiceNamespace: ZServiceNamespace,
  ResourceId: ZAutoScalingResourceId.optional(),
  ScalableDimension: ZScalableDimension.optional(),
  MaxResults: ZMaxResults.optional(),
  NextToken: ZXmlString.optional(),
  /** Tessera records only activities that changed capacity; `true` is accepted and changes nothing. */
  IncludeNotScaledActivities: z.boolean().optional(),
});
export const ZDescribeScalingActivitiesResponseSchema = z.object({
  ScalingActivities: z.array(ZScalingActivitySchema),
  NextToken: z.string().optional(),
});

/** The error codes of Tessera's Application Auto Scaling API, as the SDKs name them. */
export const AutoScalingErrorCode = {
  Validation: 'ValidationException',
  ObjectNotFound: 'ObjectNotFoundException',
  InvalidNextToken: 'InvalidNextTokenException',
  ConcurrentUpdate: 'ConcurrentUpdateException',
  AccessDenied: 'AccessDeniedException',
  Serialization: 'SerializationException',
  UnknownOperation: 'UnknownOperationException',
} as const;
