// Model Monitor and Clarify in Chromium (Docker backend). Set up with the AWS SDK as a notebook would:
// an endpoint that captures its traffic, a baseline suggested from training data, a data-quality
// schedule run over ordinary traffic and then over traffic whose Income shifted, an explainability
// schedule, and a Clarify bias + SHAP processing job. Studio shows the endpoint's Monitoring tab —
// schedules, executions, the violation beside the baseline, drift over time — and the Clarify
// report. Screenshots 68-70.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateDataQualityJobDefinitionCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelExplainabilityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  CreateProcessingJobCommand,
  DescribeEndpointCommand,
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  UpdateMonitoringScheduleCommand,
  type MonitoringScheduleConfig,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { issueAccessKey, sageMakerClient, waitFor } from '@tessera/test-support';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
const SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const MONITOR = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';
const CLARIFY = '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0';
const stamp = Date.now().toString(36);
const endpoint = `credit-${stamp}`;
const bucket = `monitor-${stamp}`;

/** A credit score: 0.1·Age + 0.5·Income − 3 (Gender unused). */
const MODEL = `
def model_fn(model_dir):
    return None
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return [[float(v) for v in line.split(',')] for line in text.strip().splitlines()]
def predict_fn(rows, model):
    return [0.1 * r[0] + 0.0 * r[1] + 0.5 * r[2] - 3 for r in rows]
def output_fn(prediction, accept):
    return '\\n'.join('%.6f' % p for p in prediction), 'text/csv'
`;
const score = (r: number[]) => 0.1 * r[0]! + 0.5 * r[2]! - 3;

/** Age ~ U(20, 60), Gender 0/1, Income ~ U(0, 10) + shift. */
function people(n: number, seed: number, incomeShift = 0): number[][] {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: n }, (_, i) => [
    Math.round(20 + rand() * 40),
    i % 2,
    +(rand() * 10 + incomeShift).toFixed(3),
  ]);
}

let world: StudioWorld;
let ada: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let sm: SageMakerClient;
let runtime: SageMakerRuntimeClient;
let s3: S3Client;
const clarifyJob = `clarify-credit-${stamp}`;

async function put(key: string, body: string | Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return `s3://${bucket}/${key}`;
}

async function processed(name: string) {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
      if (d.ProcessingJobStatus === 'Failed') throw new Error(`${name}: ${d.FailureReason}`);
      return d.ProcessingJobStatus === 'Completed' ? d : undefined;
    },
    `${name} completed`,
    240_000,
    250,
  );
}

async function executed(schedule: string, after: number) {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
      const last = d.LastMonitoringExecutionSummary;
      return last && last.ScheduledTime!.getTime() >= after && /^Completed/.test(last.MonitoringExecutionStatus!)
        ? last
        : undefined;
    },
    `${schedule} executed`,
    240_000,
    250,
  );
}

async function invoke(rows: number[][], ids = false) {
  for (const [i, r] of rows.entries())
    await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: endpoint,
        ContentType: 'text/csv',
        Body: Buffer.from(r.join(',')),
        ...(ids ? { InferenceId: `p-${i}` } : {}),
      }),
    );
  // The capture is written every two seconds.
  await new Promise((r) => setTimeout(r, 2500));
}

const processingJob = (
  name: string,
  image: string,
  inputs: [string, string, string][],
  out: string,
  env?: Record<string, string>,
) =>
  new CreateProcessingJobCommand({
    ProcessingJobName: name,
    ProcessingInputs: inputs.map(([InputName, S3Uri, LocalPath]) => ({
      InputName,
      S3Input: { S3Uri, LocalPath, S3DataType: 'S3Prefix' },
    })),
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: 'out',
          S3Output: { S3Uri: out, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' },
        },
      ],
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
    AppSpecification: { ImageUri: image },
    RoleArn: ROLE,
    ...(env ? { Environment: env } : {}),
  });

