import type { MonitoringType } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { findDefinition } from '../lookup.ts';

/** Describe*JobDefinition: the request as it was given, with its ARN and creation time. */
export function describeJobDefinition(type: MonitoringType) {
  return async (ctx: OpContext<'db'>, input: { JobDefinitionName: string }) => {
    const row = await findDefinition(ctx, type, input.JobDefinitionName);
    return {
      ...(row.spec as Record<string, unknown>),
      JobDefinitionArn: row.arn,
      JobDefinitionName: row.name,
      CreationTime: epochSeconds(row.createdAt),
    };
  };
}
