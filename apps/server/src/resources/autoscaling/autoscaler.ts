// Endpoint autoscaling: the Application Auto Scaling operations (operations/) keep scalable targets and
// target-tracking policies; the endpoints' autoscaling loop asks the autoscaler what to do.
//
// The runtime's contract — small on purpose:
//   const autoscaler = createAutoscaler({ db, logger });
//   const desired = await autoscaler.evaluate(
//     endpointName, variantName, currentCount, invocationsPerMinutePerInstance);
// Call it once per evaluation window (a minute, say) for each variant of an InService endpoint,
// with the instances it runs now and SageMakerVariantInvocationsPerInstance over that window
// (invocations per instance per minute). It returns the instance count the variant should run:
// `currentCount` when nothing is registered for the variant or nothing should change. When it
// returns another count, a ScalingActivity has been recorded (DescribeScalingActivities shows
// it, as Successful: the runtime is expected to apply the count straight away) and the cooldown
// clock restarted. Concurrent calls for one variant cannot both scale it.
import { randomUUID } from 'node:crypto';
import { SAGEMAKER_VARIANT_DIMENSION } from '@tessera/contracts';
import type { Db } from '@tessera/db';
import type { Logger } from '../../platform/logger.ts';
import { decideAll, type TargetTrackingPolicy } from './decide.ts';
import { policyOfRow, suspendedOf } from './rows.ts';

export interface Autoscaler {
  evaluate(
    endpointName: string,
    variantName: string,
    currentCount: number,
    invocationsPerMinutePerInstance: number,
  ): Promise<number>;
}

export const variantResourceId = (endpointName: string, variantName: string) =>
  `endpoint/${endpointName}/variant/${variantName}`;

export function createAutoscaler(deps: { db: Db; logger: Logger; now?: () => number }): Autoscaler {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  return {
    async evaluate(endpointName, variantName, currentCount, observed) {
      const resourceId = variantResourceId(endpointName, variantName);
      const target = await db.scalableTarget.findUnique({
        where: {
          serviceNamespace_resourceId_scalableDimension: {
            serviceNamespace: 'sagemaker',
            resourceId,
            scalableDimension: SAGEMAKER_VARIANT_DIMENSION,
          },
        },
        include: { policies: true },
      });
      if (!target) return currentCount;
      const policies = target.policies.map(policyOfRow).filter((p): p is TargetTrackingPolicy => !!p);
      const suspended = suspendedOf(target.suspendedState);
      const at = now();
      const decision = decideAll(
        {
          min: target.minCapacity,
          max: target.maxCapacity,
          current: currentCount,
          observed,
          now: at,
          lastScaleOutAt: target.lastScaleOutAt?.getTime(),
          lastScaleInAt: target.lastScaleInAt?.getTime(),
          suspended: { scaleIn: suspended?.DynamicScalingInSuspended, scaleOut: suspended?.DynamicScalingOutSuspended },
        },
        policies,
      );
      if (decision.desired === currentCount) return currentCount;

      // Claim the change: the update matches only while the cooldown clock is as this
      // evaluation read it, so a concurrent evaluation of the same variant cannot scale twice.
      const field = decision.desired > currentCount ? 'lastScaleOutAt' : 'lastScaleInAt';
      const claimed = await db.scalableTarget.updateMany({
        where: { id: target.id, [field]: target[field] },
        data: { [field]: new Date(at) },
      });
      if (claimed.count === 0) return currentCount;
      await db.scalingActivity.create({
        data: {
          id: randomUUID(),
          serviceNamespace: 'sagemaker',
          resourceId,
          scalableDimension: SAGEMAKER_VARIANT_DIMENSION,
          ownerUserId: target.ownerUserId,
          description: `Setting desired instance count to ${decision.desired}.`,
          cause: `At ${new Date(at).toISOString()} ${decision.cause}.`,
          statusCode: 'Successful',
          statusMessage:
            `Successfully set desired instance count to ${decision.desired}. ` +
            'Change successfully fulfilled by sagemaker.',
          fromCapacity: currentCount,
          toCapacity: decision.desired,
          startTime: new Date(at),
          endTime: new Date(at),
        },
      });
      logger.info(
        { resourceId, from: currentCount, to: decision.desired, cause: decision.cause },
        'endpoint variant scaled',
      );
      return decision.desired;
    },
  };
}
