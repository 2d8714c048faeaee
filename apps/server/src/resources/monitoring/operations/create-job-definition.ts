// Create{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition: one operation per type,
// the same steps: the job it defines is checked as an execution would be, then stored as given.
import { randomUUID } from 'node:crypto';
import type { JobDefinitionRequest, MonitoringType } from '@tessera/contracts';
import { inUse } from '../../../platform/errors.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import type { OpContext } from '../../services.ts';
import { checkMonitoringJob } from '../check-monitoring-job.ts';
import { DEFINITION_ARN_TYPE, definitionWords } from '../lookup.ts';
import { fromDefinition } from '../monitoring-job.ts';

export function createJobDefinition(type: MonitoringType) {
  return async (
    ctx: OpContext<'arns' | 'db' | 'objects'>,
    input: JobDefinitionRequest,
  ): Promise<{ JobDefinitionArn: string }> => {
    const { db, arns } = ctx.services;
    const job = fromDefinition(type, input);
    await checkMonitoringJob(ctx, job, `${type}JobInput.`);
    const arn = arns.named(DEFINITION_ARN_TYPE[type], input.JobDefinitionName);
    const { Tags, ...spec } = input;
    await writeTransaction(db, async (tx) => {
      if (
        await tx.monitoringJobDefinition.findUnique({ where: { type_name: { type, name: input.JobDefinitionName } } })
      )
        throw inUse(`A ${definitionWords(type)} named ${input.JobDefinitionName} already exists (${arn})`);
      await tx.tag.deleteMany({ where: { resourceArn: arn } });
      if (Tags?.length)
        await tx.tag.createMany({ data: Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
      await tx.monitoringJobDefinition.create({
        data: {
          id: randomUUID(),
          type,
          name: input.JobDefinitionName,
          arn,
          ownerUserId: ctx.principal.userId,
          endpointName: job.input.EndpointInput?.EndpointName ?? null,
          spec: spec as never,
        },
      });
    });
    return { JobDefinitionArn: arn };
  };
}
