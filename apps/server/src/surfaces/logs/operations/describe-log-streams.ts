import type { LogsInput, LogsOutput } from '@tessera/contracts';
import type { OpContext } from '../../../resources/services.ts';
import type { LogStreamInfo } from '../../../platform/logs/log-store.ts';
import { invalidParameter } from '../errors.ts';
import { groupOf, readerOf, streamArn } from '../names.ts';
import { decodeListToken, encodeListToken } from '../tokens.ts';

type After = { n: string; t?: number };
const isAfter = (a: unknown): a is After =>
  !!a &&
  typeof a === 'object' &&
  typeof (a as After).n === 'string' &&
  ((a as After).t === undefined || Number.isFinite((a as After).t));

export async function describeLogStreams(
  ctx: OpContext<'arns' | 'logs'>,
  input: LogsInput<'DescribeLogStreams'>,
): Promise<LogsOutput<'DescribeLogStreams'>> {
  const group = groupOf(input);
  const orderBy = input.orderBy ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const limit = input.limit ?? 50;
  const descending = input.descending ?? false;
  const scope = {
    op: 'DescribeLogStreams',
    u: ctx.principal.userId,
    g: group,
    p: input.logStreamNamePrefix,
    o: orderBy,
    d: descending,
  };
  const after = decodeListToken(input.nextToken, scope, isAfter);
  const streams = await ctx.services.logs.describeStreams(readerOf(ctx), group, {
    prefix: input.logStreamNamePrefix,
    orderBy,
    descending,
    after: after ? ({ logStreamName: after.n, lastEventTimestamp: after.t } as LogStreamInfo) : undefined,
    limit: limit + 1,
  });
  const page = streams.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logStreams: page.map((s) => ({
      logStreamName: s.logStreamName,
      creationTime: s.creationTime,
      ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
      ...(s.lastEventTimestamp !== undefined ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
      ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
      arn: streamArn(ctx, group, s.logStreamName),
      storedBytes: s.storedBytes,
    })),
    ...(streams.length > limit && last
      ? { nextToken: encodeListToken(scope, { n: last.logStreamName, t: last.lastEventTimestamp }) }
      : {}),
  };
}
