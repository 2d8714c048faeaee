import type { ListJobDefinitionsRequest, MonitoringType } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { listJobRows } from '../../jobs/list-jobs.ts';

/** List*JobDefinitions: the caller's definitions of one type, by endpoint, name and creation time. */
export function listJobDefinitions(type: MonitoringType) {
  return async (ctx: OpContext<'db'>, input: ListJobDefinitionsRequest) => {
    const { items, nextToken } = await listJobRows(
      ctx,
      `List${type}JobDefinitions`,
      ctx.services.db.monitoringJobDefinition,
      { type, ...(input.EndpointName ? { endpointName: input.EndpointName } : {}) },
      input,
    );
    return {
      JobDefinitionSummaries: items.map((d) => ({
        MonitoringJobDefinitionName: d.name,
        MonitoringJobDefinitionArn: d.arn,
        CreationTime: epochSeconds(d.createdAt),
        EndpointName: d.endpointName ?? '',
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
}
