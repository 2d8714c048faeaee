import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { absentInvalid, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkEndpointQuota, endpointDelta } from '../../quotas/endpoint-claims.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { ownedOrInvalid, visibleTo } from '../../jobs/access.ts';
import { currentOrigin, isMissing, takeOrigin } from '../origin.ts';
import { recordHistory } from '../history.ts';

// Blue/green: the endpoint keeps serving on its fleet while the new config's fleet starts; the
// reconciler moves traffic once every new instance answers /ping.
export async function updateEndpoint(
  ctx: OpContext<'arns' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'UpdateEndpoint'>,
): Promise<OperationOutput<'UpdateEndpoint'>> {
  const { db, arns, reconciler } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.endpoint.findUnique({ where: { name: input.EndpointName } }),
    `Could not find endpoint "${arns.named('endpoint', input.EndpointName)}".`,
  );
  // The new config and its models are copied now; the live fleet keeps the copy it was rolled out from.
  const origin = await takeOrigin(db, input.EndpointConfigName, (r) => visibleTo(ctx.principal, r), arns);
  if (isMissing(origin)) throw absentInvalid(origin.missing);
  if (row.status !== 'InService')
    throw validation(
      `Cannot update endpoint "${row.arn}": it is ${row.status}; an endpoint can be updated when it is InService`,
    );
  const { count } = await writeTransaction(db, async (tx) => {
    await checkEndpointQuota(
      tx,
      row,
      endpointDelta(row, currentOrigin(row)?.config, { configSpec: origin.config }),
      `updating endpoint ${row.name} to ${origin.configName}`,
      ctx.principal,
      `endpoint ${row.name} counts against none`,
    );
    const updated = await tx.endpoint.updateMany({
      where: { name: row.name, status: 'InService' },
      data: {
        status: 'Updating',
        desiredConfigName: input.EndpointConfigName,
        desiredOrigin: origin as never,
        failureReason: null,
      },
    });
    if (updated.count)
      await recordHistory(tx, row.name, {
        status: 'Updating',
        configName: input.EndpointConfigName,
        change: `Update from ${row.configName} to ${input.EndpointConfigName}`,
      });
    return updated;
  });
  if (!count) throw validation(`Cannot update endpoint "${row.arn}": another update started first`);
  ctx.services.events.publish({
    type: 'endpoint.status',
    resourceArn: row.arn,
    status: 'Updating',
    detail: { name: row.name },
    audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [],
  });
  reconciler.enqueue('endpoint', row.name);
  return { EndpointArn: row.arn };
}
