import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { findComponent } from '../lookup.ts';

// As SageMaker: a component goes once it is in no trial. A job's component goes; the job stays.
export async function deleteTrialComponent(
  ctx: OpContext<'db'>,
  input: OperationInput<'DeleteTrialComponent'>,
): Promise<OperationOutput<'DeleteTrialComponent'>> {
  const c = await findComponent(ctx.services.db, ctx.principal, input.TrialComponentName);
  await writeTransaction(ctx.services.db, async (tx) => {
    const trials = await tx.trialComponentAssociation.count({ where: { trialComponentId: c.id } });
    if (trials)
      throw validation(
        `Trial component ${c.name} is in ${trials} trial(s); disassociate it first (DisassociateTrialComponent)`,
      );
    await tx.tag.deleteMany({ where: { resourceArn: c.arn } });
    await tx.trialComponent.delete({ where: { id: c.id } });
  });
  return { TrialComponentArn: c.arn };
}
