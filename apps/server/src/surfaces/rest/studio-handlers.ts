// REST handlers behind Studio: opening it (the JupyterServer app, created when missing), the
// components panel's resources, instance types, images, and the admin's quotas.
import type { StudioOpenResponse } from '@tessera/contracts';
import type { UserProfile } from '@tessera/db';
import { SageMakerErrorCode } from '@tessera/contracts';
import { createAppRow } from '../../resources/apps/create-app-row.ts';
import { loadKernelDefaults } from '../../resources/apps/defaults.ts';
import { markAppForDeletion } from '../../resources/apps/delete-app.ts';
import { LIVE_APP } from '../../resources/quotas/held.ts';
import { kernelAppName } from '../../resources/apps/kernel-apps.ts';
import { ApiError, notFound, validation } from '../../platform/errors.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../../resources/services.ts';
import { studioAccess } from '../../resources/profiles/studio-access.ts';
import type { RestContext } from './context.ts';

export const jupyterBaseUrl = (domainId: string, profile: string, appName = 'default') =>
  `/jupyter/${domainId}/${profile}/${appName}/`;

async function chooseProfile(s: Services, principal: Principal, body: { DomainId?: string; UserProfileName?: string }) {
  if (body.DomainId && body.UserProfileName)
    return (await studioAccess(s, principal, body.DomainId, body.UserProfileName)).profile;
  const mine = await s.db.userProfile.findMany({
    where: {
      ownerUserId: principal.userId,
      desiredState: 'Present',
      ...(body.DomainId ? { domainId: body.DomainId } : {}),
    },
    orderBy: { createdAt: 'asc' },
  });
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0)
    throw validation(
      `No user profile is assigned to ${principal.username}; an administrator creates one with ` +
        `OwnerUsername=${principal.username}`,
    );
  throw validation(
    `${principal.username} has several user profiles; ` +
      `choose one of: ${mine.map((p) => `${p.domainId}/${p.name}`).join(', ')}`,
  );
}

/**
 * A fresh Studio starts the default kernel's instance beside the JupyterServer app, so the first
 * notebook does not wait for two starts in a row. Only when the user has no kernel app at all;
 * a quota that refuses it just means the notebook will ask (and be told) later.
 */
async function prewarmKernelApp(
  s: Services,
  profile: UserProfile,
  defaults: { instanceType: string; imageName: string },
) {
  const live = await s.db.app.count({
    where: { ...LIVE_APP, domainId: profile.domainId, userProfileName: profile.name, appType: 'KernelGateway' },
  });
  if (live) return;
  const image = await s.db.image.findUnique({ where: { name: defaults.imageName } });
  if (!image) return;
  await createAppRow(s, {
    domainId: profile.domainId,
    userProfileName: profile.name,
    appType: 'KernelGateway',
    appName: kernelAppName(defaults.imageName, defaults.instanceType),
    instanceType: defaults.instanceType,
    imageArn: image.arn,
  }).catch((err) =>
    s.logger.info({ err: (err as Error).message, profile: profile.name }, 'default kernel app not started ahead'),
  );
}

async function studioOpen(c: RestContext): Promise<StudioOpenResponse> {
  const s = c.services;
  const profile = await chooseProfile(s, c.principal!, c.body);
  const key = {
    domainId: profile.domainId,
    userProfileName: profile.name,
    appType: 'JupyterServer',
    appName: 'default',
  };
  const domain = await s.db.domain.findUniqueOrThrow({ where: { id: profile.domainId } });
  const defaults = await loadKernelDefaults(s, domain, profile);
  let app = await s.db.app.findFirst({ where: { ...key, status: { not: 'Deleted' } } });
  if (!app || app.desiredState === 'Deleted') {
    try {
      app = await createAppRow(s, { ...key, appType: 'JupyterServer', instanceType: 'system' });
      await prewarmKernelApp(s, profile, defaults);
    } catch (err) {
      // Another tab opened Studio at the same moment, or the old app is still being deleted.
      if ((err as ApiError).code !== SageMakerErrorCode.ResourceInUse) throw err;
      app = await s.db.app.findFirst({ where: { ...key, status: { not: 'Deleted' } } });
      if (!app) throw err;
    }
  }
  return {
    DomainId: profile.domainId,
    UserProfileName: profile.name,
    Username: c.principal!.username,
    JupyterBaseUrl: jupyterBaseUrl(profile.domainId, profile.name),
    App: {
      AppName: app.appName,
      Status: app.status as StudioOpenResponse['App']['Status'],
      ...(app.failureReason ? { FailureReason: app.failureReason } : {}),
    },
    Defaults: { InstanceType: defaults.instanceType, ImageName: defaults.imageName },
  };
}

