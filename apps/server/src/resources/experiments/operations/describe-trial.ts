import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findTrial } from '../lookup.ts';
import { trialView } from '../views.ts';

export async function describeTrial(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeTrial'>,
): Promise<OperationOutput<'DescribeTrial'>> {
  const t = await findTrial(ctx.services.db, ctx.principal, input.TrialName);
  const e = await ctx.services.db.experiment.findUnique({ where: { id: t.experimentId }, select: { name: true } });
  return trialView(t, e!.name);
}
