import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { findApp } from '../find-app.ts';
import { describeAppView } from '../views.ts';
import type { OpContext } from '../../services.ts';

export async function describeApp(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'DescribeApp'>,
): Promise<OperationOutput<'DescribeApp'>> {
  return describeAppView(await findApp(ctx, 'DescribeApp', input));
}
