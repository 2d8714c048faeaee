import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findComponent, findTrial } from '../lookup.ts';

export async function disassociateTrialComponent(
  ctx: OpContext<'db'>,
  input: OperationInput<'DisassociateTrialComponent'>,
): Promise<OperationOutput<'DisassociateTrialComponent'>> {
  const { db } = ctx.services;
  const c = await findComponent(db, ctx.principal, input.TrialComponentName);
  const t = await findTrial(db, ctx.principal, input.TrialName);
  await db.trialComponentAssociation.deleteMany({ where: { trialId: t.id, trialComponentId: c.id } });
  return { TrialComponentArn: c.arn, TrialArn: t.arn };
}
