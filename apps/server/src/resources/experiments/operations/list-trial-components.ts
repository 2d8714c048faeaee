import type { TrialComponent } from '@tessera/db';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { listNamed } from '../../common/list-named.ts';
import { findExperiment, findTrial } from '../lookup.ts';
import { componentViews } from '../views.ts';

export async function listTrialComponents(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTrialComponents'>,
): Promise<OperationOutput<'ListTrialComponents'>> {
  const { db } = ctx.services;
  const { CreatedAfter, CreatedBefore, ExperimentName, TrialName, SourceArn, ...rest } = input;
  if ([ExperimentName, TrialName, SourceArn].filter(Boolean).length > 1)
    throw validation('Give at most one of ExperimentName, TrialName and SourceArn');
  const where: object[] = [];
  if (ExperimentName) {
    const e = await findExperiment(db, ctx.principal, ExperimentName);
    where.push({ trials: { some: { trial: { experimentId: e.id } } } });
  }
  if (TrialName) where.push({ trials: { some: { trialId: (await findTrial(db, ctx.principal, TrialName)).id } } });
  if (SourceArn) {
    const job = await db.job.findUnique({ where: { arn: SourceArn }, select: { id: true } });
    where.push({ sourceJobId: job?.id ?? '-' });
  }
  const { items, nextToken } = await listNamed(
    ctx,
    'trialComponent',
    // The filters go into the listing's input so its NextToken is bound to them too.
    {
      ...rest,
      CreationTimeAfter: CreatedAfter,
      CreationTimeBefore: CreatedBefore,
      ...({ filters: { ExperimentName, TrialName, SourceArn } } as object),
    },
    { AND: where },
  );
  return {
    TrialComponentSummaries: (await componentViews(db, items as unknown as TrialComponent[])).map((v) => ({
      TrialComponentName: v.TrialComponentName,
      TrialComponentArn: v.TrialComponentArn,
      DisplayName: v.DisplayName,
      ...(v.Source ? { TrialComponentSource: v.Source } : {}),
      ...(v.Status ? { Status: v.Status } : {}),
      ...(v.StartTime !== undefined ? { StartTime: v.StartTime } : {}),
      ...(v.EndTime !== undefined ? { EndTime: v.EndTime } : {}),
      CreationTime: v.CreationTime,
      LastModifiedTime: v.LastModifiedTime,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
