import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findDomain } from '../../common/lookups.ts';
import { describeDomainView } from '../views.ts';

export async function describeDomain(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'DescribeDomain'>,
): Promise<OperationOutput<'DescribeDomain'>> {
  return describeDomainView(await findDomain(ctx, 'DescribeDomain', input.DomainId, true));
}
