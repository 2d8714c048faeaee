// Finding resources for an operation, with the caller's visibility applied. A caller who may
// not see a resource is told so (AccessDenied), as IAM would, whether or not it exists.
import type { Domain, UserProfile } from '@tessera/db';
import { denyRead, visibleDomains, visibleProfiles } from '../../platform/identity/policy.ts';
import { notFound } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';

/** `cached`: for reads only (DescribeDomain) — a change is always made from a fresh row. */
export async function findDomain(
  { services, principal }: OpContext<'arns' | 'caches' | 'db'>,
  action: string,
  domainId: string,
  cached = false,
): Promise<Domain> {
  const load = () => services.db.domain.findUnique({ where: { id: domainId } });
  const row = principal.isAdmin
    ? await (cached ? services.caches.domain.get(domainId, load) : load())
    : await services.db.domain.findFirst({ where: { id: domainId, ...visibleDomains(principal) } });
  if (row) return row;
  if (!principal.isAdmin) throw denyRead(principal, action, services.arns.domain(domainId));
  throw notFound(`Domain ${domainId} does not exist`);
}

export async function findUserProfile(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  action: string,
  domainId: string,
  name: string,
): Promise<UserProfile> {
  const { services, principal } = ctx;
  const row = await services.db.userProfile.findFirst({ where: { domainId, name, ...visibleProfiles(principal) } });
  if (row) return row;
  if (!principal.isAdmin) throw denyRead(principal, action, services.arns.userProfile(domainId, name));
  await findDomain(ctx, action, domainId); // a missing domain is the more useful message
  throw notFound(`User profile ${name} does not exist in domain ${domainId}`);
}
