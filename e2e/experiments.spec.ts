// An experiment in Chromium: three runs of the built-in XGBoost at different depths (started with
// the AWS SDK with an ExperimentConfig, as a notebook would) compared on the experiment's page —
// parameters and metrics side by side, sorted by a metric, and a chart of a chosen metric — filled
// in live as the jobs run. Screenshot 67.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateExperimentCommand, CreateTrainingJobCommand, CreateTrialCommand } from '@aws-sdk/client-sagemaker';
import { issueAccessKey, sageMakerClient } from '@tessera/test-support';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { linearCsv } from './support/data.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1';

let world: StudioWorld;
let ada: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let sm: ReturnType<typeof sageMakerClient>;
let bucket: string;
const experiment = `depth-${Date.now().toString(36)}`;

beforeAll(async () => {
  world = await startStudioWorld();
  ada = await world.newUser();
  const credentials = await issueAccessKey(ada.session);
  const s3 = new S3Client({ endpoint: world.server.url, region: 'us-east-1', credentials, forcePathStyle: true });
  bucket = `exp-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/train/t.csv', Body: linearCsv(300, 3) }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/validation/v.csv', Body: linearCsv(100, 5) }));
  sm = sageMakerClient(world.server.url, credentials);
  await sm.send(new CreateExperimentCommand({ ExperimentName: experiment, Description: 'how deep should trees be' }));
  await sm.send(new CreateTrialCommand({ TrialName: `${experiment}-xgb`, ExperimentName: experiment }));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-experiments.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

const view = () => page.locator('.tessera-Detail:not(.lm-mod-hidden)');

describe('an experiment in Studio', () => {
  it('compares its runs side by side, live, sorted by a metric, with a chart of a chosen metric', async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', ada.username);
    await page.fill('#password', ada.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const entry = page.locator(`.tessera-ResourcesPanel .tessera-ExperimentsList [data-name="${experiment}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await view().locator('h2', { hasText: experiment }).waitFor({ timeout: 30_000 });
    await view().getByText('No runs in this experiment yet.').waitFor({ timeout: 10_000 });

    // Three runs start after the page is open: it follows them without a Refresh.
    for (const depth of [1, 3, 6])
      await sm.send(
        new CreateTrainingJobCommand({
          TrainingJobName: `${experiment}-d${depth}`,
          RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
          AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
          HyperParameters: { num_round: '30', max_depth: String(depth), eta: '0.3' },
          InputDataConfig: ['train', 'validation'].map((ChannelName) => ({
            ChannelName,
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket}/data/${ChannelName}/` } },
            ContentType: 'text/csv',
          })),
          OutputDataConfig: { S3OutputPath: `s3://${bucket}/out/` },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 300 },
          ExperimentConfig: { ExperimentName: experiment, TrialName: `${experiment}-xgb` },
        }),
      );
    const rows = view().locator('.tessera-RunsTable tbody tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(3);
    await expect
      .poll(async () => (await rows.locator('.tessera-Status').allInnerTexts()).join(','), { timeout: 120_000 })
      .toBe('Completed,Completed,Completed');
    await expect
      .poll(() => view().locator('.tessera-SortTable th button', { hasText: 'validation:rmse' }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    const headers = await view().locator('.tessera-RunsTable th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['Run', 'Trial', 'Status', 'eta', 'max_depth', 'validation:rmse']));
    // Sorted by validation:rmse: the values ascend.
    await view().locator('.tessera-SortTable th button', { hasText: 'validation:rmse' }).click();
    const column = headers.indexOf('validation:rmse') + 1;
    const values = (await rows.locator(`td:nth-child(${column})`).allInnerTexts()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // The chart of a chosen metric: one bar per run.
    await view().getByLabel('Metric').selectOption('train:rmse');
    const bars = view().locator('.tessera-Bars[data-chart^="train:rmse"] .tessera-Bar');
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBe(3);
    // Deeper trees fit the training data better.
    const trainRmse = Object.fromEntries(
      await Promise.all(
        (await bars.all()).map(async (b) => [
          await b.getAttribute('data-label'),
          Number(await b.getAttribute('data-value')),
        ]),
      ),
    );
    expect(trainRmse[`${experiment}-d6-aws-training-job`]).toBeLessThan(trainRmse[`${experiment}-d1-aws-training-job`]);
    await view().locator('.tessera-RunChart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}67-experiment-runs.png` });
  });
});
