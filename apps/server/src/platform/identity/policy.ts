// Who may do what. Administrators may do everything. Other users may read the domains in which
// they own a user profile, and their own profiles; changes are for administrators. (IAM-style
// policies per user arrive with the console; this is the one place that decides.)
import { accessDenied } from '../errors.ts';
import type { Principal } from './principal.ts';

export function requireAdmin(principal: Principal, action: string, resource: string): void {
  if (!principal.isAdmin) {
    throw accessDenied(
      `User: ${principal.username} is not authorized to perform: sagemaker:${action} on resource: ${resource} ` +
        '(only administrators may)',
    );
  }
}

export function denyRead(principal: Principal, action: string, resource: string) {
  return accessDenied(
    `User: ${principal.username} is not authorized to perform: sagemaker:${action} on resource: ${resource} ` +
      '(no user profile of yours is in that domain)',
  );
}

/** Prisma filter: the domains a principal may see. */
export const visibleDomains = (principal: Principal) =>
  principal.isAdmin ? {} : { userProfiles: { some: { ownerUserId: principal.userId } } };

/** Prisma filter: the user profiles a principal may see. */
export const visibleProfiles = (principal: Principal) => (principal.isAdmin ? {} : { ownerUserId: principal.userId });
