// GetCallerIdentity: who the credentials of the request are — an IAM user for a long-term access
// key, a role's session for temporary credentials — in the account id SageMaker ARNs carry.
import type { StsOutput } from '@tessera/contracts';
import { roleName } from '../../../platform/arns.ts';
import type { OpContext } from '../../services.ts';
import { stableId } from '../stable-id.ts';

export async function getCallerIdentity(ctx: OpContext<'arns'>): Promise<StsOutput<'GetCallerIdentity'>> {
  const { principal } = ctx;
  const { arns } = ctx.services;
  const via = principal.via;
  if (via.kind === 'temporary') {
    return {
      UserId: `${stableId('AROA', roleName(via.roleArn))}:${via.sessionName}`,
      Account: arns.accountId,
      Arn: arns.assumedRole(via.roleArn, via.sessionName),
    };
  }
  return { UserId: stableId('AIDA', principal.userId), Account: arns.accountId, Arn: arns.iamUser(principal.username) };
}
