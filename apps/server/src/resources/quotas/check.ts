// The one place that decides whether new instances may start: apps (CreateApp, opening Studio,
// a kernel moving to another instance type), training, processing and transform jobs, and
// endpoints (create, update, more capacity). Admin quotas cap the instances of a type per user
// profile, per group (the profiles its members own in the domain, together) and per domain.
// Runs inside the creating transaction, so racing requests cannot both take the last slot.
import { limitExceeded } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/transaction.ts';
import { holdings, LIVE_APP, type Holding } from './held.ts';

export interface Claim {
  domainId: string;
  userProfileName: string;
  instanceType: string;
  /** How many instances the request adds (an app on a type its profile already runs adds none). */
  adds: number;
  /** What asks, for the message: "a KernelGateway app", "training job nightly (2 instances)". */
  what: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const listed = (hs: Holding[]) =>
  hs.map((h) => `${h.userProfileName}: ${h.what}${h.instances > 1 ? ` ×${h.instances}` : ''}`).join('; ');

export async function checkQuota(tx: Tx, claim: Claim): Promise<void> {
  const { domainId, userProfileName, instanceType, adds } = claim;
  if (instanceType === 'system' || adds <= 0) return; // JupyterServer apps run on the shared system instance
  const quotas = await tx.quota.findMany({ where: { domainId, instanceType } });
  if (!quotas.length) return;
  const held = await holdings(tx, domainId, instanceType);
  const sum = (hs: Holding[]) => hs.reduce((n, h) => n + h.instances, 0);
  const refuse = (scope: string, quota: { id: string; maxInstances: number }, hs: Holding[]) => {
    const now = sum(hs);
    throw limitExceeded(
      `${scope} may run ${plural(quota.maxInstances, instanceType + ' instance')} (quota ${quota.id}) and ` +
        `${now === 1 ? '1 is' : `${now} are`} running${hs.length ? ` (${listed(hs)})` : ''}; ` +
        `${claim.what} needs ${adds} more. Stop one, choose another instance type, ` +
        'or ask an administrator to raise the quota',
    );
  };

  const mine = quotas.find((q) => q.scope === 'UserProfile' && q.userProfile === userProfileName);
  if (mine) {
    const hs = held.filter((h) => h.userProfileName === userProfileName);
    if (sum(hs) + adds > mine.maxInstances) refuse(`User profile ${userProfileName}`, mine, hs);
  }
  const groupQuotas = quotas.filter((q) => q.scope === 'Group' && q.groupId);
  if (groupQuotas.length) {
    const profile = await tx.userProfile.findUnique({
      where: { domainId_name: { domainId, name: userProfileName } },
      select: { ownerUserId: true },
    });
    for (const q of groupQuotas) {
      const group = await tx.group.findUnique({
        where: { id: q.groupId! },
        include: { members: { select: { userId: true } } },
      });
      if (!group || !profile?.ownerUserId || !group.members.some((m) => m.userId === profile.ownerUserId)) continue;
      const profiles = await tx.userProfile.findMany({
        where: { domainId, ownerUserId: { in: group.members.map((m) => m.userId) } },
        select: { name: true },
      });
      const names = new Set(profiles.map((p) => p.name));
      const hs = held.filter((h) => names.has(h.userProfileName));
      if (sum(hs) + adds > q.maxInstances) refuse(`Group ${group.name} in domain ${domainId}`, q, hs);
    }
  }
  const domainQuota = quotas.find((q) => q.scope === 'Domain');
  if (domainQuota && sum(held) + adds > domainQuota.maxInstances) refuse(`Domain ${domainId}`, domainQuota, held);
}

/** A new app adds an instance only when its profile runs nothing on that type yet. */
export async function appAdds(
  tx: Tx,
  want: { domainId: string; userProfileName: string; instanceType: string },
): Promise<number> {
  const running = await tx.app.findFirst({ where: { ...LIVE_APP, ...want }, select: { id: true } });
  return running ? 0 : 1;
}