beforeAll(async () => {
  world = await startStudioWorld({ TESSERA_BACKEND: 'docker' });
  ada = await world.newUser();
  const credentials = await issueAccessKey(ada.session);
  const opts = { endpoint: world.server.url, region: 'us-east-1', credentials };
  s3 = new S3Client({ ...opts, forcePathStyle: true });
  sm = sageMakerClient(world.server.url, credentials);
  runtime = new SageMakerRuntimeClient(opts);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  const chunks: Buffer[] = [];
  const dir = `/tmp/e2e-monitor-${stamp}`;
  mkdirSync(`${dir}/code`, { recursive: true });
  writeFileSync(`${dir}/code/inference.py`, MODEL);
  for await (const c of tar.c({ gzip: true, cwd: dir, portable: true }, ['code/inference.py']))
    chunks.push(Buffer.from(c as Uint8Array));
  const modelData = await put('models/credit.tar.gz', Buffer.concat(chunks));
  await sm.send(
    new CreateModelCommand({
      ModelName: `credit-${stamp}`,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: SKLEARN,
        ModelDataUrl: modelData,
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `credit-${stamp}`,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: `credit-${stamp}`,
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
        },
      ],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: `s3://${bucket}/capture`,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      },
    }),
  );
  await sm.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: `credit-${stamp}` }));
  await waitFor(
    async () =>
      (await sm.send(new DescribeEndpointCommand({ EndpointName: endpoint }))).EndpointStatus === 'InService' ||
      undefined,
    'endpoint InService',
    120_000,
    250,
  );

  // suggest_baseline over the training data (the model's score first, as captured output comes first).
  const train = people(1000, 3);
  const dataset = await put(
    'baseline/train.csv',
    ['score,Age,Gender,Income', ...train.map((r) => [score(r).toFixed(6), ...r].join(','))].join('\n') + '\n',
  );
  await sm.send(
    processingJob(
      `baseline-suggestion-${stamp}`,
      MONITOR,
      [['baseline_dataset_input', dataset, '/opt/ml/processing/input/baseline_dataset_input']],
      `s3://${bucket}/baseline/results`,
      {
        dataset_format: JSON.stringify({ csv: { header: true, output_columns_position: 'START' } }),
        dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
        output_path: '/opt/ml/processing/output',
        publish_cloudwatch_metrics: 'Disabled',
      },
    ),
  );
  await processed(`baseline-suggestion-${stamp}`);

  const common = {
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large' as const, VolumeSizeInGB: 1 } },
    RoleArn: ROLE,
  };
  const out = (type: string) => ({
    MonitoringOutputs: [
      { S3Output: { S3Uri: `s3://${bucket}/monitoring/${type}`, LocalPath: '/opt/ml/processing/output' } },
    ],
  });
  await sm.send(
    new CreateDataQualityJobDefinitionCommand({
      JobDefinitionName: `credit-data-${stamp}`,
      DataQualityBaselineConfig: {
        ConstraintsResource: { S3Uri: `s3://${bucket}/baseline/results/constraints.json` },
        StatisticsResource: { S3Uri: `s3://${bucket}/baseline/results/statistics.json` },
      },
      DataQualityAppSpecification: { ImageUri: MONITOR },
      DataQualityJobInput: {
        EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
      },
      DataQualityJobOutputConfig: out('data'),
      ...common,
    }),
  );
  const config = await put(
    'explain/analysis_config.json',
    JSON.stringify({
      headers: ['Age', 'Gender', 'Income'],
      methods: { shap: { baseline: [[40, 0, 5]], num_samples: 50, agg_method: 'mean_abs', seed: 1 } },
    }),
  );
  const explainBaseline = await put(
    'explain/baseline/analysis.json',
    JSON.stringify({
      version: '1.0',
      explanations: { kernel_shap: { label0: { global_shap_values: { Age: 1.0, Income: 1.2, Gender: 0.0 } } } },
    }),
  );
  await sm.send(
    new CreateModelExplainabilityJobDefinitionCommand({
      JobDefinitionName: `credit-explain-${stamp}`,
      ModelExplainabilityBaselineConfig: { ConstraintsResource: { S3Uri: explainBaseline } },
      ModelExplainabilityAppSpecification: { ImageUri: CLARIFY, ConfigUri: config },
      ModelExplainabilityJobInput: {
        EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
      },
      ModelExplainabilityJobOutputConfig: out('explain'),
      ...common,
    }),
  );
  const now = (
    definition: string,
    type: 'DataQuality' | 'ModelExplainability',
    start = '-PT1H',
  ): MonitoringScheduleConfig => ({
    ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: start, DataAnalysisEndTime: '-PT0H' },
    MonitoringJobDefinitionName: definition,
    MonitoringType: type,
  });

  // Ordinary traffic, checked; then traffic whose Income shifted, checked on its own.
  await invoke(people(150, 7), true);
  await sm.send(
    new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: `credit-data-${stamp}`,
      MonitoringScheduleConfig: now(`credit-data-${stamp}`, 'DataQuality'),
    }),
  );
  await executed(`credit-data-${stamp}`, 0);
  await sm.send(
    new CreateMonitoringScheduleCommand({
      MonitoringScheduleName: `credit-explain-${stamp}`,
      MonitoringScheduleConfig: now(`credit-explain-${stamp}`, 'ModelExplainability'),
    }),
  );
  await executed(`credit-explain-${stamp}`, 0);
  const t1 = Date.now();
  await invoke(people(150, 11, 4));
  await sm.send(
    new UpdateMonitoringScheduleCommand({
      MonitoringScheduleName: `credit-data-${stamp}`,
      MonitoringScheduleConfig: now(
        `credit-data-${stamp}`,
        'DataQuality',
        `-PT${Math.ceil((Date.now() - t1) / 1000) + 1}S`,
      ),
    }),
  );
  await executed(`credit-data-${stamp}`, t1);

  // A Clarify job: bias before and after training (labels planted against Gender 1) and SHAP.
  const labelled = people(200, 5).map((r, i) => [i % 100 < (r[1] === 1 ? 30 : 60) ? 1 : 0, ...r]);
  const data = await put(
    'clarify/data.csv',
    ['Target,Age,Gender,Income', ...labelled.map((r) => r.join(','))].join('\n') + '\n',
  );
  const clarifyConfig = await put(
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
        shap: { baseline: [[40, 0, 5]], num_samples: 50, agg_method: 'mean_abs', seed: 1 },
        report: { name: 'report', title: 'Credit model' },
      },
      predictor: { endpoint_name: endpoint, content_type: 'text/csv', accept_type: 'text/csv', probability: 0 },
      probability_threshold: 0.5,
    }),
  );
  await sm.send(
    processingJob(
      clarifyJob,
      CLARIFY,
      [
        ['analysis_config', clarifyConfig, '/opt/ml/processing/input/config'],
        ['dataset', data, '/opt/ml/processing/input/data'],
      ],
      `s3://${bucket}/clarify/out`,
    ),
  );
  await processed(clarifyJob);

  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 1100 });
}, 600_000);

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-monitoring.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

