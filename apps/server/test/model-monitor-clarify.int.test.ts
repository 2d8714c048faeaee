// Model quality, model bias and model explainability schedules over one live endpoint (the linear
// model), on the Docker backend through the AWS SDK. Each invocation carries an InferenceId; the
// ground truth uploaded to S3 names it, and executions join the two. A model-quality baseline
// suggested from data the model gets right, against labels it does not, is a violation; bias and
// attribution compared with baselines that differ from the live traffic are violations too; each
// execution publishes its metrics.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateModelBiasJobDefinitionCommand,
  CreateModelExplainabilityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  CreateProcessingJobCommand,
  type MonitoringType,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import {
  captured,
  capturingEndpoint,
  CLARIFY_IMAGE,
  executionEnds,
  LINEAR,
  MONITOR_IMAGE,
  plantedRows,
  processingEnds,
  score,
  shadowEndpointsGone,
} from './monitor-fixture.ts';
import { ROLE, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
let endpoint: string;
const rows = plantedRows();
const common = () => ({
  JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large' as const, VolumeSizeInGB: 1 } },
  RoleArn: ROLE,
  StoppingCondition: { MaxRuntimeInSeconds: 600 },
});
const output = (type: string) => ({
  MonitoringOutputs: [
    { S3Output: { S3Uri: `s3://${u.bucket}/monitoring/${type}`, LocalPath: '/opt/ml/processing/output' } },
  ],
});
const endpointInput = () => ({
  EndpointName: endpoint,
  LocalPath: '/opt/ml/processing/input/endpoint',
  ProbabilityAttribute: '0',
  ProbabilityThresholdAttribute: 0.5,
});

async function runNow(type: MonitoringType, definition: string) {
  const schedule = uniqueName(type.toLowerCase());
  await u.sagemaker.send(
    new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: schedule,
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H', DataAnalysisEndTime: '-PT0H' },
        MonitoringJobDefinitionName: definition,
        MonitoringType: type,
      },
    }),
  );
  const d = await executionEnds(u.sagemaker, schedule, 0, 240_000);
  const last = d.LastMonitoringExecutionSummary!;
  const job = last.ProcessingJobArn!.split('/').pop()!;
  const prefix = `monitoring/${type}/${endpoint}/${schedule}/`;
  const read = async (file: string) => {
    const { Contents } = await u.s3.send(
      new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({ Bucket: u.bucket, Prefix: prefix }),
    );
    const key = (Contents ?? []).map((o) => o.Key!).find((k) => k.endsWith(file));
    return key ? JSON.parse((await u.get(key)).toString()) : undefined;
  };
  return { last, job, read };
}

beforeAll(async () => {
  u = await workUser(h);
  ({ endpoint } = await capturingEndpoint(u, LINEAR));
  // One row per invocation, each with its InferenceId, so each label can be joined to its prediction.
  for (const [i, r] of rows.entries())
    await u.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: endpoint,
        ContentType: 'text/csv',
        InferenceId: `row-${i}`,
        Body: Buffer.from(`${r.Age},${r.Gender},${r.Income}`),
      }),
    );
  await captured(u, endpoint, rows.length);
  // The labels (the planted ones: not what the model predicts), filed by the hour they were collected.
  const hour = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '/');
  const lines = rows.map((r, i) =>
    JSON.stringify({
      groundTruthData: { data: String(r.Target), encoding: 'CSV' },
      eventMetadata: { eventId: `row-${i}` },
      eventVersion: '0',
    }),
  );
  await u.s3.send(
    new PutObjectCommand({ Bucket: u.bucket, Key: `ground-truth/${hour}/labels.jsonl`, Body: lines.join('\n') + '\n' }),
  );
}, 240_000);

