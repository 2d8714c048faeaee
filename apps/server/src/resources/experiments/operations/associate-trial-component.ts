import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { findComponent, findTrial } from '../lookup.ts';

// Both must be the caller's; associating twice is the same as once.
export async function associateTrialComponent(
  ctx: OpContext<'db'>,
  input: OperationInput<'AssociateTrialComponent'>,
): Promise<OperationOutput<'AssociateTrialComponent'>> {
  return writeTransaction(ctx.services.db, async (tx) => {
    const c = await findComponent(tx, ctx.principal, input.TrialComponentName);
    const t = await findTrial(tx, ctx.principal, input.TrialName);
    const key = { trialId_trialComponentId: { trialId: t.id, trialComponentId: c.id } };
    await tx.trialComponentAssociation.upsert({
      where: key,
      create: { trialId: t.id, trialComponentId: c.id },
      update: {},
    });
    return { TrialComponentArn: c.arn, TrialArn: t.arn };
  });
}
