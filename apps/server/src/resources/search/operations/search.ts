import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import { decodeToken, encodeToken } from '../../../platform/pagination.ts';
import type { OpContext } from '../../services.ts';
import { compile, sortKey } from '../expression.ts';
import { loadSearchable, SEARCHABLE } from '../sources.ts';

type Key = number | string | undefined;
/** Keys as tokens carry them: numbers as they are, text marked "s:", a missing key "m". */
const encodeKey = (k: Key): number | string => (k === undefined ? 'm' : typeof k === 'number' ? k : `s:${k}`);
const decodeKey = (k: number | string): Key => (typeof k === 'number' ? k : k === 'm' ? undefined : k.slice(2));

// Filters, sorts (by LastModifiedTime, newest first, unless told; then by ARN) and pages the
// caller's resources of one kind; resources without the sort property come last. A page resumes
// after the last (key, ARN) it gave, so resources that change between pages do not shift others.
export async function search(
  ctx: OpContext<'db'>,
  input: OperationInput<'Search'>,
): Promise<OperationOutput<'Search'>> {
  if (!SEARCHABLE.includes(input.Resource))
    throw validation(`Resource ${input.Resource} is not searchable here; search one of ${SEARCHABLE.join(', ')}`);
  const limit = input.MaxResults ?? 10;
  const scope = { op: 'Search', u: ctx.principal.userId, i: { ...input, NextToken: undefined, MaxResults: undefined } };
  const after = decodeToken(input.NextToken, scope)?.after;
  const test = compile(input.SearchExpression);
  const { items, capped } = await loadSearchable(ctx.services.db, ctx.principal, input.Resource);
  const sortBy = input.SortBy ?? 'LastModifiedTime';
  const sign = input.SortOrder === 'Ascending' ? 1 : -1;
  const order = (a: { key: Key; arn: string }, b: { key: Key; arn: string }) => {
    if (a.key === undefined || b.key === undefined) {
      if (a.key !== b.key) return a.key === undefined ? 1 : -1;
    } else if (typeof a.key !== typeof b.key) {
      // Numbers before text, whichever the order: a total order over mixed keys.
      return typeof a.key === 'number' ? -1 : 1;
    } else if (a.key !== b.key) {
      return sign * (a.key < b.key ? -1 : 1);
    }
    return a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;
  };
  const hits = items
    .filter((i) => test(i.doc))
    .map((i) => ({ i, key: sortKey(i.doc, sortBy), arn: String(i.record[ARN_FIELD[i.key]!] ?? '') }))
    .sort(order);
  const cursor = after ? { key: decodeKey(after[0]), arn: after[1] } : undefined;
  const rest = cursor ? hits.filter((h) => order(h, cursor) > 0) : hits;
  const page = rest.slice(0, limit);
  return {
    Results: page.map(({ i }) => ({ [i.key]: i.record })),
    ...(rest.length > limit
      ? { NextToken: encodeToken(scope, { after: [encodeKey(page.at(-1)!.key), page.at(-1)!.arn] }) }
      : {}),
    TotalHits: { Value: hits.length, Relation: capped ? 'GreaterThanOrEqualTo' : 'EqualTo' },
  };
}

const ARN_FIELD: Record<string, string> = {
  TrainingJob: 'TrainingJobArn',
  Experiment: 'ExperimentArn',
  Trial: 'TrialArn',
  TrialComponent: 'TrialComponentArn',
  ModelPackage: 'ModelPackageArn',
};
