// The instance type a job, endpoint variant or tuning job asks for, if it is offered here; otherwise
// a ValidationException that names the field and lists what is. The shared system instance runs
// Studio's JupyterServer apps only, so it is never offered for work.
import type { Db, InstanceType } from '@tessera/db';
import { validation } from '../../platform/errors.ts';

export async function offeredInstanceType(db: Db, name: string, field: string): Promise<InstanceType> {
  const type = name === 'system' ? null : await db.instanceType.findUnique({ where: { name } });
  if (type) return type;
  const offered = await db.instanceType.findMany({
    where: { name: { not: 'system' } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  throw validation(`${field} ${name} is not offered here; choose one of ${offered.map((t) => t.name).join(', ')}`);
}
