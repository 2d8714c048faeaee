import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findComponent } from '../lookup.ts';
import { componentViews } from '../views.ts';

export async function describeTrialComponent(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeTrialComponent'>,
): Promise<OperationOutput<'DescribeTrialComponent'>> {
  const c = await findComponent(ctx.services.db, ctx.principal, input.TrialComponentName);
  return (await componentViews(ctx.services.db, [c]))[0]!;
}
