import type { CreateHyperParameterTuningJobRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { decodeToken, encodeToken } from '../../../platform/pagination.ts';
import { childrenOf, findTuningJob } from '../lookup.ts';
import { type Child, childSummary, finalObjective, objectiveOf } from '../progress.ts';
import { tunedNames } from '../views.ts';

// A tuning job has at most 500 training jobs: they are read and sorted in memory, so the final
// objective (kept in a JSON column) sorts like the columns do; jobs without one come last. Pages
// are offsets into that order, bound to the listing by the token.
export async function listTrainingJobsForHyperParameterTuningJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTrainingJobsForHyperParameterTuningJob'>,
): Promise<OperationOutput<'ListTrainingJobsForHyperParameterTuningJob'>> {
  const t = await findTuningJob(ctx, input.HyperParameterTuningJobName);
  const spec = t.spec as unknown as CreateHyperParameterTuningJobRequest;
  const objective = objectiveOf(spec);
  const limit = input.MaxResults ?? 10;
  const scope = {
    op: 'ListTrainingJobsForHyperParameterTuningJob',
    t: t.id,
    u: ctx.principal.userId,
    i: { ...input, NextToken: undefined, MaxResults: undefined },
  };
  const start = Number(decodeToken(input.NextToken, scope)?.after[0] ?? 0);
  const jobs = (await childrenOf(ctx.services.db, t)).filter(
    (c) => !input.StatusEquals || c.status === input.StatusEquals,
  );
  const sign = input.SortOrder === 'Ascending' ? 1 : -1;
  const seq = (a: Child, b: Child) => (a.tuningSeq ?? 0) - (b.tuningSeq ?? 0);
  const sortBy = input.SortBy ?? 'CreationTime';
  jobs.sort((a, b) => {
    if (sortBy === 'FinalObjectiveMetricValue') {
      const [va, vb] = [finalObjective(a, objective.MetricName), finalObjective(b, objective.MetricName)];
      if (va === undefined || vb === undefined) return va === vb ? seq(a, b) : va === undefined ? 1 : -1;
      return sign * (va - vb) || seq(a, b);
    }
    if (sortBy === 'Name') return sign * a.name.localeCompare(b.name);
    if (sortBy === 'Status') return sign * a.status.localeCompare(b.status) || seq(a, b);
    return sign * (a.createdAt.getTime() - b.createdAt.getTime() || seq(a, b));
  });
  const names = tunedNames(spec);
  return {
    TrainingJobSummaries: jobs.slice(start, start + limit).map((c) => childSummary(c, t.name, objective, names)),
    ...(start + limit < jobs.length ? { NextToken: encodeToken(scope, { after: [start + limit, t.id] }) } : {}),
  };
}
