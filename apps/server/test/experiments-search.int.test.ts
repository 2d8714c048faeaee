// Experiments and Search through the AWS SDK, on the Docker backend: experiments, trials and trial
// components and their rules; training jobs with an ExperimentConfig (and a tuning job's) recorded
// as trial components with their parameters, artifacts and metric summaries; Search agreeing with
// the List operations, sorting by a metric, nested filters, pages; what another user gets.
import {
  AssociateTrialComponentCommand,
  CreateExperimentCommand,
  CreateHyperParameterTuningJobCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  CreateTrainingJobCommand,
  CreateTrialCommand,
  CreateTrialComponentCommand,
  DeleteExperimentCommand,
  DeleteTrialCommand,
  DeleteTrialComponentCommand,
  DescribeExperimentCommand,
  DescribeTrialComponentCommand,
  DescribeTrialCommand,
  DisassociateTrialComponentCommand,
  GetSearchSuggestionsCommand,
  ListExperimentsCommand,
  ListTrainingJobsCommand,
  ListTrialComponentsCommand,
  ListTrialsCommand,
  SearchCommand,
  UpdateTrialComponentCommand,
  type SearchCommandInput,
  type SearchRecord,
} from '@aws-sdk/client-sagemaker';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { EPOCHS_PY, tuningEnds } from './tuning-fixture.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
let code: string;
const tag = uniqueName('run');
const experiment = uniqueName('exp');
const trial = uniqueName('trial');
const jobs = [0, 1, 2].map((i) => `${tag}-${i}`);

function epochsJob(name: string, offset: number, extra: object = {}) {
  return new CreateTrainingJobCommand({
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: SKLEARN_IMAGE,
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
    },
    HyperParameters: {
      sagemaker_program: '"epochs.py"',
      sagemaker_submit_directory: JSON.stringify(code),
      offset: String(offset),
      epochs: '4',
      pause: '0.05',
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/data/` } },
        ContentType: 'text/csv',
      },
    ],
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out/` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
    Tags: [{ Key: 'batch', Value: tag }],
    ...extra,
  });
}

