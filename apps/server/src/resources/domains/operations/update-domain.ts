import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse, notFound } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { mergeSettings } from '../../../platform/db/json.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

const UPDATABLE = ['InService', 'Update_Failed', 'Updating'];

export async function updateDomain(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'UpdateDomain'>,
): Promise<OperationOutput<'UpdateDomain'>> {
  const { db, arns, reconciler, events } = ctx.services;
  requireAdmin(ctx.principal, 'UpdateDomain', arns.domain(input.DomainId));
  // Read, merge and write in one transaction: two concurrent updates of different members
  // must both take effect, and a domain that has just failed or started deleting is left alone.
  const arn = await writeTransaction(db, async (tx) => {
    const row = await tx.domain.findUnique({ where: { id: input.DomainId } });
    if (!row) throw notFound(`Domain ${input.DomainId} does not exist`);
    if (row.desiredState === 'Deleted') throw inUse(`Domain ${row.id} is being deleted`);
    if (!UPDATABLE.includes(row.status))
      throw inUse(`Domain ${row.id} is ${row.status}; it can be updated once it is InService`);
    await tx.domain.update({
      where: { id: row.id },
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
    return row.arn;
  });
  events.publish({ type: 'domain.status', resourceArn: arn, status: 'Updating', audienceUserIds: [] });
  reconciler.enqueue('domain', input.DomainId);
  return { DomainArn: arn };
}
