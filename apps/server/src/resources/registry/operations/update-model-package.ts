import type { CreateModelPackageRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findPackage } from '../lookup.ts';

// Approval (with its description), customer metadata, the inference specification. An approval
// change is an event, so a deployment (or Studio's registry view) can follow it.
export async function updateModelPackage(
  ctx: OpContext<'db' | 'events'>,
  input: OperationInput<'UpdateModelPackage'>,
): Promise<OperationOutput<'UpdateModelPackage'>> {
  const p = await findPackage(ctx, input.ModelPackageArn);
  const spec = p.spec as unknown as CreateModelPackageRequest;
  if (input.ApprovalDescription !== undefined && !input.ModelApprovalStatus)
    throw validation('ApprovalDescription goes with ModelApprovalStatus');
  const metadata = { ...(spec.CustomerMetadataProperties ?? {}), ...(input.CustomerMetadataProperties ?? {}) };
  for (const key of input.CustomerMetadataPropertiesToRemove ?? []) delete metadata[key];
  if (Object.keys(metadata).length > 50) throw validation('A model package has at most 50 CustomerMetadataProperties');
  const next: CreateModelPackageRequest = {
    ...spec,
    ...(input.InferenceSpecification ? { InferenceSpecification: input.InferenceSpecification } : {}),
    ...(input.SourceUri ? { SourceUri: input.SourceUri } : {}),
    ...(Object.keys(metadata).length ? { CustomerMetadataProperties: metadata } : {}),
  };
  if (!Object.keys(metadata).length) delete next.CustomerMetadataProperties;
  const approval = input.ModelApprovalStatus ?? p.approvalStatus;
  const updated = await ctx.services.db.modelPackage.update({
    where: { arn: p.arn },
    data: {
      spec: next as never,
      approvalStatus: approval,
      ...(input.ModelApprovalStatus ? { approvalDescription: input.ApprovalDescription ?? null } : {}),
    },
  });
  if (approval !== p.approvalStatus)
    ctx.services.events.publish({
      type: 'modelPackage.approval',
      resourceArn: p.arn,
      status: approval,
      detail: {
        group: p.groupName,
        version: p.version,
        previous: p.approvalStatus,
        ...(updated.approvalDescription ? { description: updated.approvalDescription } : {}),
      },
      audienceUserIds: p.ownerUserId ? [p.ownerUserId] : [],
    });
  return { ModelPackageArn: p.arn };
}
