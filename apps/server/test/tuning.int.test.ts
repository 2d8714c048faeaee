// Automatic model tuning on the Docker backend through the AWS SDK: Bayesian against Random over
// the built-in XGBoost, a grid covered once, the median stopping rule, stop, warm start, and what
// another user and bad requests get.
import {
  CreateHyperParameterTuningJobCommand,
  DeleteHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListHyperParameterTuningJobsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  StopHyperParameterTuningJobCommand,
  type CreateHyperParameterTuningJobCommandInput,
  type HyperParameterTrainingJobSummary,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { tuningEnds, EPOCHS_PY } from './tuning-fixture.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser, XGBOOST_IMAGE, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
let code: string;
let data: string;

/** y = sin(3·x1) + x2² / 2 + noise(σ = 0.1): the best a model can do on fresh data is an RMSE near 0.1. */
function curveCsv(rows: number, seed: number): string {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const [x1, x2] = [rand() * 2 - 1, rand() * 2 - 1];
    const noise = (rand() + rand() + rand() - 1.5) * 0.2;
    lines.push(`${(Math.sin(3 * x1) + (x2 * x2) / 2 + noise).toFixed(5)},${x1.toFixed(5)},${x2.toFixed(5)}`);
  }
  return lines.join('\n') + '\n';
}

function xgboostTuning(
  name: string,
  strategy: 'Bayesian' | 'Random',
  budget: number,
  extra: Partial<CreateHyperParameterTuningJobCommandInput> = {},
): CreateHyperParameterTuningJobCommandInput {
  return {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobConfig: {
      Strategy: strategy,
      HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:rmse' },
      ResourceLimits: { MaxNumberOfTrainingJobs: budget, MaxParallelTrainingJobs: 2 },
      ParameterRanges: {
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.001', MaxValue: '1', ScalingType: 'Logarithmic' }],
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '1', MaxValue: '8' }],
      },
      RandomSeed: 7,
    },
    TrainingJobDefinition: {
      // No MetricDefinitions: the built-in algorithm's own validation:rmse is the objective.
      AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
      StaticHyperParameters: { num_round: '40', objective: 'reg:squarederror' },
      RoleArn: ROLE,
      InputDataConfig: ['train', 'validation'].map((ChannelName) => ({
        ChannelName,
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `${data}${ChannelName}/` } },
        ContentType: 'text/csv',
      })),
      OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/tuning/` },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 300 },
    },
    ...extra,
  };
}

/** A tuning job over the epochs script: loss = offset + scale / (epoch + 1), printed each epoch. */
function scriptTuning(
  name: string,
  config: Partial<CreateHyperParameterTuningJobCommandInput['HyperParameterTuningJobConfig']> & { Strategy: string },
  statics: Record<string, string>,
): CreateHyperParameterTuningJobCommandInput {
  return {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobConfig: {
      HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
      ResourceLimits: { MaxParallelTrainingJobs: 1 },
      ...config,
    } as CreateHyperParameterTuningJobCommandInput['HyperParameterTuningJobConfig'],
    TrainingJobDefinition: {
      AlgorithmSpecification: {
        TrainingImage: SKLEARN_IMAGE,
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
      },
      StaticHyperParameters: {
        sagemaker_program: '"epochs.py"',
        sagemaker_submit_directory: JSON.stringify(code),
        ...statics,
      },
      RoleArn: ROLE,
      OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/epochs/` },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 300 },
    },
  };
}

async function allJobs(sm: SageMakerClient, name: string): Promise<HyperParameterTrainingJobSummary[]> {
  const out: HyperParameterTrainingJobSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: name,
        MaxResults: 4,
        NextToken,
        SortBy: 'CreationTime',
        SortOrder: 'Ascending',
      }),
    );
    out.push(...page.TrainingJobSummaries!);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

const objective = (j: HyperParameterTrainingJobSummary) => j.FinalHyperParameterTuningJobObjectiveMetric!.Value!;
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

beforeAll(async () => {
  u = await workUser(h);
  code = await u.put('code/epochs.tar.gz', await sourceDir({ 'epochs.py': EPOCHS_PY }));
  await u.put('curve/train/train.csv', curveCsv(400, 11));
  await u.put('curve/validation/validation.csv', curveCsv(200, 29));
  data = `s3://${u.bucket}/curve/`;
});

