import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { Fleet } from '../fleet-shape.ts';
import type { OpContext } from '../../services.ts';
import { checkEndpointQuota, endpointDelta } from '../../quotas/endpoint-claims.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';
import { describeFleetChange, recordHistory } from '../history.ts';

// Weights apply at once; capacity changes start or stop instances (the endpoint is Updating meanwhile).
export async function updateEndpointWeightsAndCapacities(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'UpdateEndpointWeightsAndCapacities'>,
): Promise<OperationOutput<'UpdateEndpointWeightsAndCapacities'>> {
  const { db, arns, reconciler } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.endpoint.findUnique({ where: { name: input.EndpointName } }),
    `Could not find endpoint "${arns.named('endpoint', input.EndpointName)}".`,
  );
  if (row.status !== 'InService')
    throw validation(
      `Cannot update endpoint "${row.arn}": it is ${row.status}; an endpoint can be updated when it is InService`,
    );
  const fleet = row.variants as unknown as Fleet;
  for (const d of input.DesiredWeightsAndCapacities) {
    if (!fleet.variants.some((v) => v.name === d.VariantName))
      throw validation(`The variant(s) "[${d.VariantName}]" is/are not present on the endpoint "${row.arn}".`);
    if (d.DesiredWeight === undefined && d.DesiredInstanceCount === undefined)
      throw validation(`Variant ${d.VariantName}: give DesiredWeight, DesiredInstanceCount or both`);
  }
  const next: Fleet = {
    ...fleet,
    variants: fleet.variants.map((v) => {
      const d = input.DesiredWeightsAndCapacities.find((x) => x.VariantName === v.name);
      return d
        ? { ...v, weight: d.DesiredWeight ?? v.weight, desiredCount: d.DesiredInstanceCount ?? v.desiredCount }
        : v;
    }),
  };
  const scaling = next.variants.some((v) => v.desiredCount !== v.instances.length);
  const { count } = await writeTransaction(db, async (tx) => {
    await checkEndpointQuota(
      tx,
      row,
      endpointDelta(row, null, { endpoint: { ...row, variants: next as never } }),
      `more capacity for endpoint ${row.name}`,
      ctx.principal,
      `endpoint ${row.name} counts against none`,
    );
    const updated = await tx.endpoint.updateMany({
      where: { name: row.name, status: 'InService' },
      data: { variants: next as never, ...(scaling ? { status: 'Updating' } : {}) },
    });
    const change = describeFleetChange(fleet, next);
    if (updated.count && change)
      await recordHistory(tx, row.name, {
        status: scaling ? 'Updating' : 'InService',
        configName: row.configName,
        change,
      });
    return updated;
  });
  if (!count) throw validation(`Cannot update endpoint "${row.arn}": another update started first`);
  // New weights change no status: said all the same, so a page showing the endpoint redraws.
  ctx.services.events.publish({
    type: 'endpoint.status',
    resourceArn: row.arn,
    status: scaling ? 'Updating' : 'InService',
    detail: { name: row.name },
    audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [],
  });
  reconciler.enqueue('endpoint', row.name);
  return { EndpointArn: row.arn };
}
