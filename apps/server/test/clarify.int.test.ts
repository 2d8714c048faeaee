// SageMaker Clarify through the AWS SDK on the Docker backend, as the SageMaker Python SDK's
// SageMakerClarifyProcessor runs it: a processing job on the published Clarify image with an
// analysis_config.json, whose model is reached through a shadow endpoint Clarify creates and
// deletes. A data set with a planted disparity gives the bias metrics computed here by hand; a linear
// model's SHAP values are its coefficients times (x − baseline).
import { CreateProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import {
  CLARIFY_IMAGE,
  LINEAR,
  plantedRows,
  processingEnds,
  score,
  scriptModel,
  shadowEndpointsGone,
  W,
} from './monitor-fixture.ts';
import { ROLE, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
let model: string;

beforeAll(async () => {
  u = await workUser(h);
  model = await scriptModel(u, LINEAR);
}, 120_000);

describe('SageMaker Clarify', { timeout: 300_000 }, () => {
  it('computes bias metrics as by hand and SHAP values of a linear model through a shadow endpoint', async () => {
    const rows = plantedRows();
    const csv = ['Target,Age,Gender,Income', ...rows.map((r) => `${r.Target},${r.Age},${r.Gender},${r.Income}`)];
    const dataset = await u.put('clarify/data/train.csv', csv.join('\n') + '\n');
    const config = await u.put(
      'clarify/config/analysis_config.json',
      JSON.stringify({
        dataset_type: 'text/csv',
        headers: ['Target', 'Age', 'Gender', 'Income'],
        label: 'Target',
        label_values_or_threshold: [1],
        facet: [{ name_or_index: 'Gender', value_or_threshold: [1] }],
        methods: {
          pre_training_bias: { methods: 'all' },
          post_training_bias: { methods: 'all' },
          shap: { baseline: [[40, 0, 5]], num_samples: 100, agg_method: 'mean_abs', seed: 1 },
          report: { name: 'report', title: 'Analysis Report' },
        },
        predictor: {
          model_name: model,
          instance_type: 'ml.m5.large',
          initial_instance_count: 1,
          content_type: 'text/csv',
          accept_type: 'text/csv',
          probability: 0,
        },
        probability_threshold: 0.5,
      }),
    );
    const name = uniqueName('clarify');
    await u.sagemaker.send(
      new CreateProcessingJobCommand({
        ProcessingJobName: name,
        ProcessingInputs: [
          {
            InputName: 'analysis_config',
            S3Input: { S3Uri: config, LocalPath: '/opt/ml/processing/input/config', S3DataType: 'S3Prefix' },
          },
          {
            InputName: 'dataset',
            S3Input: { S3Uri: dataset, LocalPath: '/opt/ml/processing/input/data', S3DataType: 'S3Prefix' },
          },
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'analysis_result',
              S3Output: {
                S3Uri: `s3://${u.bucket}/clarify/out`,
                LocalPath: '/opt/ml/processing/output',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
        AppSpecification: { ImageUri: CLARIFY_IMAGE },
        RoleArn: ROLE,
      }),
    );
    const job = await processingEnds(u.sagemaker, name, 240_000);
    expect(job.ProcessingJobStatus, job.FailureReason).toBe('Completed');
    const analysis = JSON.parse((await u.get('clarify/out/analysis.json')).toString());

    const metric = (part: string, m: string) => {
      const group = analysis[part].facets.Gender[0];
      expect(group.value_or_threshold).toBe('1');
      return group.metrics.find((x: { name: string }) => x.name === m).value as number;
    };
    // By hand: 100 rows each side; 60 % positive labels in the rest, 30 % in the facet.
    expect(metric('pre_training_bias_metrics', 'CI')).toBeCloseTo(0, 10);
    expect(metric('pre_training_bias_metrics', 'DPL')).toBeCloseTo(0.3, 10);
    const pa = 0.6;
    const pd = 0.3;
    expect(metric('pre_training_bias_metrics', 'KL')).toBeCloseTo(
      pa * Math.log(pa / pd) + (1 - pa) * Math.log((1 - pa) / (1 - pd)),
      10,
    );
    expect(metric('pre_training_bias_metrics', 'TVD')).toBeCloseTo(0.3, 10);
    // Predicted labels: score > 0.5, from the model the shadow endpoint served.
    const predicted = rows.map((r) => (score(r.Age, r.Income) > 0.5 ? 1 : 0));
    const rate = (g: number) =>
      predicted.filter((p, i) => rows[i]!.Gender === g && p === 1).length / rows.filter((r) => r.Gender === g).length;
    expect(metric('post_training_bias_metrics', 'DPPL')).toBeCloseTo(rate(0) - rate(1), 10);
    expect(metric('post_training_bias_metrics', 'DI')).toBeCloseTo(rate(1) / rate(0), 10);
    const accuracy = (g: number) =>
      predicted.filter((p, i) => rows[i]!.Gender === g && p === rows[i]!.Target).length /
      rows.filter((r) => r.Gender === g).length;
    expect(metric('post_training_bias_metrics', 'AD')).toBeCloseTo(accuracy(0) - accuracy(1), 10);

    // SHAP: mean |w·(x − baseline)| per feature.
    const baseline = { Age: 40, Gender: 0, Income: 5 };
    const shap = analysis.explanations.kernel_shap.label0.global_shap_values;
    for (const f of ['Age', 'Gender', 'Income'] as const) {
      const want = rows.reduce((t, r) => t + Math.abs(W[f] * (r[f] - baseline[f])), 0) / rows.length;
      expect(shap[f]).toBeCloseTo(want, 4);
    }
    expect(analysis.explanations.kernel_shap.label0.expected_value).toBeCloseTo(score(40, 5), 4);
    expect((await u.get('clarify/out/report.html')).toString()).toMatch(/Analysis Report/);
    // The shadow endpoint is gone.
    await shadowEndpointsGone(u);
  });
});
