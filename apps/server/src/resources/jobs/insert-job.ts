// Inserts a job's row — its desired state — once the quota allows its instances, in one
// serializable transaction with its tags, attributed to the user profile it counts against.
// Shared by CreateTrainingJob, CreateProcessingJob and CreateTransformJob.
import type { Job } from '@tessera/db';
import type { ExperimentConfig, Tag } from '@tessera/contracts';
import { inUse, validation } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { attributeTo, requireProfile } from '../quotas/attribution.ts';
import { checkQuota } from '../quotas/check.ts';
import { checkGpuCapacity } from '../quotas/gpu-capacity.ts';
import { writeTransaction } from '../../platform/db/transaction.ts';
import { recordJobComponent } from '../experiments/job-components.ts';

type NewJob = Omit<
  Job,
  'domainId' | 'userProfileName' | 'createdAt' | 'updatedAt' | 'ownerUserId' | keyof OptionalColumns
> &
  Partial<OptionalColumns>;
type OptionalColumns = Pick<
  Job,
  | 'secondaryStatus'
  | 'statusTransitions'
  | 'failureReason'
  | 'exitMessage'
  | 'desiredState'
  | 'backend'
  | 'backendState'
  | 'outputs'
  | 'origin'
  | 'finalMetrics'
  | 'tuningJobId'
  | 'tuningSeq'
  | 'monitoringScheduleId'
  | 'scheduledTime'
  | 'billableTimeInSeconds'
  | 'startedAt'
  | 'endedAt'
>;

const KIND_NAMES: Record<string, string> = { Training: 'training', Processing: 'processing', Transform: 'transform' };

export async function insertJob(
  ctx: OpContext<'arns' | 'db' | 'runtimes'>,
  row: NewJob,
  tags: Tag[] | undefined,
): Promise<Job> {
  const { db } = ctx.services;
  const kind = KIND_NAMES[row.kind] ?? row.kind.toLowerCase();
  if (row.instanceType) await checkGpuCapacity(ctx.services, row.instanceType, row.instanceCount, `${kind} job usage`);
  // The shared system instance is Studio's JupyterServer's: unquoted and unpriced, no job runs on it
  // (each operation says so with its own list of types; this is the one place none can miss).
  if (row.instanceType === 'system')
    throw validation(`The system instance type runs Studio's JupyterServer apps only; choose an ml.* instance type`);
  const taken = () =>
    inUse(
      `${kind[0]!.toUpperCase()}${kind.slice(1)} job names must be unique within an AWS account and region, ` +
        `and a ${kind} job with this name already exists (${row.arn})`,
    );
  try {
    return await writeTransaction(db, async (tx) => {
      if (await tx.job.findUnique({ where: { kind_name: { kind: row.kind, name: row.name } }, select: { id: true } }))
        throw taken();
      const who = await attributeTo(tx, ctx.principal, tags);
      if (row.instanceType) requireProfile(ctx.principal, who, [row.instanceType]);
      if (who.domainId && who.userProfileName && row.instanceType) {
        await checkQuota(tx, {
          domainId: who.domainId,
          userProfileName: who.userProfileName,
          instanceType: row.instanceType,
          adds: row.instanceCount,
          what: `${kind} job ${row.name} (${row.instanceCount} instance${row.instanceCount === 1 ? '' : 's'})`,
        });
      }
      await tx.tag.deleteMany({ where: { resourceArn: row.arn } });
      if (tags?.length)
        await tx.tag.createMany({ data: tags.map((t) => ({ resourceArn: row.arn, key: t.Key, value: t.Value })) });
      const job = await tx.job.create({
        data: { ...(row as object), ownerUserId: ctx.principal.userId, ...who } as never,
      });
      // A job with an ExperimentConfig is a trial component from the start, in the same transaction.
      const experiment = (row.spec as { ExperimentConfig?: ExperimentConfig }).ExperimentConfig;
      if (experiment) await recordJobComponent(tx, ctx, job, experiment);
      return job;
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw taken(); // a racing create with the same name won
    throw err;
  }
}
