// The Application Auto Scaling operations Tessera serves (POST / with
// X-Amz-Target: AnyScaleFrontendService.<Op>): name → request and response shapes.
import type { z } from 'zod';
import type { OperationShape } from '../sagemaker/operations.ts';
import * as s from './shapes.ts';

export const autoScalingOperations = {
  RegisterScalableTarget: {
    input: s.ZRegisterScalableTargetRequestSchema,
    output: s.ZRegisterScalableTargetResponseSchema,
  },
  DescribeScalableTargets: {
    input: s.ZDescribeScalableTargetsRequestSchema,
    output: s.ZDescribeScalableTargetsResponseSchema,
  },
  DeregisterScalableTarget: {
    input: s.ZDeregisterScalableTargetRequestSchema,
    output: s.ZDeregisterScalableTargetResponseSchema,
  },
  PutScalingPolicy: { input: s.ZPutScalingPolicyRequestSchema, output: s.ZPutScalingPolicyResponseSchema },
  DescribeScalingPolicies: {
    input: s.ZDescribeScalingPoliciesRequestSchema,
    output: s.ZDescribeScalingPoliciesResponseSchema,
  },
  DeleteScalingPolicy: { input: s.ZDeleteScalingPolicyRequestSchema, output: s.ZDeleteScalingPolicyResponseSchema },
  DescribeScalingActivities: {
    input: s.ZDescribeScalingActivitiesRequestSchema,
    output: s.ZDescribeScalingActivitiesResponseSchema,
  },
} satisfies Record<string, OperationShape>;

export type AutoScalingOperation = keyof typeof autoScalingOperations;
export type AutoScalingInput<Op extends AutoScalingOperation> = z.infer<(typeof autoScalingOperations)[Op]['input']>;
export type AutoScalingOutput<Op extends AutoScalingOperation> = z.input<(typeof autoScalingOperations)[Op]['output']>;
