import type { LogsInput, LogsOutput } from '@tessera/contracts';
import type { OpContext } from '../../../resources/services.ts';
import { groupOf, readerOf } from '../names.ts';
import { decodeEventsToken, eventsToken } from '../tokens.ts';

// A token says which way to read (nextForwardToken: newer events, nextBackwardToken: older
// ones), so `startFromHead` only matters for the first call. startTime is inclusive, endTime
// exclusive, as CloudWatch documents them for this operation.
export async function getLogEvents(
  ctx: OpContext<'arns' | 'logs'>,
  input: LogsInput<'GetLogEvents'>,
): Promise<LogsOutput<'GetLogEvents'>> {
  const group = groupOf(input);
  const stream = input.logStreamName;
  const from = input.nextToken !== undefined ? decodeEventsToken(input.nextToken, group, stream) : undefined;
  const page = await ctx.services.logs.getEvents(readerOf(ctx), group, stream, {
    from,
    startFromHead: input.startFromHead ?? false,
    startTime: input.startTime,
    endTime: input.endTime,
    limit: input.limit ?? 10_000,
  });
  return {
    events: page.events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: eventsToken('forward', page.forward, group, stream),
    nextBackwardToken: eventsToken('backward', page.backward, group, stream),
  };
}
