// The CloudWatch Logs operations Tessera serves (POST / with X-Amz-Target: Logs_20140328.<Op>):
// name → request and response shapes, validated like the SageMaker table.
import type { z } from 'zod';
import type { OperationShape } from '../sagemaker/operations.ts';
import * as s from './shapes.ts';

export const logsOperations = {
  DescribeLogGroups: { input: s.ZDescribeLogGroupsRequestSchema, output: s.ZDescribeLogGroupsResponseSchema },
  DescribeLogStreams: { input: s.ZDescribeLogStreamsRequestSchema, output: s.ZDescribeLogStreamsResponseSchema },
  GetLogEvents: { input: s.ZGetLogEventsRequestSchema, output: s.ZGetLogEventsResponseSchema },
  FilterLogEvents: { input: s.ZFilterLogEventsRequestSchema, output: s.ZFilterLogEventsResponseSchema },
} satisfies Record<string, OperationShape>;

export type LogsOperation = keyof typeof logsOperations;
export type LogsInput<Op extends LogsOperation> = z.infer<(typeof logsOperations)[Op]['input']>;
export type LogsOutput<Op extends LogsOperation> = z.input<(typeof logsOperations)[Op]['output']>;
