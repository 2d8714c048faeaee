import type { CreateModelPackageRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets } from '../../jobs/access.ts';
import { findPackage } from '../lookup.ts';
import { s3Uris } from '../package-uris.ts';

// Approval (with its description), customer metadata, the inference specification. An approval
// change is an event, so a deployment (or Studio's registry view) can follow it.
export async function updateModelPackage(
  ctx: OpContext<'db' | 'events' | 'objects'>,
  input: OperationInput<'UpdateModelPackage'>,
): Promise<OperationOutput<'UpdateModelPackage'>> {
  const p = await findPackage(ctx, input.ModelPackageArn);
  const spec = p.spec as unknown as CreateModelPackageRequest;
  // What was approved is what deploys: a version's containers change only while it awaits approval.
  if (input.InferenceSpecification && p.approvalStatus !== 'PendingManualApproval')
    throw validation(
      `Model package ${p.arn} is ${p.approvalStatus}: its InferenceSpecification can change only while it is ` +
        'PendingManualApproval (set that status first, or register a new version)',
    );
  // A new specification names data the caller may use, as at creation.
  if (input.InferenceSpecification)
    await checkBuckets(ctx.services, ctx.principal, s3Uris({ InferenceSpecification: input.InferenceSpecification }));
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
      // A new note replaces the old; a new status without one clears it; anything else keeps it.
      ...(input.ApprovalDescription !== undefined
        ? { approvalDescription: input.ApprovalDescription }
        : approval !== p.approvalStatus
          ? { approvalDescription: null }
          : {}),
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
