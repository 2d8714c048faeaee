import type { Trial } from '@tessera/db';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { listNamed } from '../../common/list-named.ts';
import { findComponent, findExperiment } from '../lookup.ts';
import { trialView } from '../views.ts';

export async function listTrials(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTrials'>,
): Promise<OperationOutput<'ListTrials'>> {
  const { db } = ctx.services;
  const { CreatedAfter, CreatedBefore, ExperimentName, TrialComponentName, ...rest } = input;
  const where: object[] = [];
  if (ExperimentName) where.push({ experimentId: (await findExperiment(db, ctx.principal, ExperimentName)).id });
  if (TrialComponentName) {
    const c = await findComponent(db, ctx.principal, TrialComponentName);
    where.push({ components: { some: { trialComponentId: c.id } } });
  }
  const { items, nextToken } = await listNamed(
    ctx,
    'trial',
    // The filters go into the listing's input so its NextToken is bound to them too.
    {
      ...rest,
      CreationTimeAfter: CreatedAfter,
      CreationTimeBefore: CreatedBefore,
      ...({ filters: { ExperimentName, TrialComponentName } } as object),
    },
    { AND: where },
  );
  return {
    TrialSummaries: (items as unknown as Trial[]).map((t) => {
      const v = trialView(t, '');
      return {
        TrialArn: v.TrialArn,
        TrialName: v.TrialName,
        DisplayName: v.DisplayName,
        ...(v.Source ? { TrialSource: v.Source } : {}),
        CreationTime: v.CreationTime,
        LastModifiedTime: v.LastModifiedTime,
      };
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
