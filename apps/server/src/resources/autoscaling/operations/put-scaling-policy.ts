import { randomUUID } from 'node:crypto';
import type { AutoScalingInput, AutoScalingOutput, TargetTrackingConfiguration } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { noTarget, validation } from '../errors.ts';
import { assertMayScale, variantOf } from '../scalable-resource.ts';
import { policyArn } from '../views.ts';

const SUPPORTED_METRIC = 'SageMakerVariantInvocationsPerInstance';

/**
 * Target tracking on invocations per instance is what the endpoint runtime can observe; anything else is refused by
 * name.
 */
function checkTargetTracking(input: AutoScalingInput<'PutScalingPolicy'>): TargetTrackingConfiguration {
  const type = input.PolicyType ?? 'StepScaling'; // AWS's default
  if (type !== 'TargetTrackingScaling') {
    throw validation(
      `PolicyType ${type} is not supported by this server; ` +
        `use TargetTrackingScaling with the ${SUPPORTED_METRIC} predefined metric`,
    );
  }
  if (input.StepScalingPolicyConfiguration || input.PredictiveScalingPolicyConfiguration) {
    throw validation('A TargetTrackingScaling policy takes TargetTrackingScalingPolicyConfiguration only');
  }
  const config = input.TargetTrackingScalingPolicyConfiguration;
  if (!config)
    throw validation('TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy');
  if (config.CustomizedMetricSpecification) {
    throw validation(
      'CustomizedMetricSpecification is not supported by this server (it has no CloudWatch metrics); ' +
        `use PredefinedMetricSpecification with PredefinedMetricType ${SUPPORTED_METRIC}`,
    );
  }
  const metric = config.PredefinedMetricSpecification?.PredefinedMetricType;
  if (!metric)
    throw validation('Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified');
  if (metric !== SUPPORTED_METRIC)
    throw validation(
      `Unsupported PredefinedMetricType ${metric} for sagemaker:variant:DesiredInstanceCount: this server ` +
        `supports ${SUPPORTED_METRIC}`,
    );
  if (!(config.TargetValue > 0) || !Number.isFinite(config.TargetValue))
    throw validation(`TargetValue ${config.TargetValue} must be a positive number`);
  return config;
}

// Creates the policy or replaces its configuration (same name on the same target), keeping its ARN.
export async function putScalingPolicy(
  ctx: OpContext<'arns' | 'db'>,
  input: AutoScalingInput<'PutScalingPolicy'>,
): Promise<AutoScalingOutput<'PutScalingPolicy'>> {
  variantOf(input);
  const config = checkTargetTracking(input);
  const { db } = ctx.services;
  const key = {
    serviceNamespace: input.ServiceNamespace,
    resourceId: input.ResourceId,
    scalableDimension: input.ScalableDimension,
  };
  const target = await db.scalableTarget.findUnique({ where: { serviceNamespace_resourceId_scalableDimension: key } });
  if (!target) throw noTarget(input);
  assertMayScale(ctx, target.ownerUserId, input.ResourceId);
  const id = randomUUID();
  // Stored without the (refused, hence absent) customized metric, as plain JSON.
  const { CustomizedMetricSpecification: _none, ...stored } = config;
  const row = await db.scalingPolicy.upsert({
    where: { targetId_name: { targetId: target.id, name: input.PolicyName } },
    create: {
      id,
      arn: policyArn(ctx, id, input.ResourceId, input.PolicyName),
      name: input.PolicyName,
      targetId: target.id,
      policyType: 'TargetTrackingScaling',
      config: stored,
    },
    update: { config: stored },
  });
  return { PolicyARN: row.arn, Alarms: [] };
}
