// Operation name → handler for the Application Auto Scaling API. Adding an operation: its
// shapes in @tessera/contracts (autoscaling/), its handler in a file of its own here, one line below.
import type { AutoScalingInput, AutoScalingOperation, AutoScalingOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { deleteScalingPolicy } from './delete-scaling-policy.ts';
import { deregisterScalableTarget } from './deregister-scalable-target.ts';
import { describeScalableTargets } from './describe-scalable-targets.ts';
import { describeScalingActivities } from './describe-scaling-activities.ts';
import { describeScalingPolicies } from './describe-scaling-policies.ts';
import { putScalingPolicy } from './put-scaling-policy.ts';
import { registerScalableTarget } from './register-scalable-target.ts';

type Handler<Op extends AutoScalingOperation> = (
  ctx: OpContext,
  input: AutoScalingInput<Op>,
) => Promise<AutoScalingOutput<Op>>;

export const autoScalingHandlers: { [Op in AutoScalingOperation]: Handler<Op> } = {
  RegisterScalableTarget: registerScalableTarget,
  DescribeScalableTargets: describeScalableTargets,
  DeregisterScalableTarget: deregisterScalableTarget,
  PutScalingPolicy: putScalingPolicy,
  DescribeScalingPolicies: describeScalingPolicies,
  DeleteScalingPolicy: deleteScalingPolicy,
  DescribeScalingActivities: describeScalingActivities,
};
