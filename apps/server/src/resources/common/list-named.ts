// ListModels, ListEndpointConfigs, ListModelPackageGroups, ListExperiments, ListTrials,
// ListTrialComponents: the caller's rows (all, for admins), by name or creation time, narrowed by
// `where` (a trial's experiment, say).
import type { OpContext } from '../services.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../platform/pagination.ts';

interface Input {
  NextToken?: string;
  MaxResults?: number;
  SortBy?: 'Name' | 'CreationTime';
  SortOrder?: 'Ascending' | 'Descending';
  NameContains?: string;
  CreationTimeBefore?: number;
  CreationTimeAfter?: number;
}

interface Row {
  name: string;
  arn: string;
  createdAt: Date;
}

export async function listNamed(
  ctx: OpContext<'db'>,
  table: 'model' | 'endpointConfig' | 'modelPackageGroup' | 'experiment' | 'trial' | 'trialComponent',
  input: Input,
  where: object = {},
): Promise<{ items: Row[]; nextToken?: string }> {
  const limit = input.MaxResults ?? 10;
  const field = input.SortBy === 'Name' ? 'name' : 'createdAt';
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc';
  const scope = { op: table, u: ctx.principal.userId, i: { ...input, NextToken: undefined, MaxResults: undefined } };
  const cursor = decodeToken(input.NextToken, scope);
  const created = timeRange(input.CreationTimeAfter, input.CreationTimeBefore);
  const filter = {
    AND: [
      where,
      ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId },
      input.NameContains ? { name: { contains: input.NameContains } } : {},
      created ? { createdAt: created } : {},
      resumeAfter(cursor, field, 'name', dir, field === 'createdAt'),
    ],
  };
  const orderBy = [{ [field]: dir }, ...(field === 'name' ? [] : [{ name: dir }])];
  const delegate = ctx.services.db[table] as unknown as { findMany(args: unknown): Promise<Row[]> };
  const rows = await delegate.findMany({ where: filter, orderBy, take: limit + 1 });
  return page(rows, limit, scope, (r) => [field === 'createdAt' ? r.createdAt.getTime() : r.name, r.name]);
}
