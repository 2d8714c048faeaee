// Finding a caller's tuning job, its training jobs, and the best job of its warm-start parents.
import type { Db, TuningJob } from '@tessera/db';
import type { OpContext } from '../services.ts';
import { ownedOr404 } from '../jobs/access.ts';
import { bestOf, type Child, CHILD_COLUMNS, objectiveOf } from './progress.ts';
import type { StoredTuningSpec } from './reconcile-tuning-job.ts';

export async function findTuningJob(ctx: OpContext<'db'>, name: string): Promise<TuningJob> {
  return ownedOr404(
    ctx.principal,
    await ctx.services.db.tuningJob.findUnique({ where: { name } }),
    `Requested resource not found: hyperparameter tuning job ${name} does not exist`,
  );
}

export const childrenOf = (db: Db, t: Pick<TuningJob, 'id'>): Promise<Child[]> =>
  db.job.findMany({ where: { tuningJobId: t.id }, select: CHILD_COLUMNS, orderBy: { tuningSeq: 'asc' } });

/** The best training job of the warm-start parents (those fixed at creation), if any. */
export async function parentsBest(db: Db, t: TuningJob): Promise<Child | undefined> {
  const spec = t.spec as unknown as StoredTuningSpec;
  if (!spec.parentIds?.length) return undefined;
  const jobs = await db.job.findMany({ where: { tuningJobId: { in: spec.parentIds } }, select: CHILD_COLUMNS });
  return bestOf(jobs, objectiveOf(spec));
}
