import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findUserProfile } from '../../common/lookups.ts';
import { describeUserProfileView } from '../../domains/views.ts';

export async function describeUserProfile(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'DescribeUserProfile'>,
): Promise<OperationOutput<'DescribeUserProfile'>> {
  return describeUserProfileView(
    await findUserProfile(ctx, 'DescribeUserProfile', input.DomainId, input.UserProfileName),
  );
}
