// The one place that decides whether a new app instance may start. An instance is one
// (user profile, instance type) pair: every KernelGateway app of a user on the same instance
// type shares it, as in SageMaker, so only the first app on a type counts. Admin quotas cap
// instances of a type per domain and per user profile. Runs inside the creating transaction,
// so racing requests cannot both take the last slot.
import { limitExceeded } from '../errors.ts';
import type { Tx } from '../studio/transaction.ts';

export const LIVE_APP = { desiredState: 'Present', status: { in: ['Pending', 'InService'] } };

export async function checkInstanceQuota(tx: Tx, want: { domainId: string; userProfileName: string; instanceType: string }): Promise<void> {
  const { domainId, userProfileName, instanceType } = want;
  if (instanceType === 'system') return; // JupyterServer apps run on the shared system instance
  const sameType = { ...LIVE_APP, domainId, instanceType };
  if (await tx.app.findFirst({ where: { ...sameType, userProfileName }, select: { id: true } })) return;

  const quotas = await tx.quota.findMany({ where: { domainId, instanceType } });
  const mine = quotas.find((q) => q.scope === 'UserProfile' && q.userProfile === userProfileName);
  if (mine && mine.maxInstances < 1) {
    throw limitExceeded(`User profile ${userProfileName} may not run ${instanceType} instances (quota ${mine.id}: ${mine.maxInstances}); choose another instance type or ask an administrator`);
  }
  const domainQuota = quotas.find((q) => q.scope === 'Domain');
  if (!domainQuota) return;
  const running = await tx.app.findMany({ where: sameType, select: { userProfileName: true }, distinct: ['userProfileName'] });
  if (running.length >= domainQuota.maxInstances) {
    throw limitExceeded(
      `Domain ${domainId} may run ${domainQuota.maxInstances} ${instanceType} instance${domainQuota.maxInstances === 1 ? '' : 's'} (quota ${domainQuota.id}) and ${running.length} ${running.length === 1 ? 'is' : 'are'} running (${running
        .map((r) => r.userProfileName)
        .join(', ')}); stop one, choose another instance type, or ask an administrator to raise the quota`,
    );
  }
}
