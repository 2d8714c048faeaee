import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findTrial } from '../lookup.ts';

export async function updateTrial(
  ctx: OpContext<'db'>,
  input: OperationInput<'UpdateTrial'>,
): Promise<OperationOutput<'UpdateTrial'>> {
  const t = await findTrial(ctx.services.db, ctx.principal, input.TrialName);
  if (input.DisplayName !== undefined)
    await ctx.services.db.trial.update({ where: { id: t.id }, data: { displayName: input.DisplayName } });
  return { TrialArn: t.arn };
}