describe('Model Monitor: model quality, bias and explainability', { timeout: 400_000 }, () => {
  it('model quality: a baseline from data the model gets right; the real labels are a violation', async () => {
    // The model's own predictions as labels: accuracy 1 in the baseline.
    const base = rows.map((r) => `${score(r.Age, r.Income).toFixed(6)},${score(r.Age, r.Income) > 0.5 ? 1 : 0}`);
    const dataset = await u.put('mq/baseline/data.csv', ['probability,label', ...base].join('\n') + '\n');
    const baselining = uniqueName('mq-baseline');
    await u.sagemaker.send(
      new CreateProcessingJobCommand({
        ProcessingJobName: baselining,
        ProcessingInputs: [
          {
            InputName: 'baseline_dataset_input',
            S3Input: {
              S3Uri: dataset,
              LocalPath: '/opt/ml/processing/input/baseline_dataset_input',
              S3DataType: 'S3Prefix',
            },
          },
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'monitoring_output',
              S3Output: {
                S3Uri: `s3://${u.bucket}/mq/baseline/results`,
                LocalPath: '/opt/ml/processing/output',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
        AppSpecification: { ImageUri: MONITOR_IMAGE },
        RoleArn: ROLE,
        Environment: {
          dataset_format: JSON.stringify({ csv: { header: true } }),
          dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
          output_path: '/opt/ml/processing/output',
          analysis_type: 'MODEL_QUALITY',
          problem_type: 'BinaryClassification',
          probability_attribute: 'probability',
          probability_threshold_attribute: '0.5',
          ground_truth_attribute: 'label',
        },
      }),
    );
    const b = await processingEnds(u.sagemaker, baselining, 120_000);
    expect(b.ProcessingJobStatus, b.FailureReason).toBe('Completed');
    const stats = JSON.parse((await u.get('mq/baseline/results/statistics.json')).toString());
    expect(stats.binary_classification_metrics.accuracy.value).toBe(1);

    const definition = uniqueName('mq');
    await u.sagemaker.send(
      new CreateModelQualityJobDefinitionCommand({
        JobDefinitionName: definition,
        ModelQualityBaselineConfig: {
          ConstraintsResource: { S3Uri: `s3://${u.bucket}/mq/baseline/results/constraints.json` },
        },
        ModelQualityAppSpecification: { ImageUri: MONITOR_IMAGE, ProblemType: 'BinaryClassification' },
        ModelQualityJobInput: {
          EndpointInput: endpointInput(),
          GroundTruthS3Input: { S3Uri: `s3://${u.bucket}/ground-truth` },
        },
        ModelQualityJobOutputConfig: output('ModelQuality'),
        ...common(),
      }),
    );
    const { last, read } = await runNow('ModelQuality', definition);
    expect(last.MonitoringExecutionStatus, last.FailureReason).toBe('CompletedWithViolations');
    const current = await read('statistics.json');
    // By hand: the planted labels against score > 0.5.
    const right = rows.filter((r) => (score(r.Age, r.Income) > 0.5 ? 1 : 0) === r.Target).length;
    expect(current.dataset.item_count).toBe(rows.length);
    expect(current.binary_classification_metrics.accuracy.value).toBeCloseTo(right / rows.length, 10);
    const { violations } = await read('constraint_violations.json');
    expect(violations.map((v: { metric_name: string }) => v.metric_name)).toContain('accuracy');
  });

  it('model bias: the live facet disparity against a baseline without one is a bias drift violation', async () => {
    const config = await u.put(
      'bias/analysis_config.json',
      JSON.stringify({
        headers: ['Age', 'Gender', 'Income'],
        label: 'label',
        label_values_or_threshold: [1],
        facet: [{ name_or_index: 'Gender', value_or_threshold: [1] }],
        methods: { post_training_bias: { methods: ['DPPL', 'DI', 'AD'] } },
      }),
    );
    // The baseline saw no accuracy difference between the facets; the live traffic has one.
    const fair = { name: 'AD', description: 'Accuracy Difference (AD)', value: 0.0 };
    const baseline = await u.put(
      'bias/baseline/analysis.json',
      JSON.stringify({
        version: '1.0',
        post_training_bias_metrics: {
          label: 'label',
          label_value_or_threshold: '1',
          facets: { Gender: [{ value_or_threshold: '1', metrics: [fair] }] },
        },
      }),
    );
    const definition = uniqueName('bias');
    await u.sagemaker.send(
      new CreateModelBiasJobDefinitionCommand({
        JobDefinitionName: definition,
        ModelBiasBaselineConfig: { ConstraintsResource: { S3Uri: baseline } },
        ModelBiasAppSpecification: { ImageUri: CLARIFY_IMAGE, ConfigUri: config },
        ModelBiasJobInput: {
          EndpointInput: endpointInput(),
          GroundTruthS3Input: { S3Uri: `s3://${u.bucket}/ground-truth` },
        },
        ModelBiasJobOutputConfig: output('ModelBias'),
        ...common(),
      }),
    );
    const { last, read } = await runNow('ModelBias', definition);
    // By hand, from the model's predictions (score > 0.5) and the labels joined by InferenceId.
    const predicted = rows.map((r) => (score(r.Age, r.Income) > 0.5 ? 1 : 0));
    const of = (g: number) => rows.map((r, i) => ({ r, p: predicted[i]! })).filter((x) => x.r.Gender === g);
    const rate = (g: number) => of(g).filter((x) => x.p === 1).length / of(g).length;
    const accuracy = (g: number) => of(g).filter((x) => x.p === x.r.Target).length / of(g).length;
    const analysis = await read('analysis.json');
    const metrics = analysis.post_training_bias_metrics.facets.Gender[0].metrics;
    const value = (m: string) => metrics.find((x: { name: string }) => x.name === m).value;
    expect(value('DPPL')).toBeCloseTo(rate(0) - rate(1), 10);
    expect(value('DI')).toBeCloseTo(rate(1) / rate(0), 10);
    expect(value('AD')).toBeCloseTo(accuracy(0) - accuracy(1), 10);
    expect(Math.abs(accuracy(0) - accuracy(1))).toBeGreaterThan(0.05);
    expect(last.MonitoringExecutionStatus, last.FailureReason).toBe('CompletedWithViolations');
    const { violations } = await read('constraint_violations.json');
    expect(violations).toContainEqual(
      expect.objectContaining({ metric_name: 'AD', facet: 'Gender', constraint_check_type: 'bias_drift_check' }),
    );
  });

  it('model explainability: attributions ranked unlike the baseline are a feature attribution drift', async () => {
    const config = await u.put(
      'explain/analysis_config.json',
      JSON.stringify({
        headers: ['Age', 'Gender', 'Income'],
        methods: { shap: { baseline: [[40, 0, 5]], num_samples: 50, agg_method: 'mean_abs', seed: 1 } },
      }),
    );
    // The baseline says Gender matters most and Income least: the live model says the opposite.
    const baseline = await u.put(
      'explain/baseline/analysis.json',
      JSON.stringify({
        version: '1.0',
        explanations: {
          kernel_shap: { label0: { global_shap_values: { Gender: 0.7, Age: 0.5, Income: 0.05 }, expected_value: 0 } },
        },
      }),
    );
    const definition = uniqueName('explain');
    await u.sagemaker.send(
      new CreateModelExplainabilityJobDefinitionCommand({
        JobDefinitionName: definition,
        ModelExplainabilityBaselineConfig: { ConstraintsResource: { S3Uri: baseline } },
        ModelExplainabilityAppSpecification: { ImageUri: CLARIFY_IMAGE, ConfigUri: config },
        ModelExplainabilityJobInput: {
          EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
        },
        ModelExplainabilityJobOutputConfig: output('ModelExplainability'),
        ...common(),
      }),
    );
    const { last, read, job } = await runNow('ModelExplainability', definition);
    expect(last.MonitoringExecutionStatus, last.FailureReason).toBe('CompletedWithViolations');
    const shap = (await read('analysis.json')).explanations.kernel_shap.label0.global_shap_values;
    const mean = (f: 'Age' | 'Income') =>
      rows.reduce((t, r) => t + Math.abs((f === 'Age' ? 0.1 : 0.5) * (r[f] - (f === 'Age' ? 40 : 5))), 0) / rows.length;
    expect(shap.Age).toBeCloseTo(mean('Age'), 4);
    expect(shap.Income).toBeCloseTo(mean('Income'), 4);
    expect(shap.Gender).toBeCloseTo(0, 6);
    const { violations } = await read('constraint_violations.json');
    expect(violations).toContainEqual(
      expect.objectContaining({ constraint_check_type: 'feature_attribution_drift_check' }),
    );
    // Explained on a shadow of the endpoint's model, since deleted: the live endpoint's capture holds its own
    // traffic only, not the analysis's synthetic rows.
    await shadowEndpointsGone(u);
    const { Contents } = await u.s3.send(
      new ListObjectsV2Command({ Bucket: u.bucket, Prefix: `capture/${endpoint}/` }),
    );
    let records = 0;
    for (const o of Contents ?? []) records += (await u.get(o.Key!)).toString().trim().split('\n').length;
    expect(records).toBe(rows.length);
    // The attributions were published as metrics of the execution, for Studio's charts over time.
    const published = (await u.session.rest('GET', `/api/v1/studio/endpoints/${endpoint}/monitoring-metrics`)).body as {
      Series: { MetricName: string; Points: { Value: number; ProcessingJobName: string }[] }[];
    };
    const income = published.Series.find((s) => s.MetricName === 'feature_Income')!;
    expect(income.Points.map((p) => p.ProcessingJobName)).toEqual([job]);
    expect(income.Points[0]!.Value).toBeCloseTo(mean('Income'), 4);
    // The execution's results as Studio reads them: the analysis and its baseline.
    const results = (await u.session.rest('GET', `/api/v1/studio/jobs/processing/${job}/results`)).body as {
      Outputs: Record<string, unknown>;
      Baseline: Record<string, unknown>;
    };
    expect(Object.keys(results.Outputs).sort()).toEqual(['analysis.json', 'constraint_violations.json']);
    expect(Object.keys(results.Baseline)).toEqual(['analysis.json']);
  });
});
