// AssumeRole: temporary credentials of an execution role Tessera knows — the installation's own,
// or one a domain or user profile of the caller's names. They grant what the caller may do
// (Tessera has no per-role policies): a role is a name for a session, never a way into more.
// As in IAM, a session that assumes a role again (role chaining) lasts at most an hour — and here
// never past the session it came from, so a chain cannot outlive its first link; it stays bound to
// the access key it began with (revoking the key ends it).
import type { StsInput, StsOutput } from '@tessera/contracts';
import type { UserSettings } from '@tessera/contracts';
import { ApiError } from '../../../platform/errors.ts';
import { roleName } from '../../../platform/arns.ts';
import { visibleProfiles } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { stableId } from '../stable-id.ts';

const DEFAULT_SECONDS = 3600;
const CHAINED_MAX_SECONDS = 3600;

/** The execution roles the caller's domains and profiles name, and the installation's own. */
async function knownRoles(ctx: OpContext<'arns' | 'db'>): Promise<Set<string>> {
  const profiles = await ctx.services.db.userProfile.findMany({
    where: { desiredState: 'Present', ...visibleProfiles(ctx.principal) },
    select: { userSettings: true, domain: { select: { defaultUserSettings: true } } },
  });
  const roles = new Set([ctx.services.arns.executionRole]);
  for (const p of profiles) {
    for (const settings of [p.userSettings, p.domain.defaultUserSettings]) {
      const role = (settings as UserSettings | null)?.ExecutionRole;
      if (role) roles.add(role);
    }
  }
  return roles;
}

export async function assumeRole(
  ctx: OpContext<'arns' | 'db' | 'temporaryCredentials'>,
  input: StsInput<'AssumeRole'>,
): Promise<StsOutput<'AssumeRole'>> {
  const { principal } = ctx;
  const { arns, temporaryCredentials } = ctx.services;
  const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  if (principal.via.kind === 'temporary' && seconds > CHAINED_MAX_SECONDS) {
    throw new ApiError(
      'ValidationError',
      `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`,
    );
  }
  if (!(await knownRoles(ctx)).has(input.RoleArn)) {
    const caller =
      principal.via.kind === 'temporary'
        ? arns.assumedRole(principal.via.roleArn, principal.via.sessionName)
        : arns.iamUser(principal.username);
    throw new ApiError(
      'AccessDenied',
      `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn} (roles that ` +
        `may be assumed here: ${arns.executionRole}, and the ExecutionRole of your domains and user profiles)`,
      403,
    );
  }
  const via = principal.via;
  const parentAccessKeyId =
    via.kind === 'accessKey' ? via.accessKeyId : via.kind === 'temporary' ? via.parentAccessKeyId : undefined;
  const credentials = temporaryCredentials.issue({
    userId: principal.userId,
    roleArn: input.RoleArn,
    sessionName: input.RoleSessionName,
    seconds:
      via.kind === 'temporary' ? Math.min(seconds, Math.floor((via.expiresAt.getTime() - Date.now()) / 1000)) : seconds,
    ...(parentAccessKeyId ? { parentAccessKeyId } : {}),
  });
  return {
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString(),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${stableId('AROA', roleName(input.RoleArn))}:${input.RoleSessionName}`,
      Arn: arns.assumedRole(input.RoleArn, input.RoleSessionName),
    },
    PackedPolicySize: 0,
  };
}
