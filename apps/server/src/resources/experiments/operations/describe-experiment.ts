import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findExperiment } from '../lookup.ts';
import { experimentView } from '../views.ts';

export async function describeExperiment(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeExperiment'>,
): Promise<OperationOutput<'DescribeExperiment'>> {
  return experimentView(await findExperiment(ctx.services.db, ctx.principal, input.ExperimentName));
}
