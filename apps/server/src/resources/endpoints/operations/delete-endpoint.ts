import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';
import { recordHistory } from '../history.ts';

export async function deleteEndpoint(
  ctx: OpContext<'arns' | 'db' | 'reconciler'>,
  input: OperationInput<'DeleteEndpoint'>,
): Promise<OperationOutput<'DeleteEndpoint'>> {
  const { db, arns, reconciler } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.endpoint.findUnique({ where: { name: input.EndpointName } }),
    `Could not find endpoint "${arns.named('endpoint', input.EndpointName)}".`,
  );
  await db.$transaction(async (tx) => {
    await tx.endpoint.update({ where: { name: row.name }, data: { desiredState: 'Deleted', status: 'Deleting' } });
    await recordHistory(tx, row.name, { status: 'Deleting', configName: row.configName, change: 'Delete requested' });
  });
  reconciler.enqueue('endpoint', row.name);
  return {};
}