const panel = () => page.locator('.tessera-ResourcesPanel');
/** Scrolls to an element of a view that may be redrawn meanwhile (a job's status event): found again if so. */
async function scrollTo(target: Locator) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await target.scrollIntoViewIfNeeded({ timeout: 5_000 });
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}
const view = () => page.locator('.tessera-Detail:not(.lm-mod-hidden)');

describe('Model Monitor and Clarify in Studio', () => {
  it("shows an endpoint's Monitoring tab: schedules, executions, the drifted feature beside its baseline", async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', ada.username);
    await page.fill('#password', ada.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const entry = panel().locator(`.tessera-Endpoints [data-name="${endpoint}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await view().locator('h2', { hasText: endpoint }).waitFor({ timeout: 30_000 });
    await view().getByRole('tab', { name: 'Monitoring' }).click();

    const schedules = view().locator('[data-schedule]');
    await expect.poll(() => schedules.count(), { timeout: 20_000 }).toBe(2);
    const executions = view().locator('tr[data-execution]');
    await expect.poll(() => executions.count(), { timeout: 20_000 }).toBe(3);
    // The latest data-quality execution: Income (and the score it feeds) drifted; Age and Gender did not.
    const latest = view().locator('tr[data-status="CompletedWithViolations"]').first();
    const name = await latest.getAttribute('data-execution');
    await latest.getByRole('button', { name: 'Report' }).click();
    await view().locator(`tr.tessera-Selected[data-execution="${name}"]`).waitFor({ timeout: 20_000 });
    const income = view().locator('.tessera-DataQuality tr[data-feature="Income"]');
    await income.waitFor({ timeout: 20_000 });
    expect(await income.getAttribute('data-violations')).not.toBe('0');
    expect(await income.innerText()).toContain('baseline_drift_check');
    // Baseline mean ≈ 5, this execution's ≈ 9.
    const [baseMean, nowMean] = [...(await income.innerText()).matchAll(/mean (-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.abs(baseMean! - 5)).toBeLessThan(0.5);
    expect(Math.abs(nowMean! - 9)).toBeLessThan(0.6);
    expect(await view().locator('.tessera-DataQuality tr[data-feature="Age"]').getAttribute('data-violations')).toBe(
      '0',
    );
    const drift = view().locator('.tessera-Chart[data-chart^="Baseline drift"]');
    await drift.locator('canvas').waitFor({ timeout: 10_000 });
    await scrollTo(income);
    await shot(page, '68-endpoint-monitoring');
    await scrollTo(drift);
    await shot(page, '68b-monitoring-drift');

    // The explainability execution's report: SHAP bars, Income first.
    const explained = view().locator('tr[data-execution]', { hasText: 'ModelExplainability' });
    const explainedName = await explained.getAttribute('data-execution');
    await explained.getByRole('button', { name: 'Report' }).click();
    await view().locator(`tr.tessera-Selected[data-execution="${explainedName}"]`).waitFor({ timeout: 20_000 });
    const bars = view().locator('.tessera-Bars[data-chart^="Mean |SHAP"] .tessera-Bar');
    await expect.poll(() => bars.count(), { timeout: 20_000 }).toBe(3);
    expect(await bars.first().getAttribute('data-label')).toBe('Income');
    await scrollTo(bars.first());
    await shot(page, '69-explainability-execution');
  });

  it("shows a Clarify job's report: bias metrics per facet with their meaning, and SHAP values", async () => {
    const entry = panel().locator(`.tessera-ProcessingJobs [data-name="${clarifyJob}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await view().locator('h2', { hasText: clarifyJob }).waitFor({ timeout: 30_000 });
    const pre = view().locator('.tessera-Diverging').first();
    await pre.waitFor({ timeout: 20_000 });
    const dpl = pre.locator('.tessera-Bar[data-label="DPL"]');
    // 60 % positive labels in the rest, 30 % in Gender 1: DPL = 0.3.
    expect(Number(await dpl.getAttribute('data-value'))).toBeCloseTo(0.3, 6);
    expect(await dpl.innerText()).toContain('positive proportions');
    expect(await view().locator('.tessera-Diverging').count()).toBe(2);
    await pre.scrollIntoViewIfNeeded();
    await shot(page, '70-clarify-report');
  });
});
