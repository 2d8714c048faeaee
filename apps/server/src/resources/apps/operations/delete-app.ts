import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { markAppForDeletion } from '../delete-app.ts';
import { findApp } from '../find-app.ts';
import { notFound } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';

export async function deleteApp(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'DeleteApp'>,
): Promise<OperationOutput<'DeleteApp'>> {
  const app = await findApp(ctx, 'DeleteApp', input);
  if (app.status === 'Deleted') throw notFound(`App ${input.AppName} (${input.AppType}) is already deleted`);
  await markAppForDeletion(ctx.services, app);
  return {};
}
