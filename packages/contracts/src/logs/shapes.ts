// The CloudWatch Logs operations Tessera serves, with the constraints of the published service
// model (botocore data/logs/2014-03-28/service-2.json). Member names are camelCase there, as on
// the wire. Timestamps are epoch milliseconds (the model's `long` Timestamp), not seconds.
import { z } from 'zod';

export const ZLogGroupName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[.\-_/#A-Za-z0-9]+$/, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
/** A log group's name or ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`). */
export const ZLogGroupIdentifier = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[\w#+=/:,.@-]*$/, 'Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*');
export const ZLogStreamName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^:*]*$/, 'Member must satisfy regular expression pattern: [^:*]*');
export const ZLogsNextToken = z.string().min(1);
export const ZLogsTimestamp = z.number().int().min(0);
const ZDescribeLimit = z.number().int().min(1).max(50);
const ZEventsLimit = z.number().int().min(1).max(10000);

export const ZDescribeLogGroupsRequestSchema = z.strictObject({
  logGroupNamePrefix: ZLogGroupName.optional(),
  /** Case-sensitive substring match; exclusive with the prefix. */
  logGroupNamePattern: z
    .string()
    .max(512)
    .regex(/^[.\-_/#A-Za-z0-9]*$/, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*')
    .optional(),
  nextToken: ZLogsNextToken.optional(),
  limit: ZDescribeLimit.optional(),
});
export const ZLogGroupSchema = z.object({
  logGroupName: z.string(),
  creationTime: z.number(),
  metricFilterCount: z.number().int(),
  arn: z.string(),
  logGroupArn: z.string(),
  storedBytes: z.number(),
  logGroupClass: z.literal('STANDARD'),
});
export const ZDescribeLogGroupsResponseSchema = z.object({
  logGroups: z.array(ZLogGroupSchema),
  nextToken: z.string().optional(),
});

export const ZDescribeLogStreamsRequestSchema = z.strictObject({
  logGroupName: ZLogGroupName.optional(),
  logGroupIdentifier: ZLogGroupIdentifier.optional(),
  logStreamNamePrefix: ZLogStreamName.optional(),
  orderBy: z.enum(['LogStreamName', 'LastEventTime']).optional(),
  descending: z.boolean().optional(),
  nextToken: ZLogsNextToken.optional(),
  limit: ZDescribeLimit.optional(),
});
export const ZLogStreamSchema = z.object({
  logStreamName: z.string(),
  creationTime: z.number(),
  firstEventTimestamp: z.number().optional(),
  lastEventTimestamp: z.number().optional(),
  lastIngestionTime: z.number().optional(),
  arn: z.string(),
  storedBytes: z.number(),
});
export const ZDescribeLogStreamsResponseSchema = z.object({
  logStreams: z.array(ZLogStreamSchema),
  nextToken: z.string().optional(),
});

export const ZGetLogEventsRequestSchema = z.strictObject({
  logGroupName: ZLogGroupName.optional(),
  logGroupIdentifier: ZLogGroupIdentifier.optional(),
  logStreamName: ZLogStreamName,
  startTime: ZLogsTimestamp.optional(),
  endTime: ZLogsTimestamp.optional(),
  nextToken: ZLogsNextToken.optional(),
  limit: ZEventsLimit.optional(),
  startFromHead: z.boolean().optional(),
  /** Data protection masking does not exist here; accepted so that callers setting it work. */
  unmask: z.boolean().optional(),
});
export const ZOutputLogEventSchema = z.object({
  timestamp: z.number(),
  message: z.string(),
  ingestionTime: z.number(),
});
export const ZGetLogEventsResponseSchema = z.object({
  events: z.array(ZOutputLogEventSchema),
  nextForwardToken: z.string(),
  nextBackwardToken: z.string(),
});

export const ZFilterLogEventsRequestSchema = z.strictObject({
  logGroupName: ZLogGroupName.optional(),
  logGroupIdentifier: ZLogGroupIdentifier.optional(),
  logStreamNames: z.array(ZLogStreamName).min(1).max(100).optional(),
  logStreamNamePrefix: ZLogStreamName.optional(),
  startTime: ZLogsTimestamp.optional(),
  endTime: ZLogsTimestamp.optional(),
  filterPattern: z.string().max(1024).optional(),
  nextToken: ZLogsNextToken.optional(),
  limit: ZEventsLimit.optional(),
  /** Deprecated by AWS (always interleaved); accepted and ignored. */
  interleaved: z.boolean().optional(),
  unmask: z.boolean().optional(),
});
export const ZFilteredLogEventSchema = z.object({
  logStreamName: z.string(),
  timestamp: z.number(),
  message: z.string(),
  ingestionTime: z.number(),
  eventId: z.string(),
});
export const ZFilterLogEventsResponseSchema = z.object({
  events: z.array(ZFilteredLogEventSchema),
  searchedLogStreams: z.array(z.object({ logStreamName: z.string(), searchedCompletely: z.boolean() })),
  nextToken: z.string().optional(),
});

/** The error codes of Tessera's CloudWatch Logs API, as the SDKs name them. */
export const LogsErrorCode = {
  InvalidParameter: 'InvalidParameterException',
  ResourceNotFound: 'ResourceNotFoundException',
  AccessDenied: 'AccessDeniedException',
  Serialization: 'SerializationException',
  UnknownOperation: 'UnknownOperationException',
} as const;