async function searchAll(input: SearchCommandInput): Promise<SearchRecord[]> {
  const out: SearchRecord[] = [];
  let NextToken: string | undefined;
  do {
    const page = await u.sagemaker.send(new SearchCommand({ ...input, NextToken, MaxResults: 2 }));
    out.push(...page.Results!);
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

beforeAll(async () => {
  u = await workUser(h);
  code = await u.put('code/epochs.tar.gz', await sourceDir({ 'epochs.py': EPOCHS_PY }));
  await u.put('data/x.csv', '1\n');
  await u.sagemaker.send(new CreateExperimentCommand({ ExperimentName: experiment, Description: 'three offsets' }));
  await u.sagemaker.send(new CreateTrialCommand({ TrialName: trial, ExperimentName: experiment }));
  // Two jobs in the trial named, one in the experiment's default run group.
  await Promise.all([
    u.sagemaker.send(epochsJob(jobs[0]!, 0, { ExperimentConfig: { ExperimentName: experiment, TrialName: trial } })),
    u.sagemaker.send(epochsJob(jobs[1]!, 1, { ExperimentConfig: { TrialName: trial } })),
    u.sagemaker.send(epochsJob(jobs[2]!, 2, { ExperimentConfig: { ExperimentName: experiment } })),
  ]);
  for (const j of jobs) expect((await trainingEnds(u.sagemaker, j)).TrainingJobStatus).toBe('Completed');
});

describe('experiments', { timeout: 300_000 }, () => {
  it('records each job as a trial component with its parameters, artifacts and metrics', async () => {
    const c = await u.sagemaker.send(
      new DescribeTrialComponentCommand({ TrialComponentName: `${jobs[1]}-aws-training-job` }),
    );
    expect(c.Source).toMatchObject({ SourceType: 'SageMakerTrainingJob' });
    expect(c.Source!.SourceArn).toMatch(new RegExp(`training-job/${jobs[1]}$`));
    expect(c.Status!.PrimaryStatus).toBe('Completed');
    expect(c.Parameters!.offset).toEqual({ NumberValue: 1 });
    expect(c.Parameters!['SageMaker.InstanceType']).toEqual({ StringValue: 'ml.m5.large' });
    expect(c.InputArtifacts!.train).toEqual({ Value: `s3://${u.bucket}/data/`, MediaType: 'text/csv' });
    expect(c.OutputArtifacts!['SageMaker.ModelArtifact']!.Value).toBe(
      `s3://${u.bucket}/out/${jobs[1]}/output/model.tar.gz`,
    );
    // loss = 1 + 1/(e+1) for e = 0..3: 2, 1.5, 1.333333, 1.25.
    const loss = c.Metrics!.find((m) => m.MetricName === 'loss')!;
    expect(loss.Count).toBe(4);
    expect(loss.Max).toBeCloseTo(2, 5);
    expect(loss.Min).toBeCloseTo(1.25, 5);
    expect(loss.Last).toBeCloseTo(1.25, 5);
    expect(loss.Avg).toBeCloseTo((2 + 1.5 + 4 / 3 + 1.25) / 4, 5);

    const inTrial = await u.sagemaker.send(new ListTrialComponentsCommand({ TrialName: trial }));
    expect(inTrial.TrialComponentSummaries!.map((s) => s.TrialComponentName).sort()).toEqual(
      [`${jobs[0]}-aws-training-job`, `${jobs[1]}-aws-training-job`].sort(),
    );
    const inExperiment = await u.sagemaker.send(new ListTrialComponentsCommand({ ExperimentName: experiment }));
    expect(inExperiment.TrialComponentSummaries).toHaveLength(3);
    const trials = await u.sagemaker.send(new ListTrialsCommand({ ExperimentName: experiment, SortBy: 'Name' }));
    expect(trials.TrialSummaries!.map((t) => t.TrialName).sort()).toEqual(
      [trial, `Default-Run-Group-${experiment}`].sort(),
    );
    const bySource = await u.sagemaker.send(new ListTrialComponentsCommand({ SourceArn: c.Source!.SourceArn }));
    expect(bySource.TrialComponentSummaries!.map((s) => s.TrialComponentName)).toEqual([`${jobs[1]}-aws-training-job`]);
  });

  it('creates, associates, updates and deletes in the order SageMaker requires', async () => {
    const name = uniqueName('tc');
    await u.sagemaker.send(
      new CreateTrialComponentCommand({
        TrialComponentName: name,
        Parameters: { lr: { NumberValue: 0.01 }, opt: { StringValue: 'adam' } },
        Status: { PrimaryStatus: 'InProgress' },
      }),
    );
    await u.sagemaker.send(new AssociateTrialComponentCommand({ TrialComponentName: name, TrialName: trial }));
    await u.sagemaker.send(
      new UpdateTrialComponentCommand({
        TrialComponentName: name,
        Status: { PrimaryStatus: 'Completed' },
        Parameters: { lr: { NumberValue: 0.02 } },
        ParametersToRemove: ['opt'],
        OutputArtifacts: { model: { Value: `s3://${u.bucket}/m.tar.gz` } },
      }),
    );
    const d = await u.sagemaker.send(new DescribeTrialComponentCommand({ TrialComponentName: name }));
    expect(d.Parameters).toEqual({ lr: { NumberValue: 0.02 } });
    expect(d.Status!.PrimaryStatus).toBe('Completed');
    // Each refusal says what to do first.
    // Thunks: each call starts when its turn comes, so no refusal is left unhandled while another is awaited.
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => u.sagemaker.send(new DeleteTrialComponentCommand({ TrialComponentName: name })), /disassociate it first/],
      [() => u.sagemaker.send(new DeleteTrialCommand({ TrialName: trial })), /disassociate them first/],
      [() => u.sagemaker.send(new DeleteExperimentCommand({ ExperimentName: experiment })), /delete them first/],
      [
        () =>
          u.sagemaker.send(
            new UpdateTrialComponentCommand({
              TrialComponentName: `${jobs[0]}-aws-training-job`,
              Parameters: { offset: { NumberValue: 9 } },
            }),
          ),
        /records a job/,
      ],
      [
        () => u.sagemaker.send(epochsJob(uniqueName('x'), 0, { ExperimentConfig: { ExperimentName: 'no-such-exp' } })),
        /does not exist/,
      ],
    ];
    for (const [call, message] of refusals) {
      const err = (await call().catch((e) => e)) as Error;
      expect(err.name, err.message).toBe('ValidationException');
      expect(err.message).toMatch(message);
    }
    // Taken: SageMaker's ValidationException "already exists", which the SageMaker SDK's Run looks for.
    const taken = await u.sagemaker.send(new CreateExperimentCommand({ ExperimentName: experiment })).catch((e) => e);
    expect(taken.name).toBe('ValidationException');
    expect(taken.message).toMatch(/already exists/);
    // The names Tessera gives what it records cannot be taken (to block someone's job, say).
    for (const squat of [
      `${uniqueName('victim')}-aws-training-job`,
      `Default-Run-Group-${experiment}`,
      'x-aws-tuning-job',
    ])
      for (const call of [
        () => u.sagemaker.send(new CreateTrialComponentCommand({ TrialComponentName: squat })),
        () => u.sagemaker.send(new CreateExperimentCommand({ ExperimentName: squat })),
      ]) {
        const err = await call().catch((e) => e);
        expect(err.name, squat).toBe('ValidationException');
        expect(err.message).toMatch(/a name Tessera gives what it records/);
      }
    // A component is found by its ARN too (which holds its name in lower case).
    const mixed = `Mixed${uniqueName('Case')}`;
    const { TrialComponentArn } = await u.sagemaker.send(
      new CreateTrialComponentCommand({ TrialComponentName: mixed }),
    );
    expect(
      (await u.sagemaker.send(new DescribeTrialComponentCommand({ TrialComponentName: TrialComponentArn })))
        .TrialComponentName,
    ).toBe(mixed);
    await u.sagemaker.send(new DeleteTrialComponentCommand({ TrialComponentName: mixed }));
    await u.sagemaker.send(new DisassociateTrialComponentCommand({ TrialComponentName: name, TrialName: trial }));
    await u.sagemaker.send(new DeleteTrialComponentCommand({ TrialComponentName: name }));
    const gone = await u.sagemaker
      .send(new DescribeTrialComponentCommand({ TrialComponentName: name }))
      .catch((e) => e);
    expect(gone.name).toBe('ResourceNotFound');
    // A trial made and emptied goes; then its experiment can.
    const e2 = uniqueName('exp');
    await u.sagemaker.send(new CreateExperimentCommand({ ExperimentName: e2 }));
    await u.sagemaker.send(new CreateTrialCommand({ TrialName: `${e2}-t`, ExperimentName: e2 }));
    await u.sagemaker.send(new DeleteTrialCommand({ TrialName: `${e2}-t` }));
    await u.sagemaker.send(new DeleteExperimentCommand({ ExperimentName: e2 }));
    expect(
      (await u.sagemaker.send(new ListExperimentsCommand({}))).ExperimentSummaries!.map((e) => e.ExperimentName),
    ).toContain(experiment);
  });

  it("records a tuning job's training jobs in an experiment of its own, one trial each", async () => {
    const name = uniqueName('tex').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: name,
        HyperParameterTuningJobConfig: {
          Strategy: 'Grid',
          HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
          ResourceLimits: { MaxParallelTrainingJobs: 2 },
          ParameterRanges: { CategoricalParameterRanges: [{ Name: 'offset', Values: ['3', '4'] }] },
        },
        TrainingJobDefinition: {
          AlgorithmSpecification: {
            TrainingImage: SKLEARN_IMAGE,
            TrainingInputMode: 'File',
            MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
          },
          StaticHyperParameters: {
            sagemaker_program: '"epochs.py"',
            sagemaker_submit_directory: JSON.stringify(code),
            epochs: '2',
            pause: '0',
          },
          RoleArn: ROLE,
          OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/tuned/` },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 300 },
        },
      }),
    );
    expect((await tuningEnds(u.sagemaker, name)).HyperParameterTuningJobStatus).toBe('Completed');
    const e = await u.sagemaker.send(new DescribeExperimentCommand({ ExperimentName: `${name}-aws-tuning-job` }));
    expect(e.Source).toMatchObject({ SourceType: 'SageMakerTuningJob' });
    const trials = await u.sagemaker.send(new ListTrialsCommand({ ExperimentName: e.ExperimentName }));
    expect(trials.TrialSummaries).toHaveLength(2);
    const t = await u.sagemaker.send(new DescribeTrialCommand({ TrialName: trials.TrialSummaries![0]!.TrialName! }));
    const components = await u.sagemaker.send(new ListTrialComponentsCommand({ TrialName: t.TrialName }));
    expect(components.TrialComponentSummaries!.map((c) => c.TrialComponentName)).toEqual([
      `${t.TrialName!.replace(/-aws-trial$/, '')}-aws-training-job`,
    ]);
  });
});

describe('Search', { timeout: 120_000 }, () => {
  it('returns the same training jobs as ListTrainingJobs for the same filters', async () => {
    for (const [filters, list] of [
      [[{ Name: 'TrainingJobName', Operator: 'Contains', Value: tag }], { NameContains: tag }],
      [
        [
          { Name: 'TrainingJobName', Operator: 'Contains', Value: tag },
          { Name: 'TrainingJobStatus', Operator: 'Equals', Value: 'Completed' },
        ],
        { NameContains: tag, StatusEquals: 'Completed' },
      ],
      [
        [
          { Name: 'TrainingJobName', Operator: 'Contains', Value: tag },
          { Name: 'TrainingJobStatus', Operator: 'Equals', Value: 'Failed' },
        ],
        { NameContains: tag, StatusEquals: 'Failed' },
      ],
    ] as const) {
      const found = await searchAll({ Resource: 'TrainingJob', SearchExpression: { Filters: [...filters] } });
      const listed = await u.sagemaker.send(new ListTrainingJobsCommand({ ...list, MaxResults: 100 }));
      expect(found.map((r) => r.TrainingJob!.TrainingJobName).sort()).toEqual(
        listed.TrainingJobSummaries!.map((s) => s.TrainingJobName).sort(),
      );
    }
  });

  it('sorts by a metric, filters on hyperparameters, tags and nested channels, and pages', async () => {
    const byLoss = await searchAll({
      Resource: 'TrainingJob',
      SearchExpression: { Filters: [{ Name: 'Tags.batch', Operator: 'Equals', Value: tag }] },
      SortBy: 'Metrics.loss',
      SortOrder: 'Descending',
    });
    expect(byLoss.map((r) => r.TrainingJob!.TrainingJobName)).toEqual([jobs[2], jobs[1], jobs[0]]);
    const losses = byLoss.map((r) => r.TrainingJob!.FinalMetricDataList!.find((m) => m.MetricName === 'loss')!.Value!);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
    expect(byLoss[0]!.TrainingJob!.Tags).toEqual([{ Key: 'batch', Value: tag }]);
    const some = await searchAll({
      Resource: 'TrainingJob',
      SearchExpression: {
        Filters: [
          { Name: 'Tags.batch', Operator: 'Equals', Value: tag },
          { Name: 'HyperParameters.offset', Operator: 'GreaterThanOrEqualTo', Value: '1' },
          { Name: 'Metrics.loss', Operator: 'LessThan', Value: '3' },
        ],
        NestedFilters: [
          {
            NestedPropertyName: 'InputDataConfig',
            Filters: [{ Name: 'InputDataConfig.ChannelName', Operator: 'Equals', Value: 'train' }],
          },
        ],
      },
      SortBy: 'TrainingJobName',
      SortOrder: 'Ascending',
    });
    expect(some.map((r) => r.TrainingJob!.TrainingJobName)).toEqual([jobs[1], jobs[2]]);
    const page = await u.sagemaker.send(
      new SearchCommand({
        Resource: 'TrainingJob',
        SearchExpression: { Filters: [{ Name: 'Tags.batch', Operator: 'Equals', Value: tag }] },
        MaxResults: 2,
      }),
    );
    expect(page.Results).toHaveLength(2);
    expect(page.NextToken).toBeTruthy();
    expect(page.TotalHits).toEqual({ Value: 3, Relation: 'EqualTo' });
  });

  it('searches trial components by their trial and metrics, model packages and experiments', async () => {
    const components = await searchAll({
      Resource: 'ExperimentTrialComponent',
      SearchExpression: { Filters: [{ Name: 'Parents.ExperimentName', Operator: 'Equals', Value: experiment }] },
      SortBy: 'Metrics.loss.Min',
      SortOrder: 'Ascending',
    });
    expect(components.map((r) => r.TrialComponent!.TrialComponentName)).toEqual(
      jobs.map((j) => `${j}-aws-training-job`),
    );
    expect(components[0]!.TrialComponent!.Parents).toEqual([{ TrialName: trial, ExperimentName: experiment }]);
    const group = uniqueName('grp');
    await u.sagemaker.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
    for (const status of ['Approved', 'Rejected'] as const)
      await u.sagemaker.send(
        new CreateModelPackageCommand({
          ModelPackageGroupName: group,
          ModelApprovalStatus: status,
          InferenceSpecification: {
            Containers: [{ Image: SKLEARN_IMAGE, ModelDataUrl: `s3://${u.bucket}/out/${jobs[0]}/output/model.tar.gz` }],
            SupportedContentTypes: ['text/csv'],
            SupportedResponseMIMETypes: ['text/csv'],
          },
        }),
      );
    const approved = await searchAll({
      Resource: 'ModelPackage',
      SearchExpression: {
        Filters: [
          { Name: 'ModelPackageGroupName', Operator: 'Equals', Value: group },
          { Name: 'ModelApprovalStatus', Operator: 'Equals', Value: 'Approved' },
        ],
      },
    });
    expect(approved.map((r) => r.ModelPackage!.ModelPackageVersion)).toEqual([1]);
    const experiments = await searchAll({
      Resource: 'Experiment',
      SearchExpression: { Filters: [{ Name: 'Description', Operator: 'Contains', Value: 'offsets' }] },
    });
    expect(experiments.map((r) => r.Experiment!.ExperimentName)).toEqual([experiment]);
    const suggestions = await u.sagemaker.send(
      new GetSearchSuggestionsCommand({
        Resource: 'TrainingJob',
        SuggestionQuery: { PropertyNameQuery: { PropertyNameHint: 'metrics.' } },
      }),
    );
    expect(suggestions.PropertyNameSuggestions!.map((s) => s.PropertyName)).toContain('Metrics.loss');
  });

  it('shows another user none of it, and refuses what it cannot search', async () => {
    const mallory = await workUser(h);
    for (const Resource of [
      'TrainingJob',
      'ExperimentTrialComponent',
      'Experiment',
      'ModelPackage',
      'ExperimentTrial',
    ]) {
      const r = await mallory.sagemaker.send(
        new SearchCommand({ Resource: Resource as SearchCommandInput['Resource'] }),
      );
      expect(r.Results, Resource).toEqual([]);
    }
    const s = await mallory.sagemaker.send(
      new GetSearchSuggestionsCommand({
        Resource: 'TrainingJob',
        SuggestionQuery: { PropertyNameQuery: { PropertyNameHint: '' } },
      }),
    );
    expect(s.PropertyNameSuggestions).toEqual([]);
    for (const call of [
      () => mallory.sagemaker.send(new DescribeExperimentCommand({ ExperimentName: experiment })),
      () => mallory.sagemaker.send(new ListTrialComponentsCommand({ TrialName: trial })),
      () =>
        mallory.sagemaker.send(
          new DescribeTrialComponentCommand({ TrialComponentName: `${jobs[0]}-aws-training-job` }),
        ),
      () =>
        mallory.sagemaker.send(
          new AssociateTrialComponentCommand({ TrialComponentName: `${jobs[0]}-aws-training-job`, TrialName: trial }),
        ),
      () => mallory.sagemaker.send(new DeleteTrialCommand({ TrialName: trial })),
    ]) {
      const err = await call().catch((e) => e);
      expect(err.name, String(err.message)).toBe('ResourceNotFound');
    }
    // Their job cannot join the victim's trial or experiment.
    const sneak = await mallory.sagemaker
      .send(
        new CreateTrainingJobCommand({
          ...epochsJob(uniqueName('sneak'), 0).input,
          HyperParameters: { sagemaker_program: '"epochs.py"' },
          InputDataConfig: undefined,
          OutputDataConfig: { S3OutputPath: `s3://${mallory.bucket}/out/` },
          ExperimentConfig: { TrialName: trial },
        }),
      )
      .catch((e) => e);
    expect(sneak.name).toBe('ValidationException');
    expect(sneak.message).toMatch(/does not exist/);
    const bad = await u.sagemaker.send(new SearchCommand({ Resource: 'Pipeline' })).catch((e) => e);
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toMatch(/not searchable here/);
  });
});
