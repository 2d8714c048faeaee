// Finding a caller's experiments, trials and trial components by name (or a component's ARN).
// Someone else's is ResourceNotFound, as a name in another AWS account would be.
import type { Experiment, Trial, TrialComponent } from '@tessera/db';
import type { Tx } from '../../platform/db/transaction.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import { ownedOr404 } from '../jobs/access.ts';

type Reader = Pick<Tx, 'experiment' | 'trial' | 'trialComponent'>;

/** The name an ARN ends in (…:experiment-trial-component/<name>), or the name itself. */
export const nameOf = (nameOrArn: string) => nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);

export async function findExperiment(db: Reader, principal: Principal, name: string): Promise<Experiment> {
  return ownedOr404(
    principal,
    await db.experiment.findUnique({ where: { name } }),
    `Requested resource not found: experiment ${name} does not exist`,
  );
}

export async function findTrial(db: Reader, principal: Principal, name: string): Promise<Trial> {
  return ownedOr404(
    principal,
    await db.trial.findUnique({ where: { name } }),
    `Requested resource not found: trial ${name} does not exist`,
  );
}

export async function findComponent(db: Reader, principal: Principal, nameOrArn: string): Promise<TrialComponent> {
  const name = nameOf(nameOrArn);
  // An ARN is looked up as the ARN (it holds the name in lower case).
  const row = nameOrArn.includes('/')
    ? await db.trialComponent.findUnique({ where: { arn: nameOrArn } })
    : await db.trialComponent.findUnique({ where: { name } });
  return ownedOr404(principal, row, `Requested resource not found: trial component ${name} does not exist`);
}
