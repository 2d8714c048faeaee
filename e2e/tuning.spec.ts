// Automatic model tuning in Chromium: a Bayesian tuning job over the built-in XGBoost (started with
// the AWS SDK, as a notebook would) is followed live on its page — the training jobs table fills
// in and sorts by the objective, the chart marks the best — then the best job's model is
// registered, approved and deployed, and the endpoint answers. Screenshots 63-66.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { issueAccessKey, sageMakerClient } from '@tessera/test-support';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { linearCsv } from './support/data.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });
const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1';

let world: StudioWorld;
let ada: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const tuning = `tune-${Date.now().toString(36)}`;

beforeAll(async () => {
  world = await startStudioWorld();
  ada = await world.newUser();
  const credentials = await issueAccessKey(ada.session);
  const opts = { endpoint: world.server.url, region: 'us-east-1', credentials, forcePathStyle: true };
  const s3 = new S3Client(opts);
  const bucket = `tuning-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/train/train.csv', Body: linearCsv(300, 3) }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/validation/v.csv', Body: linearCsv(100, 5) }));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  const sm = sageMakerClient(world.server.url, credentials);
  await sm.send(
    new CreateHyperParameterTuningJobCommand({
      HyperParameterTuningJobName: tuning,
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'validation:rmse' },
        ResourceLimits: { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 2 },
        ParameterRanges: {
          ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '1', ScalingType: 'Logarithmic' }],
          IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '1', MaxValue: '6' }],
        },
        RandomSeed: 11,
      },
      TrainingJobDefinition: {
        AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
        StaticHyperParameters: { num_round: '30', objective: 'reg:squarederror' },
        RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
        InputDataConfig: ['train', 'validation'].map((ChannelName) => ({
          ChannelName,
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket}/data/${ChannelName}/` } },
          ContentType: 'text/csv',
        })),
        OutputDataConfig: { S3OutputPath: `s3://${bucket}/out/` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      },
    }),
  );
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-tuning.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

const panel = () => page.locator('.tessera-ResourcesPanel');
const view = () => page.locator('.tessera-Detail:not(.lm-mod-hidden)');

describe('a tuning job in Studio', () => {
  it('is followed live, sorted by its objective, and its best model registered, approved and deployed', async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', ada.username);
    await page.fill('#password', ada.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const entry = panel().locator(`.tessera-TuningJobsList [data-name="${tuning}"]`);
    await entry.waitFor({ timeout: 30_000 });
    await entry.click();
    await view().locator('h2', { hasText: tuning }).waitFor({ timeout: 30_000 });

    // Live: the page fills in and completes by itself (events, no Refresh).
    await view().locator('h2 .tessera-Status[data-status="Completed"]').waitFor({ timeout: 240_000 });
    const rows = view().locator('.tessera-SortTable tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
    expect(await view().locator('.tessera-Detail-table', { hasText: 'Progress' }).innerText()).toContain('5 completed');
    // Sort by the objective: the best job, marked, comes first.
    await view().locator('.tessera-SortTable th button', { hasText: 'validation:rmse' }).click();
    const values = (await rows.locator('td:nth-child(3)').allInnerTexts()).map(Number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(await rows.first().getAttribute('data-best')).toBe('true');
    await shot(page, '63-tuning-job');
    await view().locator('.tessera-SortTable th button', { hasText: 'validation:rmse' }).click();
    expect(await rows.last().getAttribute('data-best')).toBe('true');
    const chart = view().locator('.tessera-Chart[data-chart^="Objective"]');
    await chart.locator('canvas').waitFor({ timeout: 10_000 });
    // Five objectives, five best-so-far points and the best marked once.
    expect(Number(await chart.getAttribute('data-sum'))).toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await shot(page, '64-tuning-objective');

    // Register the best job's model in a group of the registry; its version's page opens.
    const group = `${tuning}-models`;
    await view().getByLabel('Model group').fill(group);
    await view().getByRole('button', { name: 'Register' }).click();
    await view()
      .locator('h2', { hasText: `${group} v1` })
      .waitFor({ timeout: 30_000 });
    expect(await view().locator('.tessera-Detail-table', { hasText: 'TuningJobName' }).innerText()).toContain(tuning);
    await shot(page, '65-best-registered');
    await view().getByLabel('Approval status').selectOption('Approved');
    await view().getByLabel('Approval note').fill('Best validation:rmse of the tuning job');
    await view().getByRole('button', { name: 'Save approval' }).click();
    await view().locator('h2 .tessera-Status[data-status="Approved"]').waitFor({ timeout: 15_000 });

    await view().getByLabel('Endpoint name').fill(`${tuning}-live`);
    await view().getByRole('button', { name: 'Deploy' }).click();
    await view()
      .locator('h2', { hasText: `${tuning}-live` })
      .waitFor({ timeout: 30_000 });
    await view().locator('.tessera-Status[data-status="InService"]').first().waitFor({ timeout: 120_000 });
    await view().getByLabel('Request body').fill('0.5,0.2');
    await view().getByRole('button', { name: 'Invoke' }).click();
    const answer = view().locator('.tessera-InvokeResult', { hasText: '200 from AllTraffic' });
    await answer.waitFor({ timeout: 30_000 });
    // 2·0.5 − 0.2 = 0.8: the tuned model predicts close to it.
    const predicted = Number(/(-?\d+\.\d+)/.exec(await answer.innerText())![1]);
    expect(Math.abs(predicted - 0.8)).toBeLessThan(0.25);
    await answer.scrollIntoViewIfNeeded();
    await shot(page, '66-best-deployed');
    await view().getByRole('button', { name: 'Delete' }).click();
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Delete' }).click();
  });
});
