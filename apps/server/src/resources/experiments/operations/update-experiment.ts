import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findExperiment } from '../lookup.ts';

export async function updateExperiment(
  ctx: OpContext<'db'>,
  input: OperationInput<'UpdateExperiment'>,
): Promise<OperationOutput<'UpdateExperiment'>> {
  const e = await findExperiment(ctx.services.db, ctx.principal, input.ExperimentName);
  await ctx.services.db.experiment.update({
    where: { id: e.id },
    data: {
      ...(input.DisplayName !== undefined ? { displayName: input.DisplayName } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    },
  });
  return { ExperimentArn: e.arn };
}
