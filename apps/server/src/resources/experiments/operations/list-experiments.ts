import type { Experiment } from '@tessera/db';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { listNamed } from '../../common/list-named.ts';
import { experimentView } from '../views.ts';

export async function listExperiments(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListExperiments'>,
): Promise<OperationOutput<'ListExperiments'>> {
  const { CreatedAfter, CreatedBefore, ...rest } = input;
  const { items, nextToken } = await listNamed(ctx, 'experiment', {
    ...rest,
    CreationTimeAfter: CreatedAfter,
    CreationTimeBefore: CreatedBefore,
  });
  return {
    ExperimentSummaries: (items as unknown as Experiment[]).map((e) => {
      const v = experimentView(e);
      return {
        ExperimentArn: v.ExperimentArn,
        ExperimentName: v.ExperimentName,
        DisplayName: v.DisplayName,
        ...(v.Source ? { ExperimentSource: v.Source } : {}),
        CreationTime: v.CreationTime,
        LastModifiedTime: v.LastModifiedTime,
      };
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
