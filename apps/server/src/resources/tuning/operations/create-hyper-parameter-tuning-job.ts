import { randomUUID } from 'node:crypto';
import type { CreateTrainingJobRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import { inUse, limitExceeded, notFound, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { visibleTo } from '../../jobs/access.ts';
import { attributeTo, requireProfile } from '../../quotas/attribution.ts';
import { checkGpuCapacity } from '../../quotas/gpu-capacity.ts';
import { metricDefinitionsOf } from '../../training/builtin-metrics.ts';
import { checkTrainingRequest } from '../../training/launch-training-job.ts';
import { gridSize, paramsOf, parseSpace, SpaceError } from '../space.ts';
import type { StoredTuningSpec } from '../reconcile-tuning-job.ts';
import { ensureTuningExperiment } from '../tuning-experiment.ts';
import { publishTuningStatus } from '../tuning-events.ts';

/** Tuning jobs one user may have running at once (each may run up to 100 training jobs). */
const MAX_RUNNING_PER_USER = 10;

// Checks everything a training job of the tuning job would be refused for before anything is
// written (with a sample of its hyperparameters), then writes the tuning job; its reconciler
// launches the training jobs.
export async function createHyperParameterTuningJob(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateHyperParameterTuningJob'>,
): Promise<OperationOutput<'CreateHyperParameterTuningJob'>> {
  const { db, arns } = ctx.services;
  const name = input.HyperParameterTuningJobName;
  if (input.TrainingJobDefinition && input.TrainingJobDefinitions)
    throw validation('Give TrainingJobDefinition or TrainingJobDefinitions, not both');
  if ((input.TrainingJobDefinitions?.length ?? 0) > 1)
    throw validation('TrainingJobDefinitions: one definition per tuning job is supported here; tune each separately');
  const def = input.TrainingJobDefinition ?? input.TrainingJobDefinitions?.[0];
  if (!def) throw validation('TrainingJobDefinition is required');
  const config = input.HyperParameterTuningJobConfig;
  if (config.Strategy === 'Hyperband')
    throw validation('Strategy Hyperband is not supported here: use Bayesian, Random or Grid');
  const objective = def.TuningObjective ?? config.HyperParameterTuningJobObjective;
  if (!objective)
    throw validation(
      'HyperParameterTuningJobConfig.HyperParameterTuningJobObjective is required: the metric to optimise and ' +
        'whether to Minimize or Maximize it',
    );
  const ranges = def.HyperParameterRanges ?? config.ParameterRanges;
  let space;
  try {
    space = parseSpace(ranges, Object.keys(def.StaticHyperParameters ?? {}));
  } catch (err) {
    if (err instanceof SpaceError) throw validation(`HyperParameterTuningJobConfig.${err.message}`);
    throw err;
  }
  const statics = Object.keys(def.StaticHyperParameters ?? {}).length;
  if (statics + space.length + 1 > 100)
    throw validation(
      `TrainingJobDefinition: ${statics} static and ${space.length} tuned hyperparameters, with the tuning job's ` +
        `_tuning_objective_metric, make ${statics + space.length + 1}; a training job takes at most 100`,
    );
  const limits = config.ResourceLimits;
  if (config.Strategy === 'Grid') {
    const numeric = space.find((d) => d.kind !== 'Categorical');
    if (numeric)
      throw validation(
        `Strategy Grid takes CategoricalParameterRanges only, and ${numeric.name} is a ${numeric.kind} range: ` +
          'list its values as a categorical range, or use Random or Bayesian',
      );
    if (input.WarmStartConfig)
      throw validation('WarmStartConfig is for Bayesian and Random tuning: Grid covers its grid once, from the start');
    if (gridSize(space) > 500)
      throw validation(
        `The grid has ${gridSize(space)} points; at most 500 training jobs may be run by one tuning job`,
      );
  } else if (!limits.MaxNumberOfTrainingJobs) {
    throw validation(`ResourceLimits.MaxNumberOfTrainingJobs is required for Strategy ${config.Strategy}`);
  }
  const defined = metricDefinitionsOf(def.AlgorithmSpecification).map((m) => m.Name);
  if (!defined.includes(objective.MetricName))
    throw validation(
      `The objective metric ${objective.MetricName} is not among the metrics the training jobs report ` +
        (defined.length
          ? `(${defined.join(', ')}); `
          : '(none: the image is not a built-in algorithm and MetricDefinitions is empty); ') +
        'define it in AlgorithmSpecification.MetricDefinitions',
    );

  const parents = input.WarmStartConfig?.ParentHyperParameterTuningJobs.map((p) => p.HyperParameterTuningJobName);
  const parentIds: string[] = [];
  for (const parentName of new Set(parents)) {
    const parent = await db.tuningJob.findUnique({ where: { name: parentName } });
    if (!parent || !visibleTo(ctx.principal, parent) || parent.ownerUserId !== ctx.principal.userId)
      throw notFound(`WarmStartConfig: the parent hyperparameter tuning job ${parentName} does not exist`);
    if (parent.status === 'InProgress' || parent.status === 'Stopping')
      throw validation(`WarmStartConfig: the parent ${parentName} is ${parent.status}; a parent must have ended`);
    const parentSpec = parent.spec as unknown as OperationInput<'CreateHyperParameterTuningJob'>;
    const parentDef = parentSpec.TrainingJobDefinition ?? parentSpec.TrainingJobDefinitions![0]!;
    const parentObjective =
      parentDef.TuningObjective ?? parentSpec.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective;
    if (parentObjective?.MetricName !== objective.MetricName || parentObjective.Type !== objective.Type)
      throw validation(
        `WarmStartConfig: the parent ${parentName} optimises ` +
          `${parentObjective?.Type} ${parentObjective?.MetricName}; ` +
          `a warm start needs the same objective (${objective.Type} ${objective.MetricName})`,
      );
    parentIds.push(parent.id);
    if (
      input.WarmStartConfig!.WarmStartType === 'IdenticalDataAndAlgorithm' &&
      parentDef.AlgorithmSpecification.TrainingImage !== def.AlgorithmSpecification.TrainingImage
    )
      throw validation(
        `WarmStartConfig: IdenticalDataAndAlgorithm needs the parent's training image; ${parentName} used ` +
          `${parentDef.AlgorithmSpecification.TrainingImage}. Use TransferLearning for a different algorithm`,
      );
  }

  // A training job as the tuning job would launch it, checked as CreateTrainingJob checks one.
  const sample: CreateTrainingJobRequest = {
    TrainingJobName: `${name}-001-00000000`,
    HyperParameters: {
      ...def.StaticHyperParameters,
      ...paramsOf(
        space,
        space.map(() => 0.5),
      ),
    },
    AlgorithmSpecification: def.AlgorithmSpecification,
    RoleArn: def.RoleArn,
    ...(def.InputDataConfig ? { InputDataConfig: def.InputDataConfig } : {}),
    OutputDataConfig: def.OutputDataConfig,
    ResourceConfig: def.ResourceConfig,
    StoppingCondition: def.StoppingCondition,
  };
  await checkTrainingRequest(ctx, sample, 'TrainingJobDefinition.');
  const instanceType = def.ResourceConfig.InstanceType!;
  await checkGpuCapacity(ctx.services, instanceType, def.ResourceConfig.InstanceCount ?? 1, 'training job usage');

  const arn = arns.named('hyper-parameter-tuning-job', name.toLowerCase());
  const spec: StoredTuningSpec = {
    ...input,
    TrainingJobDefinition: def,
    TrainingJobDefinitions: undefined,
    ...(parentIds.length ? { parentIds } : {}),
  };
  const row = await writeTransaction(db, async (tx) => {
    if (await tx.tuningJob.findUnique({ where: { name }, select: { id: true } }))
      throw inUse(`A hyperparameter tuning job named ${name} already exists; tuning job names are unique`);
    const running = await tx.tuningJob.count({
      where: { ownerUserId: ctx.principal.userId, status: { in: ['InProgress', 'Stopping'] } },
    });
    if (running >= MAX_RUNNING_PER_USER)
      throw limitExceeded(
        `You have ${running} hyperparameter tuning jobs running and at most ${MAX_RUNNING_PER_USER} may run at ` +
          'once; wait for one to end or stop one (StopHyperParameterTuningJob)',
      );
    // Its training jobs count against a profile: the same rule as a training job's, checked now.
    requireProfile(ctx.principal, await attributeTo(tx, ctx.principal, input.Tags), [instanceType]);
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
    // Its training jobs are trial components of an experiment of its own, one trial each (as SageMaker does).
    await ensureTuningExperiment(tx, arns, { name, arn, ownerUserId: ctx.principal.userId });
    return tx.tuningJob.create({
      data: {
        id: randomUUID(),
        name,
        arn,
        ownerUserId: ctx.principal.userId,
        spec: JSON.parse(JSON.stringify(spec)),
        status: 'InProgress',
      },
    });
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'P2002')
      throw inUse(`A hyperparameter tuning job named ${name} already exists; tuning job names are unique`);
    throw err;
  });
  publishTuningStatus(ctx.services, row);
  ctx.services.reconciler.enqueue('tuningJob', row.id);
  return { HyperParameterTuningJobArn: arn };
}
