import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../auth/policy.ts';
import { inUse } from '../../errors.ts';
import type { OpContext } from '../../services.ts';
import { findDomain } from '../../studio/lookups.ts';
import { mergeSettings } from '../../studio/settings.ts';

export async function updateDomain(ctx: OpContext, input: OperationInput<'UpdateDomain'>): Promise<OperationOutput<'UpdateDomain'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'UpdateDomain', arns.domain(input.DomainId));
  const row = await findDomain(ctx, 'UpdateDomain', input.DomainId);
  if (!['InService', 'Update_Failed', 'Updating'].includes(row.status)) {
    throw inUse(`Domain ${row.id} is ${row.status}; it can be updated once it is InService`);
  }
  const { count } = await db.domain.updateMany({
    where: { id: row.id, desiredState: 'Present' },
    data: {
      status: 'Updating',
      failureReason: null,
      defaultUserSettings: mergeSettings(row.defaultUserSettings, input.DefaultUserSettings),
      domainSettings: mergeSettings(row.domainSettings, input.DomainSettingsForUpdate),
      defaultSpaceSettings: mergeSettings(row.defaultSpaceSettings, input.DefaultSpaceSettings),
      ...(input.AppSecurityGroupManagement ? { appSecurityGroupManagement: input.AppSecurityGroupManagement } : {}),
      ...(input.AppNetworkAccessType ? { appNetworkAccessType: input.AppNetworkAccessType } : {}),
      ...(input.SubnetIds ? { subnetIds: input.SubnetIds } : {}),
      ...(input.VpcId ? { vpcId: input.VpcId } : {}),
    },
  });
  if (!count) throw inUse(`Domain ${row.id} is being deleted`);
  events.publish({ type: 'domain.status', resourceArn: row.arn, status: 'Updating', audienceUserIds: [] });
  reconciler.enqueue('domain', row.id);
  return { DomainArn: row.arn };
}
