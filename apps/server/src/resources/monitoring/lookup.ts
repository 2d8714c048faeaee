// Finding a caller's monitoring schedules and job definitions; another user's are not found.
import type { MonitoringType } from '@tessera/contracts';
import type { MonitoringJobDefinition, MonitoringSchedule } from '@tessera/db';
import type { OpContext } from '../services.ts';
import { ownedOr404 } from '../jobs/access.ts';

/** Each type has its own ARN namespace, so names are unique per type. */
export const DEFINITION_ARN_TYPE: Record<MonitoringType, string> = {
  DataQuality: 'data-quality-job-definition',
  ModelQuality: 'model-quality-job-definition',
  ModelBias: 'model-bias-job-definition',
  ModelExplainability: 'model-explainability-job-definition',
};

export const definitionWords = (type: MonitoringType) => DEFINITION_ARN_TYPE[type].replace(/-/g, ' ');

export async function findSchedule(ctx: OpContext<'db'>, name: string): Promise<MonitoringSchedule> {
  return ownedOr404(
    ctx.principal,
    await ctx.services.db.monitoringSchedule.findUnique({ where: { name } }),
    `Requested resource not found: monitoring schedule ${name} does not exist`,
  );
}

export async function findDefinition(
  ctx: OpContext<'db'>,
  type: MonitoringType,
  name: string,
): Promise<MonitoringJobDefinition> {
  return ownedOr404(
    ctx.principal,
    await ctx.services.db.monitoringJobDefinition.findUnique({ where: { type_name: { type, name } } }),
    `Requested resource not found: ${definitionWords(type)} ${name} does not exist`,
  );
}