async function studioResources(c: RestContext) {
  const s = c.services;
  const { profile } = await studioAccess(s, c.principal!, c.query.domain, c.query.profile);
  // Jobs, models and endpoints belong to the user who works as this profile (none: no owner).
  const owner = profile.ownerUserId;
  const [apps, jobs, models, endpoints] = await Promise.all([
    s.db.app.findMany({
      where: { domainId: profile.domainId, userProfileName: profile.name, status: { not: 'Deleted' } },
      orderBy: { createdAt: 'asc' },
    }),
    owner
      ? s.db.job.findMany({ where: { kind: 'Training', ownerUserId: owner }, orderBy: { createdAt: 'desc' }, take: 50 })
      : [],
    owner ? s.db.model.findMany({ where: { ownerUserId: owner }, orderBy: { createdAt: 'desc' }, take: 50 }) : [],
    owner ? s.db.endpoint.findMany({ where: { ownerUserId: owner }, orderBy: { createdAt: 'desc' }, take: 50 }) : [],
  ]);
  return {
    Apps: apps.map((a) => ({
      AppName: a.appName,
      AppType: a.appType as 'KernelGateway',
      Status: a.status as 'InService',
      InstanceType: a.instanceType,
      ...(a.imageArn ? { ImageName: s.arns.parse(a.imageArn)?.resource } : {}),
      CreationTime: a.createdAt.toISOString(),
      ...(a.failureReason ? { FailureReason: a.failureReason } : {}),
    })),
    TrainingJobs: jobs.map((j) => ({ Name: j.name, Status: j.status, CreationTime: j.createdAt.toISOString() })),
    Models: models.map((m) => ({ Name: m.name, CreationTime: m.createdAt.toISOString() })),
    Endpoints: endpoints.map((e) => ({ Name: e.name, Status: e.status, CreationTime: e.createdAt.toISOString() })),
  };
}

async function studioDeleteApp(c: RestContext) {
  const s = c.services;
  const { profile } = await studioAccess(s, c.principal!, c.query.domain, c.query.profile);
  const app = await s.db.app.findFirst({
    where: {
      domainId: profile.domainId,
      userProfileName: profile.name,
      appType: c.params.appType,
      appName: c.params.appName,
      status: { not: 'Deleted' },
    },
  });
  if (!app)
    throw notFound(`App ${c.params.appName} (${c.params.appType}) does not exist for user profile ${profile.name}`);
  await markAppForDeletion(s, app);
}

async function listInstanceTypes(c: RestContext) {
  const s = c.services;
  const gpus = await s.runtimes.current.gpusAvailable();
  const rows = await s.db.instanceType.findMany({
    orderBy: [{ gpus: 'asc' }, { vcpu: 'asc' }, { memoryGiB: 'asc' }, { name: 'asc' }],
  });
  return {
    InstanceTypes: rows.map((t) => ({
      Name: t.name,
      VCpu: t.vcpu,
      MemoryGiB: t.memoryGiB,
      Gpus: t.gpus,
      FastLaunch: t.fastLaunch,
      Available: t.gpus <= gpus,
      ...(t.gpus > gpus
        ? {
            UnavailableReason:
              `Needs ${t.gpus} GPU; ` + `the ${s.runtimes.current.name} runtime on this host has ${gpus || 'none'}`,
          }
        : {}),
    })),
  };
}

async function listStudioImages(c: RestContext) {
  const rows = await c.services.db.image.findMany({
    where: { status: 'CREATED', versions: { some: { status: 'CREATED' } } },
    orderBy: [{ builtIn: 'desc' }, { name: 'asc' }],
  });
  return {
    Images: rows.map((i) => ({
      ImageName: i.name,
      ImageArn: i.arn,
      DisplayName: i.displayName ?? i.name,
      ...(i.description ? { Description: i.description } : {}),
      BuiltIn: i.builtIn,
      ...(i.defaultInstanceType ? { DefaultInstanceType: i.defaultInstanceType } : {}),
    })),
  };
}

export const studioHandlers = { studioOpen, studioResources, studioDeleteApp, listInstanceTypes, listStudioImages };
