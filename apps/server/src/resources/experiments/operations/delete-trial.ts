import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { findTrial } from '../lookup.ts';

// As SageMaker: a trial goes once its trial components are disassociated from it.
export async function deleteTrial(
  ctx: OpContext<'db'>,
  input: OperationInput<'DeleteTrial'>,
): Promise<OperationOutput<'DeleteTrial'>> {
  const t = await findTrial(ctx.services.db, ctx.principal, input.TrialName);
  await writeTransaction(ctx.services.db, async (tx) => {
    const components = await tx.trialComponentAssociation.count({ where: { trialId: t.id } });
    if (components)
      throw validation(
        `Trial ${t.name} has ${components} trial component(s); disassociate them first (DisassociateTrialComponent)`,
      );
    await tx.tag.deleteMany({ where: { resourceArn: t.arn } });
    await tx.trial.delete({ where: { id: t.id } });
  });
  return { TrialArn: t.arn };
}
