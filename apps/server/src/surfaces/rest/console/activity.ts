// What runs now across every domain (apps, jobs, endpoints) and stopping one of them through
// the same operation handlers the SageMaker API uses, so a stop here is a stop there.
import { LIVE_APP } from '../../../resources/quotas/held.ts';
import { desiredOriginOf } from '../../../resources/endpoints/origin.ts';
import { notFound, validation } from '../../../platform/errors.ts';
import type { RestContext } from '../context.ts';
import { handlers as sm } from '../../../resources/sagemaker-operations.ts';

const RUNNING_JOB = ['InProgress', 'Stopping'];

interface FleetLike {
  variants?: { name: string; instanceType: string; desiredCount?: number; instances?: unknown[] }[];
}
interface ConfigSpecLike {
  ProductionVariants?: { VariantName: string; InstanceType?: string; InitialInstanceCount?: number }[];
}

async function listActivity(c: RestContext) {
  const { db, arns } = c.services;
  const [apps, jobs, endpoints, domains, profiles] = await Promise.all([
    db.app.findMany({ where: LIVE_APP, orderBy: { createdAt: 'asc' } }),
    db.job.findMany({ where: { status: { in: RUNNING_JOB } }, orderBy: { createdAt: 'asc' } }),
    db.endpoint.findMany({ where: { desiredState: 'Present' }, orderBy: { createdAt: 'asc' } }),
    db.domain.findMany({ select: { id: true, name: true } }),
    db.userProfile.findMany({
      where: { ownerUserId: { not: null } },
      select: { domainId: true, name: true, owner: { select: { username: true } } },
    }),
  ]);
  const ownerIds = [...new Set([...jobs, ...endpoints].map((r) => r.ownerUserId).filter((id): id is string => !!id))];
  const users = new Map(
    (await db.user.findMany({ where: { id: { in: ownerIds } }, select: { id: true, username: true } })).map((u) => [
      u.id,
      u.username,
    ]),
  );
  const domainName = new Map(domains.map((d) => [d.id, d.name]));
  const profileOwner = new Map(profiles.map((p) => [`${p.domainId}/${p.name}`, p.owner?.username ?? null]));
  const imageName = (arn: string | null) => (arn ? (arns.parse(arn)?.resource.split('/')[0] ?? null) : null);

  return {
    apps: apps.map((a) => ({
      arn: a.arn,
      domainId: a.domainId,
      domainName: domainName.get(a.domainId) ?? a.domainId,
      userProfileName: a.userProfileName,
      spaceName: a.spaceName,
      ownerUsername: a.userProfileName ? (profileOwner.get(`${a.domainId}/${a.userProfileName}`) ?? null) : null,
      appType: a.appType,
      appName: a.appName,
      instanceType: a.instanceType,
      imageName: imageName(a.imageVersionArn ?? a.imageArn),
      status: a.status,
      since: a.createdAt.toISOString(),
    })),
    jobs: jobs.map((j) => ({
      arn: j.arn,
      kind: j.kind as 'Training' | 'Processing' | 'Transform',
      name: j.name,
      ownerUsername: j.ownerUserId ? (users.get(j.ownerUserId) ?? null) : null,
      domainId: j.domainId,
      userProfileName: j.userProfileName,
      instanceType: j.instanceType,
      instanceCount: j.instanceCount,
      status: j.status,
      since: (j.startedAt ?? j.createdAt).toISOString(),
    })),
    endpoints: endpoints.map((e) => {
      const fleet = e.variants as FleetLike | null;
      // Before the first fleet is up, the endpoint's copy of its config says what is being started.
      const variants = fleet?.variants?.length
        ? fleet.variants.map((v) => ({
            variantName: v.name,
            instanceType: v.instanceType,
            instanceCount: v.instances?.length ?? v.desiredCount ?? 0,
          }))
        : ((desiredOriginOf(e)?.config as ConfigSpecLike | undefined)?.ProductionVariants ?? []).map((v) => ({
            variantName: v.VariantName,
            instanceType: v.InstanceType ?? 'serverless',
            instanceCount: v.InitialInstanceCount ?? 1,
          }));
      return {
        arn: e.arn,
        name: e.name,
        ownerUsername: e.ownerUserId ? (users.get(e.ownerUserId) ?? null) : null,
        domainId: e.domainId,
        userProfileName: e.userProfileName,
        status: e.status,
        variants,
        since: e.createdAt.toISOString(),
      };
    }),
  };
}

async function stopActivity(c: RestContext) {
  const { db, arns, logger } = c.services;
  const arn = c.body.arn as string;
  const ctx = { services: c.services, principal: c.principal! };
  const type = arns.parse(arn)?.type;
  const gone = () => notFound(`Nothing running has the ARN ${arn}`);
  switch (type) {
    case 'app': {
      const app = await db.app.findUnique({ where: { arn } });
      if (!app) throw gone();
      await sm.DeleteApp(ctx, {
        DomainId: app.domainId,
        AppType: app.appType as never,
        AppName: app.appName,
        ...(app.spaceName ? { SpaceName: app.spaceName } : { UserProfileName: app.userProfileName! }),
      });
      break;
    }
    case 'training-job':
    case 'processing-job':
    case 'transform-job': {
      const job = await db.job.findUnique({ where: { arn } });
      if (!job) throw gone();
      if (job.kind === 'Training') await sm.StopTrainingJob(ctx, { TrainingJobName: job.name });
      else if (job.kind === 'Processing') await sm.StopProcessingJob(ctx, { ProcessingJobName: job.name });
      else await sm.StopTransformJob(ctx, { TransformJobName: job.name });
      break;
    }
    case 'endpoint': {
      const endpoint = await db.endpoint.findUnique({ where: { arn } });
      if (!endpoint) throw gone();
      await sm.DeleteEndpoint(ctx, { EndpointName: endpoint.name });
      break;
    }
    default:
      throw validation(`${arn} is not the ARN of an app, a training, processing or transform job, or an endpoint`);
  }
  logger.info({ by: c.principal!.username, arn }, 'stopped from the console');
}

export const activityHandlers = { listActivity, stopActivity };
