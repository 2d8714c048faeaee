// Who reads, which group a request names (by name or ARN), and the ARNs CloudWatch Logs shows.
import { ZLogGroupName } from '@tessera/contracts';
import type { OpContext } from '../../resources/services.ts';
import type { LogReader } from '../../platform/logs/log-store.ts';
import { invalidParameter } from './errors.ts';

export const readerOf = (ctx: OpContext<'arns'>): LogReader => ({
  userId: ctx.principal.userId,
  isAdmin: ctx.principal.isAdmin,
});

const logsArnPrefix = (ctx: OpContext<'arns'>) =>
  `arn:aws:logs:${ctx.services.arns.region}:${ctx.services.arns.accountId}:log-group:`;
export const groupArn = (ctx: OpContext<'arns'>, group: string) => `${logsArnPrefix(ctx)}${group}`;
export const streamArn = (ctx: OpContext<'arns'>, group: string, stream: string) =>
  `${logsArnPrefix(ctx)}${group}:log-stream:${stream}`;

/** The group of a request that takes `logGroupName` or `logGroupIdentifier` (a name or an ARN), exactly one. */
export function groupOf(input: { logGroupName?: string; logGroupIdentifier?: string }): string {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  if (input.logGroupName !== undefined) return input.logGroupName;
  if (input.logGroupIdentifier === undefined)
    throw invalidParameter('Either logGroupName or logGroupIdentifier must be given.');
  const id = input.logGroupIdentifier;
  const m = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(id);
  const name = m ? m[1]! : id;
  if (!ZLogGroupName.safeParse(name).success)
    throw invalidParameter(`Invalid logGroupIdentifier: ${id} is neither a log group name nor a log group ARN`);
  return name;
}
