// A job created with an ExperimentConfig becomes a trial component (<job>-aws-training-job, as
// SageMaker names it) in its trial, in the job's own transaction. A trial named and not there yet
// is made in the experiment (the SDK's Run does the same); without a TrialName the experiment's
// default run group is used. The experiment itself must exist and be the caller's.
import { randomUUID } from 'node:crypto';
import type { ExperimentConfig } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { inUse, validation } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/transaction.ts';
import type { OpContext } from '../services.ts';
import { visibleTo } from '../jobs/access.ts';

const SUFFIX: Record<string, string> = {
  Training: 'aws-training-job',
  Processing: 'aws-processing-job',
  Transform: 'aws-transform-job',
};

export const jobComponentName = (job: Pick<Job, 'kind' | 'name'>) => `${job.name}-${SUFFIX[job.kind]}`;

export async function recordJobComponent(
  tx: Tx,
  ctx: OpContext<'arns'>,
  job: Job,
  config: ExperimentConfig,
): Promise<void> {
  const { arns } = ctx.services;
  const name = jobComponentName(job);
  const arn = arns.named('experiment-trial-component', name.toLowerCase());
  // Users cannot take these names (create-entity.ts); one left by a job of the same name in another case can.
  if (await tx.trialComponent.findFirst({ where: { OR: [{ name }, { arn }] }, select: { id: true } }))
    throw inUse(`A trial component named ${name} already exists: the job's trial component cannot be recorded`);
  const component = await tx.trialComponent.create({
    data: {
      id: randomUUID(),
      name,
      arn,
      ownerUserId: ctx.principal.userId,
      displayName: config.TrialComponentDisplayName ?? null,
      spec: {},
      sourceJobId: job.id,
    },
  });
  let trial;
  if (config.ExperimentName) {
    const experiment = await tx.experiment.findUnique({ where: { name: config.ExperimentName } });
    if (!experiment || !visibleTo(ctx.principal, experiment))
      throw validation(
        `ExperimentConfig.ExperimentName: experiment ${config.ExperimentName} does not exist; create it first ` +
          '(CreateExperiment)',
      );
    const trialName = config.TrialName ?? `Default-Run-Group-${experiment.name}`.slice(0, 120).replace(/-+$/, '');
    trial = await tx.trial.findUnique({ where: { name: trialName } });
    if (trial && (!visibleTo(ctx.principal, trial) || trial.experimentId !== experiment.id))
      throw validation(
        `ExperimentConfig.TrialName: trial ${trialName} is not a trial of experiment ${experiment.name}`,
      );
    trial ??= await tx.trial.create({
      data: {
        id: randomUUID(),
        name: trialName,
        arn: arns.named('experiment-trial', trialName.toLowerCase()),
        // The experiment's owner's, whoever runs the job (an administrator, say): it stays deletable by them.
        ownerUserId: experiment.ownerUserId,
        experimentId: experiment.id,
      },
    });
  } else if (config.TrialName) {
    trial = await tx.trial.findUnique({ where: { name: config.TrialName } });
    if (!trial || !visibleTo(ctx.principal, trial))
      throw validation(
        `ExperimentConfig.TrialName: trial ${config.TrialName} does not exist; create it first (CreateTrial)`,
      );
  }
  if (trial) await tx.trialComponentAssociation.create({ data: { trialId: trial.id, trialComponentId: component.id } });
}
