// The model registry in Chromium: a user's group and its versions (registered with the AWS SDK, as
// a pipeline would) appear in the components panel; a version's page shows its metrics and
// metadata, approves it with a note (the panel follows, live) and deploys it to an endpoint that
// the test box then invokes. Screenshots 6x-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateModelPackageCommand, CreateModelPackageGroupCommand } from '@aws-sdk/client-sagemaker';
import { issueAccessKey, sageMakerClient } from '@tessera/test-support';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });
const SKLEARN_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

/** A model.tar.gz of these files, made by the system's tar. */
function tarGz(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'model-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const out = execFileSync('tar', ['czf', '-', '-C', dir, ...Object.keys(files)]);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const INFERENCE = `import os
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    return [float(v) for v in (body.decode() if isinstance(body, bytes) else body).split(',')]
def predict_fn(data, w):
    return [x * w for x in data]
def output_fn(prediction, accept):
    return ','.join(str(p) for p in prediction), 'text/csv'
`;

let world: StudioWorld;
let ada: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const group = `churn-${Date.now().toString(36)}`;

beforeAll(async () => {
  world = await startStudioWorld();
  ada = await world.newUser();
  const credentials = await issueAccessKey(ada.session);
  const opts = { endpoint: world.server.url, region: 'us-east-1', credentials, forcePathStyle: true };
  const s3 = new S3Client(opts);
  const bucket = `registry-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'model.tar.gz',
      Body: tarGz({ 'w.txt': '3', 'code/inference.py': INFERENCE }),
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'eval/metrics.json', Body: '{"auc": 0.91}' }));
  const sm = sageMakerClient(world.server.url, credentials);
  await sm.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
  for (const w of ['first try', 'tuned']) {
    await sm.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: group,
        ModelPackageDescription: w,
        InferenceSpecification: {
          Containers: [
            {
              Image: SKLEARN_IMAGE,
              ModelDataUrl: `s3://${bucket}/model.tar.gz`,
              Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
            },
          ],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
        ModelMetrics: {
          ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: `s3://${bucket}/eval/metrics.json` } },
        },
        CustomerMetadataProperties: { 'validation:auc': w === 'tuned' ? '0.91' : '0.84' },
      }),
    );
  }
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 960 });
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-registry.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

const panel = () => page.locator('.tessera-ResourcesPanel');
const view = () => page.locator('.tessera-Detail:not(.lm-mod-hidden)');

describe('the model registry in Studio', () => {
  it("lists the user's group and versions, approves the tuned one with a note and deploys it", async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', ada.username);
    await page.fill('#password', ada.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const versions = panel().locator(`.tessera-RegistryGroup[data-group="${group}"] .tessera-Resource-openable`);
    await versions.first().waitFor({ timeout: 30_000 });
    expect(await versions.allInnerTexts()).toEqual([
      expect.stringMatching(/^v2\s*PendingManualApproval/),
      expect.stringMatching(/^v1\s*PendingManualApproval/),
    ]);
    await versions.first().click();
    await view().locator('h2', { hasText: group }).waitFor({ timeout: 30_000 });
    expect(await view().locator('.tessera-Detail-table', { hasText: 'validation:auc' }).innerText()).toContain('0.91');
    expect(await view().locator('.tessera-Detail-section', { hasText: 'Metrics' }).first().innerText()).toMatch(
      /ModelQuality · Statistics\s*s3:\/\/registry-/,
    );
    await shot(page, '60-model-version');

    await view().getByLabel('Approval status').selectOption('Approved');
    await view().getByLabel('Approval note').fill('AUC 0.91 on the holdout');
    await view().getByRole('button', { name: 'Save approval' }).click();
    await view().locator('h2 .tessera-Status[data-status="Approved"]').waitFor({ timeout: 15_000 });
    expect(await view().locator('.tessera-Detail-table', { hasText: 'Approval note' }).innerText()).toContain(
      'AUC 0.91 on the holdout',
    );
    // The panel follows the approval event.
    await panel()
      .locator(`.tessera-RegistryGroup[data-group="${group}"] .tessera-Status[data-status="Approved"]`)
      .waitFor({ timeout: 15_000 });
    await shot(page, '61-model-version-approved');

    await view().getByLabel('Endpoint name').fill(`${group}-live`);
    await view().getByRole('button', { name: 'Deploy' }).click();
    await view()
      .locator('h2', { hasText: `${group}-live` })
      .waitFor({ timeout: 30_000 });
    await view().locator('.tessera-Status[data-status="InService"]').first().waitFor({ timeout: 90_000 });
    await view().getByLabel('Request body').fill('1,2');
    await view().getByRole('button', { name: 'Invoke' }).click();
    const answer = view().locator('.tessera-InvokeResult', { hasText: '200 from AllTraffic' });
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toContain('3.0,6.0');
    await shot(page, '62-approved-version-deployed');
    await view().getByRole('button', { name: 'Delete' }).click();
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Delete' }).click();
  });
});
