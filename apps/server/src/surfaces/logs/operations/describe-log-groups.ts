import type { LogsInput, LogsOutput } from '@tessera/contracts';
import type { OpContext } from '../../../resources/services.ts';
import { invalidParameter } from '../errors.ts';
import { groupArn, readerOf } from '../names.ts';
import { decodeListToken, encodeListToken } from '../tokens.ts';

export async function describeLogGroups(
  ctx: OpContext<'arns' | 'logs'>,
  input: LogsInput<'DescribeLogGroups'>,
): Promise<LogsOutput<'DescribeLogGroups'>> {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter(
      'logGroupNamePrefix and logGroupNamePattern are mutually exclusive. Only one of these parameters can be passed.',
    );
  }
  const limit = input.limit ?? 50;
  const scope = {
    op: 'DescribeLogGroups',
    u: ctx.principal.userId,
    p: input.logGroupNamePrefix,
    q: input.logGroupNamePattern,
  };
  const after = decodeListToken(input.nextToken, scope, (a): a is string => typeof a === 'string');
  const groups = await ctx.services.logs.describeGroups(readerOf(ctx), {
    prefix: input.logGroupNamePrefix,
    contains: input.logGroupNamePattern || undefined,
    after,
    limit: limit + 1,
  });
  const page = groups.slice(0, limit);
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.logGroupName,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: `${groupArn(ctx, g.logGroupName)}:*`,
      logGroupArn: groupArn(ctx, g.logGroupName),
      storedBytes: g.storedBytes,
      logGroupClass: 'STANDARD' as const,
    })),
    ...(groups.length > limit ? { nextToken: encodeListToken(scope, page[page.length - 1]!.logGroupName) } : {}),
  };
}
