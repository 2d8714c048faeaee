// Operation name → handler for the CloudWatch Logs API. Adding an operation: its shapes in
// @tessera/contracts (logs/), its handler in a file of its own here, and one line below.
import type { LogsInput, LogsOperation, LogsOutput } from '@tessera/contracts';
import type { OpContext } from '../../../resources/services.ts';
import { fromStoreError } from '../errors.ts';
import { describeLogGroups } from './describe-log-groups.ts';
import { describeLogStreams } from './describe-log-streams.ts';
import { filterLogEvents } from './filter-log-events.ts';
import { getLogEvents } from './get-log-events.ts';

type Handler<Op extends LogsOperation> = (ctx: OpContext, input: LogsInput<Op>) => Promise<LogsOutput<Op>>;

/** The store reports missing groups and streams in its own terms; the API names them as CloudWatch does. */
function storeErrorsNamed<Op extends LogsOperation>(handler: Handler<Op>): Handler<Op> {
  return async (ctx, input) => {
    try {
      return await handler(ctx, input);
    } catch (err) {
      throw fromStoreError(err);
    }
  };
}

export const logsHandlers: { [Op in LogsOperation]: Handler<Op> } = {
  DescribeLogGroups: storeErrorsNamed(describeLogGroups),
  DescribeLogStreams: storeErrorsNamed(describeLogStreams),
  GetLogEvents: storeErrorsNamed(getLogEvents),
  FilterLogEvents: storeErrorsNamed(filterLogEvents),
};
