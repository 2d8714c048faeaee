// Resolves an ARN to the resource it names, for the tagging operations.
import { denyRead } from '../../platform/identity/policy.ts';
import { notFound } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { findDomain, findUserProfile } from '../common/lookups.ts';

export async function findTaggable(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  action: string,
  arn: string,
): Promise<{ arn: string }> {
  const parsed = ctx.services.arns.parse(arn);
  if (parsed?.type === 'domain') return findDomain(ctx, action, parsed.resource);
  if (parsed?.type === 'user-profile') {
    const [domainId, name] = parsed.resource.split('/');
    if (domainId && name) return findUserProfile(ctx, action, domainId, name);
  }
  if (!ctx.principal.isAdmin) throw denyRead(ctx.principal, action, arn);
  throw notFound(`Resource ${arn} does not exist (or is not a resource that takes tags)`);
}
