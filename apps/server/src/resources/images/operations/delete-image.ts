import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { LIVE_APP } from '../../quotas/held.ts';
import { inUse, notFound, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';

export async function deleteImage(
  ctx: OpContext<'db'>,
  input: OperationInput<'DeleteImage'>,
): Promise<OperationOutput<'DeleteImage'>> {
  const { db } = ctx.services;
  const row = await db.image.findUnique({ where: { name: input.ImageName } });
  requireAdmin(ctx.principal, 'DeleteImage', row?.arn ?? input.ImageName);
  if (!row) throw notFound(`Image ${input.ImageName} does not exist`);
  if (row.builtIn) throw validation(`Image ${input.ImageName} is built in and cannot be deleted`);
  const running = await db.app.count({ where: { ...LIVE_APP, imageArn: row.arn } });
  if (running) throw inUse(`Image ${input.ImageName} is used by ${running} running app(s); delete them first`);
  await db.$transaction([
    db.tag.deleteMany({ where: { resourceArn: row.arn } }),
    db.image.delete({ where: { name: row.name } }),
  ]);
  return {};
}
