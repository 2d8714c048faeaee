// The experiment a tuning job records its training jobs in (<name>-aws-tuning-job). Made with the
// tuning job; a later tuning job of the same name and owner (the first deleted) goes on in it; a
// tuning job that predates experiments gets it at its next launch.
import { randomUUID } from 'node:crypto';
import type { TuningJob } from '@tessera/db';
import { inUse } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/transaction.ts';
import type { Arns } from '../../platform/arns.ts';

export const tuningExperimentName = (tuningJobName: string) => `${tuningJobName}-aws-tuning-job`;

export async function ensureTuningExperiment(
  tx: Pick<Tx, 'experiment'>,
  arns: Arns,
  t: Pick<TuningJob, 'name' | 'arn' | 'ownerUserId'>,
): Promise<void> {
  const name = tuningExperimentName(t.name);
  const arn = arns.named('experiment', name.toLowerCase());
  const found = await tx.experiment.findFirst({ where: { OR: [{ name }, { arn }] } });
  if (found) {
    if (found.sourceArn === t.arn && found.ownerUserId === t.ownerUserId) return;
    throw inUse(`An experiment named ${name} already exists; the tuning job's experiment would have its name`);
  }
  await tx.experiment.create({
    data: {
      id: randomUUID(),
      name,
      arn,
      ownerUserId: t.ownerUserId,
      displayName: name,
      sourceArn: t.arn,
      sourceType: 'SageMakerTuningJob',
    },
  });
}
