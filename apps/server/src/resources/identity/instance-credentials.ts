// An instance's identity, as SageMaker gives it: a Studio app acts as its profile's owner under
// the profile's execution role; a job's (or endpoint's) containers act as the job's owner under
// the job's role. The instance carries a token naming its resource and owner (platform/identity/
// instance-tokens.ts); the gateway trades it for short-lived credentials only while that resource
// still runs for that owner, so a deleted app, an ended job, or a name since reused by someone else
// buys nothing.
import type { Db } from '@tessera/db';
import type { Arns } from '../../platform/arns.ts';
import type { InstanceRef } from '../../platform/identity/instance-tokens.ts';
import type { Services } from '../services.ts';
import { appOwner } from '../apps/app-instance.ts';

/** What an instance's credentials last; SDKs fetch new ones before they run out. */
export const INSTANCE_CREDENTIALS_SECONDS = 3600;

const JOB_KINDS: Record<string, string> = {
  TrainingJob: 'Training',
  ProcessingJob: 'Processing',
  TransformJob: 'Transform',
};
const LIVE_JOB = new Set(['InProgress', 'Stopping']);
const LIVE_APP = new Set(['Pending', 'InService']);

/** The `identity` of an instance spec (runtime/contract.ts): none for work nobody owns. */
export function instanceIdentity(
  s: Pick<Services, 'instanceTokens' | 'config'>,
  kind: string,
  resourceId: string,
  ownerUserId: string | null,
): { identity?: { token: string; region: string } } {
  if (!ownerUserId) return {};
  return {
    identity: { token: s.instanceTokens.tokenFor({ kind, resourceId, ownerUserId }), region: s.config.region },
  };
}

/** The role an instance's credentials are of, while its resource runs for its owner; else undefined. */
async function liveRole(db: Db, arns: Arns, ref: InstanceRef): Promise<string | undefined> {
  if (ref.kind === 'App') {
    const app = await db.app.findUnique({ where: { id: ref.resourceId } });
    if (!app || !LIVE_APP.has(app.status) || app.desiredState !== 'Present') return undefined;
    // The profile as it is now: an owner changed since the app started gets nothing from its token.
    const owner = await appOwner(db, app);
    if (!owner || owner.userId !== ref.ownerUserId) return undefined;
    return owner.executionRole ?? arns.executionRole;
  }
  const jobKind = JOB_KINDS[ref.kind];
  if (jobKind) {
    const job = await db.job.findUnique({ where: { id: ref.resourceId } });
    if (!job || job.kind !== jobKind || !LIVE_JOB.has(job.status) || job.ownerUserId !== ref.ownerUserId)
      return undefined;
    const spec = job.spec as { RoleArn?: string };
    const origin = job.origin as { model?: { spec?: { ExecutionRoleArn?: string } } } | null;
    return spec.RoleArn ?? origin?.model?.spec?.ExecutionRoleArn ?? arns.executionRole;
  }
  if (ref.kind === 'Endpoint') {
    const endpoint = await db.endpoint.findUnique({ where: { name: ref.resourceId } });
    if (!endpoint || endpoint.desiredState !== 'Present' || endpoint.ownerUserId !== ref.ownerUserId) return undefined;
    return arns.executionRole;
  }
  return undefined;
}

/**
 * What the gateway answers an instance that presents `token`: its owner's temporary credentials,
 * or undefined when the token is not ours or its resource no longer runs for that owner.
 */
export async function credentialsForInstance(
  s: Pick<Services, 'db' | 'arns' | 'instanceTokens' | 'temporaryCredentials'>,
  token: string,
) {
  const ref = s.instanceTokens.open(token);
  if (!ref) return undefined;
  const roleArn = await liveRole(s.db, s.arns, ref);
  if (!roleArn) return undefined;
  const user = await s.db.user.findUnique({
    where: { id: ref.ownerUserId },
    select: { username: true, disabled: true },
  });
  if (!user || user.disabled) return undefined;
  const credentials = s.temporaryCredentials.issue({
    userId: ref.ownerUserId,
    roleArn,
    sessionName: user.username,
    seconds: INSTANCE_CREDENTIALS_SECONDS,
  });
  return { ...credentials, roleArn };
}