describe('automatic model tuning', { timeout: 600_000 }, () => {
  it('Bayesian over the built-in XGBoost beats the median of a Random job of the same budget', async () => {
    const bayes = uniqueName('bayes').slice(0, 32);
    const random = uniqueName('rand').slice(0, 32);
    await u.sagemaker.send(new CreateHyperParameterTuningJobCommand(xgboostTuning(bayes, 'Bayesian', 10)));
    await u.sagemaker.send(new CreateHyperParameterTuningJobCommand(xgboostTuning(random, 'Random', 10)));
    const [b, r] = [await tuningEnds(u.sagemaker, bayes), await tuningEnds(u.sagemaker, random)];
    for (const d of [b, r]) {
      expect(d.HyperParameterTuningJobStatus, d.FailureReason).toBe('Completed');
      expect(d.TrainingJobStatusCounters).toEqual({
        Completed: 10,
        InProgress: 0,
        RetryableError: 0,
        NonRetryableError: 0,
        Stopped: 0,
      });
      expect(d.ObjectiveStatusCounters).toEqual({ Succeeded: 10, Pending: 0, Failed: 0 });
    }
    const bJobs = await allJobs(u.sagemaker, bayes);
    const rJobs = await allJobs(u.sagemaker, random);
    expect(bJobs).toHaveLength(10);
    const best = Math.min(...bJobs.map(objective));
    // BestTrainingJob is the job with the lowest validation:rmse, and says so.
    expect(b.BestTrainingJob!.FinalHyperParameterTuningJobObjectiveMetric).toEqual({
      Type: 'Minimize',
      MetricName: 'validation:rmse',
      Value: best,
    });
    const described = await u.sagemaker.send(
      new DescribeTrainingJobCommand({ TrainingJobName: b.BestTrainingJob!.TrainingJobName }),
    );
    expect(described.TuningJobArn).toBe(b.HyperParameterTuningJobArn);
    expect(described.HyperParameters).toMatchObject({
      ...b.BestTrainingJob!.TunedHyperParameters,
      num_round: '40',
      _tuning_objective_metric: 'validation:rmse',
    });
    console.log(
      `Bayesian best ${best.toFixed(4)}, median ${median(bJobs.map(objective)).toFixed(4)}; Random best ` +
        `${Math.min(...rJobs.map(objective)).toFixed(4)}, median ${median(rJobs.map(objective)).toFixed(4)}`,
    );
    expect(best).toBeLessThan(median(rJobs.map(objective)));
    // The noise floor is 0.1: the best found is close to what any model can do here.
    expect(best).toBeLessThan(0.2);
    // Seed-fixed: the same RandomSeed makes the Random job choose the same points again.
    const again = uniqueName('rand').slice(0, 32);
    const input = xgboostTuning(again, 'Random', 2);
    await u.sagemaker.send(new CreateHyperParameterTuningJobCommand(input));
    await tuningEnds(u.sagemaker, again);
    const first = rJobs.slice(0, 2).map((j) => j.TunedHyperParameters);
    const second = (await allJobs(u.sagemaker, again)).map((j) => j.TunedHyperParameters);
    expect(new Set(second.map((p) => JSON.stringify(p)))).toEqual(new Set(first.map((p) => JSON.stringify(p))));

    // Warm start from both: the child's OverallBestTrainingJob is the best of all three.
    const child = uniqueName('warm').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        xgboostTuning(child, 'Bayesian', 2, {
          WarmStartConfig: {
            ParentHyperParameterTuningJobs: [
              { HyperParameterTuningJobName: bayes },
              { HyperParameterTuningJobName: random },
            ],
            WarmStartType: 'IdenticalDataAndAlgorithm',
          },
        }),
      ),
    );
    const c = await tuningEnds(u.sagemaker, child);
    expect(c.HyperParameterTuningJobStatus).toBe('Completed');
    const all = [...bJobs, ...rJobs, ...(await allJobs(u.sagemaker, child))].map(objective);
    expect(objective(c.OverallBestTrainingJob!)).toBe(Math.min(...all));
    expect(c.WarmStartConfig!.ParentHyperParameterTuningJobs).toHaveLength(2);
  });

  it('Grid runs each point of its grid exactly once, and lists by the objective', async () => {
    const name = uniqueName('grid').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        scriptTuning(
          name,
          {
            Strategy: 'Grid',
            ResourceLimits: { MaxParallelTrainingJobs: 3 },
            ParameterRanges: {
              CategoricalParameterRanges: [
                { Name: 'offset', Values: ['0', '1', '2'] },
                { Name: 'scale', Values: ['1', '2'] },
              ],
            },
          },
          { epochs: '2', pause: '0.05' },
        ),
      ),
    );
    const d = await tuningEnds(u.sagemaker, name);
    expect(d.HyperParameterTuningJobStatus, d.FailureReason).toBe('Completed');
    expect(d.TrainingJobStatusCounters!.Completed).toBe(6);
    const jobs = await allJobs(u.sagemaker, name);
    const points = jobs.map((j) => `${j.TunedHyperParameters!.offset}/${j.TunedHyperParameters!.scale}`).sort();
    expect(points).toEqual(['0/1', '0/2', '1/1', '1/2', '2/1', '2/2']);
    // The last loss printed: offset + scale / 2.
    for (const j of jobs)
      expect(objective(j)).toBeCloseTo(
        Number(j.TunedHyperParameters!.offset) + Number(j.TunedHyperParameters!.scale) / 2,
        5,
      );
    expect(d.BestTrainingJob!.TunedHyperParameters).toEqual({ offset: '0', scale: '1' });
    const byObjective = await u.sagemaker.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: name,
        SortBy: 'FinalObjectiveMetricValue',
        SortOrder: 'Ascending',
        MaxResults: 100,
      }),
    );
    const values = byObjective.TrainingJobSummaries!.map(objective);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // SageMaker's default order: by name, ascending.
    const byName = await u.sagemaker.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name, MaxResults: 100 }),
    );
    const names = byName.TrainingJobSummaries!.map((j) => j.TrainingJobName!);
    expect(names).toEqual([...names].sort());
    const listed = await u.sagemaker.send(new ListHyperParameterTuningJobsCommand({ NameContains: name }));
    expect(listed.HyperParameterTuningJobSummaries).toMatchObject([
      { HyperParameterTuningJobName: name, Strategy: 'Grid', HyperParameterTuningJobStatus: 'Completed' },
    ]);
  });

  it('stops a job that trails the median of the earlier ones (TrainingJobEarlyStoppingType=Auto)', async () => {
    const name = uniqueName('early').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        scriptTuning(
          name,
          {
            Strategy: 'Grid',
            TrainingJobEarlyStoppingType: 'Auto',
            ParameterRanges: { CategoricalParameterRanges: [{ Name: 'offset', Values: ['0', '1', '2', '10'] }] },
          },
          { epochs: '12', pause: '0.4', scale: '1' },
        ),
      ),
    );
    const d = await tuningEnds(u.sagemaker, name);
    expect(d.HyperParameterTuningJobStatus, d.FailureReason).toBe('Completed');
    expect(d.TrainingJobStatusCounters).toMatchObject({ Completed: 3, Stopped: 1 });
    expect(d.ObjectiveStatusCounters).toEqual({ Succeeded: 4, Pending: 0, Failed: 0 });
    const jobs = await allJobs(u.sagemaker, name);
    const trailing = jobs.find((j) => j.TunedHyperParameters!.offset === '10')!;
    expect(trailing.TrainingJobStatus).toBe('Stopped');
    // Stopped before its last epoch (which would print 10 + 1/12).
    expect(objective(trailing)).toBeGreaterThan(10 + 1 / 12 + 1e-6);
    for (const j of jobs.filter((j) => j !== trailing)) {
      expect(j.TrainingJobStatus).toBe('Completed');
      expect(objective(j)).toBeCloseTo(Number(j.TunedHyperParameters!.offset) + 1 / 12, 5);
    }
  });

  it('stops every running training job when stopped, and is deleted only once ended', async () => {
    const name = uniqueName('stop').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        scriptTuning(
          name,
          {
            Strategy: 'Random',
            ResourceLimits: { MaxNumberOfTrainingJobs: 6, MaxParallelTrainingJobs: 2 },
            ParameterRanges: { ContinuousParameterRanges: [{ Name: 'offset', MinValue: '0', MaxValue: '1' }] },
          },
          { epochs: '200', pause: '0.5', scale: '1' },
        ),
      ),
    );
    await waitFor(
      async () => {
        const jobs = await allJobs(u.sagemaker, name);
        return jobs.length === 2 || undefined;
      },
      'two training jobs launched',
      60_000,
    );
    const busy = await u.sagemaker
      .send(new DeleteHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }))
      .catch((e) => e);
    expect(busy.name).toBe('ResourceInUse');
    await u.sagemaker.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
    const d = await tuningEnds(u.sagemaker, name);
    expect(d.HyperParameterTuningJobStatus).toBe('Stopped');
    const jobs = await allJobs(u.sagemaker, name);
    expect(jobs).toHaveLength(2);
    expect(jobs.map((j) => j.TrainingJobStatus)).toEqual(['Stopped', 'Stopped']);
    await u.sagemaker.send(new DeleteHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
    const gone = await u.sagemaker
      .send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }))
      .catch((e) => e);
    expect(gone.name).toBe('ResourceNotFound');
    // Its training jobs are jobs of their own and stay.
    expect(
      (await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobs[0]!.TrainingJobName })))
        .TrainingJobStatus,
    ).toBe('Stopped');
  });

  it('refuses what cannot be tuned, with the reason', async () => {
    const name = uniqueName('bad').slice(0, 32);
    const base = xgboostTuning(name, 'Random', 2);
    const config = base.HyperParameterTuningJobConfig!;
    const cases: [CreateHyperParameterTuningJobCommandInput, RegExp][] = [
      [
        {
          ...base,
          HyperParameterTuningJobConfig: {
            ...config,
            HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
          },
        },
        /objective metric loss is not among the metrics .*validation:rmse/,
      ],
      [
        { ...base, HyperParameterTuningJobConfig: { ...config, Strategy: 'Grid' } },
        /Grid takes CategoricalParameterRanges only/,
      ],
      [{ ...base, HyperParameterTuningJobConfig: { ...config, Strategy: 'Hyperband' } }, /Hyperband is not supported/],
      [
        {
          ...base,
          HyperParameterTuningJobConfig: {
            ...config,
            ParameterRanges: {
              ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0', MaxValue: '1', ScalingType: 'Logarithmic' }],
            },
          },
        },
        /ContinuousParameterRanges eta: Logarithmic scaling needs MinValue greater than 0/,
      ],
      [
        {
          ...base,
          HyperParameterTuningJobConfig: {
            ...config,
            ParameterRanges: { CategoricalParameterRanges: [{ Name: 'num_round', Values: ['1', '2'] }] },
          },
        },
        /num_round is also a StaticHyperParameter/,
      ],
      [
        { ...base, HyperParameterTuningJobConfig: { ...config, ResourceLimits: { MaxParallelTrainingJobs: 1 } } },
        /MaxNumberOfTrainingJobs is required for Strategy Random/,
      ],
      [
        {
          ...base,
          TrainingJobDefinition: {
            ...base.TrainingJobDefinition!,
            ResourceConfig: { InstanceType: 'ml.nope' as never, InstanceCount: 1, VolumeSizeInGB: 1 },
          },
        },
        /TrainingJobDefinition.ResourceConfig.InstanceType ml.nope is not offered here/,
      ],
    ];
    for (const [input, message] of cases) {
      const err = await u.sagemaker.send(new CreateHyperParameterTuningJobCommand(input)).catch((e) => e);
      expect(err.name, String(err.message)).toBe('ValidationException');
      expect(err.message).toMatch(message);
    }
    const none = await u.sagemaker
      .send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }))
      .catch((e) => e);
    expect(none.name).toBe('ResourceNotFound');
  });

  it("keeps a user's tuning jobs from others: unseen, not stopped, deleted or warm-started from", async () => {
    const name = uniqueName('mine').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand(
        scriptTuning(
          name,
          {
            Strategy: 'Grid',
            ParameterRanges: { CategoricalParameterRanges: [{ Name: 'offset', Values: ['0'] }] },
          },
          { epochs: '1', pause: '0' },
        ),
      ),
    );
    await tuningEnds(u.sagemaker, name);
    const mallory = await workUser(h);
    const m = mallory.sagemaker;
    for (const call of [
      () => m.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      () => m.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      () => m.send(new DeleteHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      () => m.send(new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
    ]) {
      const err = await call().catch((e) => e);
      expect(err.name, String(err.message)).toBe('ResourceNotFound');
    }
    expect(
      (await m.send(new ListHyperParameterTuningJobsCommand({ NameContains: name }))).HyperParameterTuningJobSummaries,
    ).toEqual([]);
    // A warm start from someone else's tuning job would read their results.
    const stolen = scriptTuning(
      uniqueName('steal').slice(0, 32),
      {
        Strategy: 'Random',
        ResourceLimits: { MaxNumberOfTrainingJobs: 1, MaxParallelTrainingJobs: 1 },
        ParameterRanges: { CategoricalParameterRanges: [{ Name: 'offset', Values: ['0'] }] },
      },
      { epochs: '1', pause: '0' },
    );
    stolen.TrainingJobDefinition!.OutputDataConfig = { S3OutputPath: `s3://${mallory.bucket}/out/` };
    stolen.TrainingJobDefinition!.StaticHyperParameters!.sagemaker_submit_directory = '"s3://' + mallory.bucket + '/x"';
    const warm = await m
      .send(
        new CreateHyperParameterTuningJobCommand({
          ...stolen,
          WarmStartConfig: {
            ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: name }],
            WarmStartType: 'TransferLearning',
          },
        }),
      )
      .catch((e) => e);
    expect(warm.name).toBe('ResourceNotFound');
    // Training jobs that would read the victim's code or write to the victim's bucket.
    const theirs = scriptTuning(uniqueName('theirs').slice(0, 32), stolen.HyperParameterTuningJobConfig as never, {
      epochs: '1',
    });
    const denied = await m.send(new CreateHyperParameterTuningJobCommand(theirs)).catch((e) => e);
    expect(denied.name).toMatch(/AccessDenied/);
    expect(denied.message).toMatch(new RegExp(u.bucket));
  });
});
