// The listing every List*Jobs operation shares (ListHyperParameterTuningJobs too): the caller's
// jobs of one kind (all, for admins), filtered by name, status and time, sorted by name, status or
// creation time, in keyset pages.
import type { Job } from '@tessera/db';
import type { OpContext } from '../services.ts';
import { decodeToken, page, resumeAfter, timeRange } from '../../platform/pagination.ts';

export interface JobListInput {
  NextToken?: string;
  MaxResults?: number;
  CreationTimeAfter?: number;
  CreationTimeBefore?: number;
  LastModifiedTimeAfter?: number;
  LastModifiedTimeBefore?: number;
  NameContains?: string;
  StatusEquals?: string;
  SortBy?: 'Name' | 'CreationTime' | 'Status';
  SortOrder?: 'Ascending' | 'Descending';
}

const FIELD = { Name: 'name', CreationTime: 'createdAt', Status: 'status' } as const;

export function listJobs(
  ctx: OpContext<'db'>,
  kind: string,
  input: JobListInput,
): Promise<{ items: Job[]; nextToken?: string }> {
  return listJobRows(ctx, `List${kind}Jobs`, ctx.services.db.job, { kind }, input);
}

interface JobLike {
  id: string;
  name: string;
  /** Rows without a status (monitoring job definitions) are never sorted by it. */
  status?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The listing over any table of jobs: `where` narrows it (a kind), `op` keeps tokens to their listing. */
export async function listJobRows<T extends JobLike>(
  ctx: OpContext<'db'>,
  op: string,
  table: { findMany(args: object): Promise<T[]> },
  where: object,
  input: JobListInput,
): Promise<{ items: T[]; nextToken?: string }> {
  const limit = input.MaxResults ?? 10;
  const sortBy = input.SortBy ?? 'CreationTime';
  const field = FIELD[sortBy];
  const dir = input.SortOrder === 'Ascending' ? 'asc' : 'desc';
  const scope = { op, u: ctx.principal.userId, i: { ...input, NextToken: undefined, MaxResults: undefined } };
  const cursor = decodeToken(input.NextToken, scope);
  const created = timeRange(input.CreationTimeAfter, input.CreationTimeBefore);
  const modified = timeRange(input.LastModifiedTimeAfter, input.LastModifiedTimeBefore);
  const rows = await table.findMany({
    where: {
      AND: [
        where,
        ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId },
        input.NameContains ? { name: { contains: input.NameContains } } : {},
        input.StatusEquals ? { status: input.StatusEquals } : {},
        created ? { createdAt: created } : {},
        modified ? { updatedAt: modified } : {},
        resumeAfter(cursor, field, 'id', dir, field === 'createdAt'),
      ],
    },
    orderBy: [{ [field]: dir }, { id: dir }],
    take: limit + 1,
  });
  return page(rows, limit, scope, (r) => [field === 'createdAt' ? r.createdAt.getTime() : String(r[field]), r.id]);
}
