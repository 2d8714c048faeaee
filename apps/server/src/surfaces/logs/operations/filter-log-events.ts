import type { LogsInput, LogsOutput } from '@tessera/contracts';
import type { OpContext } from '../../../resources/services.ts';
import { ApiError } from '../../../platform/errors.ts';
import {
  compileFilterPattern,
  FilterPatternError,
  REGEX_BATCH_LIMIT_MS,
} from '../../../platform/logs/filter-pattern.ts';
import type { MessageFilter } from '../../../platform/logs/log-store.ts';
import { RegexBusy, RegexTimeout } from '../../../platform/regex-off-thread.ts';
import { invalidParameter } from '../errors.ts';
import { groupOf, readerOf } from '../names.ts';
import { decodeListToken, encodeListToken } from '../tokens.ts';

const isResume = (a: unknown): a is Record<string, number> =>
  !!a &&
  typeof a === 'object' &&
  !Array.isArray(a) &&
  Object.values(a).every((v) => Number.isSafeInteger(v) && (v as number) >= 0);

// startTime and endTime are both inclusive here, as CloudWatch documents them for this operation.
export async function filterLogEvents(
  ctx: OpContext<'arns' | 'logs'>,
  input: LogsInput<'FilterLogEvents'>,
): Promise<LogsOutput<'FilterLogEvents'>> {
  const group = groupOf(input);
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefix are mutually exclusive. Only one of these parameters can be passed.',
    );
  }
  let matches: MessageFilter;
  try {
    matches = compileFilterPattern(input.filterPattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw invalidParameter(err.message);
    throw err;
  }
  const scope = {
    op: 'FilterLogEvents',
    u: ctx.principal.userId,
    g: group,
    n: input.logStreamNames,
    p: input.logStreamNamePrefix,
    s: input.startTime,
    e: input.endTime,
    f: input.filterPattern,
  };
  const resume = decodeListToken(input.nextToken, scope, isResume);
  const result = await ctx.services.logs
    .filterEvents(readerOf(ctx), group, {
      streamNames: input.logStreamNames,
      streamPrefix: input.logStreamNamePrefix,
      startTime: input.startTime,
      endTime: input.endTime,
      matches,
      limit: input.limit ?? 10_000,
      resume,
    })
    .catch((err: unknown) => {
      if (err instanceof RegexTimeout)
        throw invalidParameter(
          `The filter pattern ${input.filterPattern} took longer than ${REGEX_BATCH_LIMIT_MS / 1000} s over ` +
            'one batch of events (64 KiB); use a simpler %regex% (fewer or smaller counted repetitions), or terms',
        );
      if (err instanceof RegexBusy)
        throw new ApiError(
          'ServiceUnavailableException',
          'Too many regex filters are running; try again shortly.',
          503,
        );
      throw err;
    });
  return {
    events: result.events.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: e.eventId,
    })),
    searchedLogStreams: result.searched,
    ...(result.resume ? { nextToken: encodeListToken(scope, result.resume) } : {}),
  };
}
