// Kernels in Studio are named for where they run: `<imageName>__<instanceType>`. Asking for one
// starts (or reuses) the user's KernelGateway app for that image and instance type and waits
// until it is in service, as SageMaker Studio does when a notebook picks an instance.
import type { App, UserProfile } from '@tessera/db';
import { SageMakerErrorCode } from '@tessera/contracts';
import { createAppRow } from './create-app-row.ts';
import { LIVE_APP } from '../quotas/held.ts';
import { ApiError, inUse, validation } from '../../platform/errors.ts';
import type { Services } from '../services.ts';

const SEPARATOR = '__';

export const kernelNameOf = (imageName: string, instanceType: string) => `${imageName}${SEPARATOR}${instanceType}`;

export function parseKernelName(name: string): { imageName: string; instanceType: string } | undefined {
  const i = name.lastIndexOf(SEPARATOR);
  if (i <= 0) return undefined;
  return { imageName: name.slice(0, i), instanceType: name.slice(i + SEPARATOR.length) };
}

export function kernelNameOfApp(s: Pick<Services, 'arns'>, app: App): string {
  return kernelNameOf(app.imageArn ? (s.arns.parse(app.imageArn)?.resource ?? 'image') : 'image', app.instanceType);
}

/** A valid app name (letters, digits, hyphens) for an image on an instance type. */
export const kernelAppName = (imageName: string, instanceType: string) =>
  `${imageName}-${instanceType}`.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 63);

async function waitInService(s: Pick<Services, 'db' | 'events'>, id: string, timeoutMs: number): Promise<App> {
  const deadline = Date.now() + timeoutMs;
  const { arn } = await s.db.app.findUniqueOrThrow({ where: { id }, select: { arn: true } });
  // Woken by the app's status events; the timer is only a backstop.
  let wake = () => undefined as void;
  const unsubscribe = s.events.subscribe((e) => {
    if (e.resourceArn === arn) wake();
  });
  try {
    for (;;) {
      const app = await s.db.app.findUniqueOrThrow({ where: { id } });
      if (app.status === 'InService') return app;
      if (app.status === 'Failed')
        throw new ApiError(
          'AppFailed',
          `The ${app.instanceType} instance for ${app.appName} failed to start: ` +
            `${app.failureReason ?? 'no reason recorded'}`,
          500,
        );
      if (app.status === 'Deleted' || app.status === 'Deleting' || app.desiredState === 'Deleted')
        throw inUse(`App ${app.appName} was deleted while starting`);
      if (Date.now() > deadline)
        throw new ApiError('Timeout', `App ${app.appName} did not start within ${Math.round(timeoutMs / 1000)} s`, 504);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
}

export async function ensureKernelApp(
  s: Pick<Services, 'db' | 'arns' | 'config' | 'events' | 'reconciler' | 'runtimes'>,
  profile: UserProfile,
  kernelName: string,
): Promise<App> {
  const want = parseKernelName(kernelName);
  if (!want)
    throw validation(
      `Kernel ${kernelName} is not a Studio kernel; names are <image>__<instanceType>, see /api/kernelspecs`,
    );
  const image = await s.db.image.findUnique({ where: { name: want.imageName } });
  if (!image) throw validation(`No image named ${want.imageName}; see /api/kernelspecs`);
  const where = {
    ...LIVE_APP,
    domainId: profile.domainId,
    userProfileName: profile.name,
    appType: 'KernelGateway',
    imageArn: image.arn,
    instanceType: want.instanceType,
  };
  let app = await s.db.app.findFirst({ where });
  if (!app) {
    const appName = kernelAppName(want.imageName, want.instanceType);
    // A failed app of that name is replaced: asking for the kernel again is the retry.
    const failed = await s.db.app.findFirst({
      where: {
        domainId: profile.domainId,
        userProfileName: profile.name,
        appType: 'KernelGateway',
        appName,
        status: 'Failed',
      },
    });
    if (failed)
      await s.db.app.update({
        where: { id: failed.id },
        data: { status: 'Deleted', desiredState: 'Deleted', backendState: null as never },
      });
    try {
      app = await createAppRow(s, {
        domainId: profile.domainId,
        userProfileName: profile.name,
        appType: 'KernelGateway',
        appName,
        instanceType: want.instanceType,
        imageArn: image.arn,
      });
    } catch (err) {
      const e = err as ApiError;
      if (e.code === SageMakerErrorCode.ResourceInUse) app = await s.db.app.findFirst({ where });
      if (!app)
        throw e.code === SageMakerErrorCode.ResourceLimitExceeded
          ? new ApiError('TooManyRequests', e.message)
          : validation(e.message);
    }
  }
  return waitInService(s, app.id, (s.config.appStartTimeoutSeconds + 10) * 1000);
}

/** The user's live KernelGateway apps that are in service. */
export function kernelApps(s: Pick<Services, 'db'>, profile: UserProfile): Promise<App[]> {
  return s.db.app.findMany({
    where: {
      domainId: profile.domainId,
      userProfileName: profile.name,
      appType: 'KernelGateway',
      desiredState: 'Present',
      status: 'InService',
    },
  });
}
