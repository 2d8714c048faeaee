import type { CreateHyperParameterTuningJobRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, encodeToken } from '../../../platform/pagination.ts';
import { childrenOf, findTuningJob } from '../lookup.ts';
import { type Child, childSummary, finalObjective, objectiveOf } from '../progress.ts';

// A tuning job has at most 500 training jobs: they are read and sorted in memory, so the final
// objective (kept in a JSON column) sorts like the columns do. Sorted by it, jobs that reported no
// objective are left out, as SageMaker does. Pages resume after the last (key, name) seen, so jobs
// launched between two pages neither repeat nor push others out.
export async function listTrainingJobsForHyperParameterTuningJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTrainingJobsForHyperParameterTuningJob'>,
): Promise<OperationOutput<'ListTrainingJobsForHyperParameterTuningJob'>> {
  const t = await findTuningJob(ctx, input.HyperParameterTuningJobName);
  const objective = objectiveOf(t.spec as unknown as CreateHyperParameterTuningJobRequest);
  const limit = input.MaxResults ?? 10;
  const scope = {
    op: 'ListTrainingJobsForHyperParameterTuningJob',
    t: t.id,
    u: ctx.principal.userId,
    i: { ...input, NextToken: undefined, MaxResults: undefined },
  };
  const cursor = decodeToken(input.NextToken, scope)?.after;
  const sortBy = input.SortBy ?? 'Name';
  const key = (c: Child): number | string | undefined =>
    sortBy === 'FinalObjectiveMetricValue'
      ? finalObjective(c, objective.MetricName)
      : sortBy === 'Status'
        ? c.status
        : sortBy === 'CreationTime'
          ? c.createdAt.getTime()
          : c.name;
  const sign = (input.SortOrder ?? 'Ascending') === 'Ascending' ? 1 : -1;
  const compare = (a: [number | string, string], b: [number | string, string]) => {
    const byKey =
      typeof a[0] === 'number' && typeof b[0] === 'number' ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0]));
    return sign * (byKey || a[1].localeCompare(b[1]));
  };
  const rows = (await childrenOf(ctx.services.db, t))
    .filter((c) => !input.StatusEquals || c.status === input.StatusEquals)
    .map((c) => ({ c, at: [key(c), c.name] as [number | string | undefined, string] }))
    .filter((r): r is { c: Child; at: [number | string, string] } => r.at[0] !== undefined)
    .sort((a, b) => compare(a.at, b.at))
    .filter((r) => !cursor || compare(r.at, cursor) > 0);
  const page = rows.slice(0, limit);
  return {
    TrainingJobSummaries: page.map((r) => childSummary(r.c, t.name, objective)),
    ...(rows.length > limit ? { NextToken: encodeToken(scope, { after: page.at(-1)!.at }) } : {}),
  };
}
