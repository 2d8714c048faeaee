// Rows as the API shows them (epoch-second timestamps, AWS's ARN formats).
import type { AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../services.ts';
import { suspendedOf } from './rows.ts';

type TargetView = AutoScalingOutput<'DescribeScalableTargets'>['ScalableTargets'][number];
type PolicyView = AutoScalingOutput<'DescribeScalingPolicies'>['ScalingPolicies'][number];
type ActivityView = AutoScalingOutput<'DescribeScalingActivities'>['ScalingActivities'][number];

const seconds = (d: Date) => d.getTime() / 1000;

export const targetArn = (ctx: OpContext<'arns'>, id: string) =>
  `arn:aws:application-autoscaling:${ctx.services.arns.region}:${ctx.services.arns.accountId}:scalable-target/${id}`;
export const policyArn = (ctx: OpContext<'arns'>, id: string, resourceId: string, name: string) =>
  `arn:aws:autoscaling:${ctx.services.arns.region}:${ctx.services.arns.accountId}:scalingPolicy:${id}` +
  `:resource/sagemaker/${resourceId}:policyName/${name}`;
/** The role AWS uses when none is given: SageMaker's service-linked role for Application Auto Scaling. */
export const defaultRoleArn = (ctx: OpContext<'arns'>) =>
  `arn:aws:iam::${ctx.services.arns.accountId}` +
  ':role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/' +
  'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint';

export function targetView(
  ctx: OpContext<'arns'>,
  row: {
    id: string;
    serviceNamespace: string;
    resourceId: string;
    scalableDimension: string;
    minCapacity: number;
    maxCapacity: number;
    roleArn: string | null;
    suspendedState: unknown;
    createdAt: Date;
  },
): TargetView {
  const s = suspendedOf(row.suspendedState);
  return {
    ServiceNamespace: row.serviceNamespace as TargetView['ServiceNamespace'],
    ResourceId: row.resourceId,
    ScalableDimension: row.scalableDimension as TargetView['ScalableDimension'],
    MinCapacity: row.minCapacity,
    MaxCapacity: row.maxCapacity,
    RoleARN: row.roleArn ?? defaultRoleArn(ctx),
    CreationTime: seconds(row.createdAt),
    SuspendedState: {
      DynamicScalingInSuspended: s?.DynamicScalingInSuspended ?? false,
      DynamicScalingOutSuspended: s?.DynamicScalingOutSuspended ?? false,
      ScheduledScalingSuspended: s?.ScheduledScalingSuspended ?? false,
    },
    ScalableTargetARN: targetArn(ctx, row.id),
  };
}

export function policyView(row: {
  arn: string;
  name: string;
  policyType: string;
  config: unknown;
  createdAt: Date;
  target: { serviceNamespace: string; resourceId: string; scalableDimension: string };
}): PolicyView {
  return {
    PolicyARN: row.arn,
    PolicyName: row.name,
    ServiceNamespace: row.target.serviceNamespace as PolicyView['ServiceNamespace'],
    ResourceId: row.target.resourceId,
    ScalableDimension: row.target.scalableDimension as PolicyView['ScalableDimension'],
    PolicyType: row.policyType as PolicyView['PolicyType'],
    TargetTrackingScalingPolicyConfiguration: row.config as PolicyView['TargetTrackingScalingPolicyConfiguration'],
    // Target tracking here watches the endpoint runtime's own counts, not CloudWatch alarms.
    Alarms: [],
    CreationTime: seconds(row.createdAt),
  };
}

export function activityView(row: {
  id: string;
  serviceNamespace: string;
  resourceId: string;
  scalableDimension: string;
  description: string;
  cause: string;
  statusCode: string;
  statusMessage: string | null;
  startTime: Date;
  endTime: Date | null;
}): ActivityView {
  return {
    ActivityId: row.id,
    ServiceNamespace: row.serviceNamespace as ActivityView['ServiceNamespace'],
    ResourceId: row.resourceId,
    ScalableDimension: row.scalableDimension as ActivityView['ScalableDimension'],
    Description: row.description,
    Cause: row.cause,
    StartTime: seconds(row.startTime),
    ...(row.endTime ? { EndTime: seconds(row.endTime) } : {}),
    StatusCode: row.statusCode as ActivityView['StatusCode'],
    ...(row.statusMessage ? { StatusMessage: row.statusMessage } : {}),
  };
}
