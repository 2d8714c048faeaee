// At start-up every live row is reconciled, so work interrupted by a crash or restart resumes.
// Rows at rest (InService) are included: reconciling them checks that what they describe still
// exists (the home storage, and later the app's server or the job's container).
import type { Services } from './services.ts';

export async function resyncAll(s: Pick<Services, 'db' | 'reconciler' | 'logger'>): Promise<number> {
  const [domains, profiles, apps, jobs, endpoints, tuningJobs, schedules] = await Promise.all([
    s.db.domain.findMany({ select: { id: true } }),
    s.db.userProfile.findMany({ select: { domainId: true, name: true } }),
    s.db.app.findMany({
      where: {
        OR: [
          { status: { in: ['Pending', 'InService', 'Deleting'] } },
          { desiredState: 'Deleted', status: { not: 'Deleted' } },
        ],
      },
      select: { id: true },
    }),
    s.db.job.findMany({ where: { status: { in: ['InProgress', 'Stopping'] } }, select: { id: true, kind: true } }),
    s.db.endpoint.findMany({ where: { status: { not: 'Failed' } }, select: { name: true } }),
    s.db.tuningJob.findMany({ where: { status: { in: ['InProgress', 'Stopping'] } }, select: { id: true } }),
    s.db.monitoringSchedule.findMany({ where: { status: 'Scheduled' }, select: { id: true } }),
  ]);
  for (const d of domains) s.reconciler.enqueue('domain', d.id);
  for (const p of profiles) s.reconciler.enqueue('userProfile', `${p.domainId}/${p.name}`);
  for (const a of apps) s.reconciler.enqueue('app', a.id);
  for (const j of jobs) s.reconciler.enqueue(`${j.kind.charAt(0).toLowerCase()}${j.kind.slice(1)}Job`, j.id);
  for (const e of endpoints) s.reconciler.enqueue('endpoint', e.name);
  for (const t of tuningJobs) s.reconciler.enqueue('tuningJob', t.id);
  for (const m of schedules) s.reconciler.enqueue('monitoringSchedule', m.id);
  const total =
    domains.length +
    profiles.length +
    apps.length +
    jobs.length +
    endpoints.length +
    tuningJobs.length +
    schedules.length;
  s.logger.info(
    {
      domains: domains.length,
      userProfiles: profiles.length,
      apps: apps.length,
      jobs: jobs.length,
      endpoints: endpoints.length,
      tuningJobs: tuningJobs.length,
      monitoringSchedules: schedules.length,
    },
    'reconciling live resources after start',
  );
  return total;
}
