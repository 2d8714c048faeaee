// Creates an app's row — the desired state — after every check, in one serializable
// transaction: the profile is live, no live app has the same key, the quota allows a new
// instance. The reconciler does the rest. Used by CreateApp, by opening Studio and by the
// Jupyter proxy when a kernel asks for an instance type that is not running yet.
import type { App } from '@tessera/db';
import type { Tag } from '@tessera/contracts';
import { inUse, notFound, validation } from '../../platform/errors.ts';
import { newId } from '../../platform/identity/ids.ts';
import type { Services } from '../services.ts';
import { writeTransaction } from '../../platform/db/transaction.ts';
import { publishAppStatus } from './app-events.ts';
import { appAdds, checkQuota } from '../quotas/check.ts';
import { checkGpuCapacity } from '../quotas/gpu-capacity.ts';

export interface NewApp {
  domainId: string;
  userProfileName: string;
  appType: 'JupyterServer' | 'KernelGateway';
  appName: string;
  instanceType: string;
  imageArn?: string;
  imageVersionArn?: string;
  tags?: Tag[];
}

export async function createAppRow(
  s: Pick<Services, 'db' | 'arns' | 'reconciler' | 'events' | 'runtimes'>,
  want: NewApp,
): Promise<App> {
  const arn = s.arns.app(want.domainId, want.userProfileName, want.appType, want.appName);
  await checkGpuCapacity(s, want.instanceType, 1, `${want.appType} apps`);
  const row = await writeTransaction(s.db, async (tx) => {
    const profile = await tx.userProfile.findUnique({
      where: { domainId_name: { domainId: want.domainId, name: want.userProfileName } },
      include: { domain: true },
    });
    if (!profile) throw notFound(`User profile ${want.userProfileName} does not exist in domain ${want.domainId}`);
    if (profile.desiredState !== 'Present' || profile.domain.desiredState !== 'Present')
      throw inUse(`User profile ${want.userProfileName} is being deleted`);
    if (!(await tx.instanceType.findUnique({ where: { name: want.instanceType } }))) {
      throw validation(
        `Instance type ${want.instanceType} is not offered by this installation; see GET /api/v1/instance-types`,
      );
    }
    const sameKey = {
      domainId: want.domainId,
      userProfileName: want.userProfileName,
      appType: want.appType,
      appName: want.appName,
    };
    const existing = await tx.app.findFirst({ where: { ...sameKey, status: { not: 'Deleted' } } });
    if (existing) {
      throw inUse(
        existing.status === 'Failed'
          ? `App ${want.appName} (${want.appType}) of ${want.userProfileName} is in Failed state ` +
              `(${existing.failureReason ?? 'no reason recorded'}); ` +
              'delete it with DeleteApp before creating it again'
          : `App ${want.appName} (${want.appType}) already exists for user profile ${want.userProfileName} and ` +
              `is ${existing.status}`,
      );
    }
    const instance = {
      domainId: want.domainId,
      userProfileName: want.userProfileName,
      instanceType: want.instanceType,
    };
    await checkQuota(tx, { ...instance, adds: await appAdds(tx, instance), what: `a ${want.appType} app` });
    await tx.app.deleteMany({ where: { ...sameKey, status: 'Deleted' } }); // its ARN is reused
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (want.tags?.length)
      await tx.tag.createMany({ data: want.tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
    return tx.app.create({
      data: {
        id: newId(),
        ...sameKey,
        arn,
        status: 'Pending',
        instanceType: want.instanceType,
        imageArn: want.imageArn ?? null,
        imageVersionArn: want.imageVersionArn ?? null,
      },
    });
  });
  await publishAppStatus(s, row, 'Pending');
  s.reconciler.enqueue('app', row.id);
  return row;
}
