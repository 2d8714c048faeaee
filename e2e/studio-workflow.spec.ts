// The Studio workflow in Chromium on the docker runtime, as a new user meets it: a JumpStart
// notebook trains, deploys and invokes through boto3 with no credentials or endpoint in its code;
// the training job's view shows its logs and its metric chart; the endpoint's view invokes it from
// the test box and deletes it. Screenshots 5x-*.png of each view.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { kernelIdle, notebookReady } from './support/notebook.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });

let world: StudioWorld;
let ada: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

beforeAll(async () => {
  world = await startStudioWorld({ TESSERA_BACKEND: 'docker' });
  ada = await world.newUser();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 960 });
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-workflow.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

const cells = () => page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
const panel = () => page.locator('.tessera-ResourcesPanel');
const view = () => page.locator('.tessera-Detail:not(.lm-mod-hidden)');

describe('from a notebook to a deployed, invoked and deleted model, in Studio', () => {
  it('runs the JumpStart train → deploy → invoke notebook with boto3 and nothing configured', async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', ada.username);
    await page.fill('#password', ada.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 180_000 });
    await page.locator('.jp-SideBar [data-id="tessera-jumpstart"]').click();
    const card = page.locator('.tessera-Sample', { hasText: 'Train, deploy and invoke (scikit-learn)' });
    await card.getByRole('button', { name: 'Open notebook' }).click();
    await notebookReady(page, 'sklearn-train-deploy.ipynb');
    // Everything above "Clean up": the endpoint stays for the views below.
    await cells().filter({ hasText: 'Clean up: the endpoint holds an instance' }).click();
    await page.locator('.lm-MenuBar-item', { hasText: 'Run' }).click();
    await page.locator('.lm-Menu-item', { hasText: 'Run All Above Selected Cell' }).click();
    const invoked = page.locator('.jp-OutputArea-output', { hasText: /test accuracy/ });
    await invoked.waitFor({ timeout: 240_000 });
    await kernelIdle(page);
    // textContent: cells scrolled out of view are not rendered (content-visibility), so have no innerText.
    const text = (await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)').textContent()) ?? '';
    // The user's own default bucket, from the SageMaker SDK's config Studio wrote.
    expect(text).toMatch(/rows to s3:\/\/sagemaker-us-east-1-\d{12}-[0-9a-f]{8}\//);
    expect(text).toMatch(/sklearn-iris-\S+ Completed/);
    expect(text).toMatch(/-endpoint InService/);
    expect(await invoked.innerText()).toMatch(/30 predictions from AllTraffic, test accuracy (0\.9|1\.0)/);
    await shot(page, '50-workflow-notebook');
  });

  it("opens the training job's view from the notebook's output: its timeline, logs and metric chart", async () => {
    const link = cells().locator('.tessera-ResourceLink', { hasText: 'Training job' });
    expect(await link.innerText()).toMatch(/Training job\s*sklearn-iris-\S+/);
    await link.getByRole('button', { name: 'Open' }).click();
    await view()
      .locator('h2', { hasText: /^sklearn-iris-/ })
      .waitFor({ timeout: 30_000 });
    await view().locator('.tessera-Status[data-status="Completed"]').first().waitFor();
    await view()
      .locator('.tessera-Timeline li strong', { hasText: /^Completed$/ })
      .waitFor();
    await view().locator('.tessera-Logs', { hasText: 'train_accuracy=' }).waitFor({ timeout: 30_000 });
    const chart = view().locator('figure[data-chart="train:accuracy"]');
    await chart.locator('canvas').waitFor({ timeout: 30_000 });
    expect(await view().locator('.tessera-Detail-table', { hasText: 'sagemaker_program' }).count()).toBe(1);
    await shot(page, '51-training-job-view');
    await chart.scrollIntoViewIfNeeded();
    await shot(page, '51-training-job-metrics-and-logs');
  });

  it("opens the endpoint's view from the panel, invokes it from the test box, watches it and deletes it", async () => {
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const endpoint = panel().locator('.tessera-Endpoints .tessera-Resource-openable').first();
    await endpoint.click();
    await view().locator('.tessera-Status[data-status="InService"]').first().waitFor({ timeout: 30_000 });
    await view().locator('.tessera-Variants tr[data-variant="AllTraffic"]').waitFor();
    await view().getByLabel('Request body').fill('5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3');
    await view().getByRole('button', { name: 'Invoke' }).click();
    const answer = view().locator('.tessera-InvokeResult', { hasText: '200 from AllTraffic' });
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toMatch(/\[\s*0\s*,\s*2\s*\]/);
    const invocations = view().locator('figure[data-chart="Invocations per minute"]');
    await invocations.locator('canvas').waitFor({ timeout: 30_000 });
    // The notebook's invocation and the test box's.
    await view().locator('figure[data-chart="Invocations per minute"][data-sum="2"]').waitFor({ timeout: 30_000 });
    // Invoked from elsewhere (here: the page's own fetch, which the view does not know of), the chart
    // follows through the events socket.
    const name = (await view().locator('h2').innerText()).trim().split(/\s/)[0]!;
    const status = await page.evaluate(async (ep) => {
      const r = await fetch(`/api/v1/studio/endpoints/${ep}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Body: '5.1,3.5,1.4,0.2', ContentType: 'text/csv' }),
      });
      return r.status;
    }, name);
    expect(status).toBe(200);
    await view().locator('figure[data-chart="Invocations per minute"][data-sum="3"]').waitFor({ timeout: 15_000 });
    const history = view().locator('.tessera-History');
    expect(await history.innerText()).toMatch(/Created/);
    await history.scrollIntoViewIfNeeded();
    await shot(page, '52-endpoint-history');
    await view().locator('.tessera-Variants').scrollIntoViewIfNeeded();
    await shot(page, '52-endpoint-view');
    await answer.scrollIntoViewIfNeeded();
    await shot(page, '52-endpoint-test-invoke');
    await view().getByRole('button', { name: 'Delete' }).click();
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Delete' }).click();
    await view()
      .locator('.tessera-Status[data-status="Deleting"], .tessera-Error')
      .first()
      .waitFor({ timeout: 30_000 });
    await panel().locator('.tessera-Endpoints', { hasText: 'No endpoints yet.' }).waitFor({ timeout: 60_000 });
    await shot(page, '53-endpoint-deleted');
  });
});
