// Studio end to end: a data scientist signs in, waits for their Studio, runs a notebook on the
// Data Science image, moves its kernel to another instance type, sees their apps — and another
// user cannot reach their Jupyter server.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { issueAccessKey, waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { notebookReady, outputOf, runInLastCell } from './support/notebook.ts';
import { recordTraffic } from './support/traffic.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });

let world: StudioWorld;
let alice: StudioUser;
let bob: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  world = await startStudioWorld();
  alice = await world.newUser();
  bob = await world.newUser();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  recordTraffic(page, `${SHOTS}browser.log`);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && console.log(`browser: ${m.text().slice(0, 300)}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

/** The notebook's session as the Jupyter server sees it (kernel id and name). */
async function sessionOf(path: string) {
  const base = `${world.server.url}/jupyter/${alice.domainId}/${alice.profile}/default/`;
  const r = await fetch(`${base}api/sessions`, { headers: { cookie: alice.session.cookie } });
  const sessions = (await r.json()) as { path: string; kernel: { id: string; name: string } }[];
  return sessions.find((s) => s.path === path);
}

describe('Studio in Chromium', () => {
  it('signs in at /login and lands in Studio after its progress screen', async () => {
    await page.goto(`${world.server.url}/studio`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/studio');
    await page.fill('#username', alice.username);
    await page.fill('#password', 'wrong-password-123');
    await page.click('button[type=submit]');
    await page.getByText('Wrong username or password.').waitFor();
    await page.fill('#password', alice.password);
    await shot(page, '01-login');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/studio');
    const status = page.locator('[data-testid=boot-status]');
    await status.waitFor({ timeout: 15_000 });
    await page.getByText('Starting your Studio…').waitFor();
    await shot(page, '02-boot-progress');
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.tessera-KernelChoiceBar select').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#tessera-logo').innerText()).toContain('Tessera');
    await page.waitForTimeout(500);
    await shot(page, '03-launcher');
  });

  it(
    'launches a notebook on Data Science / ml.t3.medium that runs sklearn, ' + 'pandas and a matplotlib figure',
    async () => {
      const [image, instanceType] = await page.locator('.tessera-KernelChoiceBar select').all();
      expect(await image!.inputValue()).toBe('datascience');
      expect(await instanceType!.inputValue()).toBe('ml.t3.medium');
      await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
      await page.locator('.jp-NotebookPanel').waitFor();
      await notebookReady(page, 'Untitled.ipynb');
      await runInLastCell(page, 'import sklearn, pandas\nprint("imported", sklearn.__name__, pandas.__name__)');
      expect(await outputOf(page, 0, 180_000)).toContain('imported sklearn pandas');
      await runInLastCell(
        page,
        '%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\n' +
          "plt.title('Tessera')\nplt.show()",
      );
      await page
        .locator('.jp-NotebookPanel .jp-Cell')
        .nth(1)
        .locator('.jp-OutputArea-output img')
        .waitFor({ timeout: 60_000 });
      const session = await waitFor(() => sessionOf('Untitled.ipynb'), 'notebook session');
      expect(session.kernel.name).toBe('datascience__ml.t3.medium');
      await page.waitForTimeout(3500); // one usage poll
      await shot(page, '04-notebook-outputs');
    },
  );

  it('moves the kernel to ml.m5.large from the toolbar, and code still runs', async () => {
    const before = (await sessionOf('Untitled.ipynb'))!.kernel.id;
    const picker = page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .tessera-KernelTargetPicker[data-kind=instanceType]',
    );
    await picker.locator('select').selectOption('ml.m5.large');
    await picker.getByText('Starting ml.m5.large…').waitFor({ timeout: 5_000 });
    await shot(page, '05-switching-instance');
    await picker.locator('select').waitFor({ timeout: 180_000 });
    expect(await picker.locator('select').inputValue()).toBe('ml.m5.large');
    const after = (await sessionOf('Untitled.ipynb'))!.kernel;
    expect(after.name).toBe('datascience__ml.m5.large');
    expect(after.id).not.toBe(before);
    await runInLastCell(page, '1+1');
    expect(await outputOf(page, 2, 120_000)).toBe('2');
    await shot(page, '06-moved-kernel');
  });

  it('lists the apps in the components and registries panel', async () => {
    await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
    const apps = page.locator('.tessera-Apps');
    await waitFor(
      async () => ((await apps.locator('li').count()) >= 3 ? true : undefined),
      'three apps listed',
      30_000,
      250,
    );
    const text = await apps.innerText();
    expect(text).toContain('JupyterServer');
    expect(text).toContain('KernelGateway');
    expect(text).toContain('ml.m5.large');
    await shot(page, '07-components-panel');
  });

  it('shows a training job started from the SDK in the panel, live, until it completes', async () => {
    const credentials = await issueAccessKey(alice.session);
    const opts = { endpoint: world.server.url, region: 'us-east-1', credentials, maxAttempts: 1 };
    const s3 = new S3Client({ ...opts, forcePathStyle: true });
    const bucket = `e2e-${Date.now().toString(36)}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const rows = Array.from({ length: 50 }, (_, i) => `${2 * i + 1},${i}`).join('\n');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'train/data.csv', Body: rows }));
    const name = `xgb-${Date.now().toString(36)}`;
    await new SageMakerClient(opts).send(
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
        AlgorithmSpecification: {
          TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
          TrainingInputMode: 'File',
        },
        HyperParameters: { num_round: '5', objective: 'reg:squarederror' },
        InputDataConfig: [
          {
            ChannelName: 'train',
            ContentType: 'text/csv',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket}/train/` } },
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    );
    const jobs = page.locator('.tessera-TrainingJobs');
    // No reload: the panel follows the job over the events WebSocket.
    await jobs.getByText(name).waitFor({ timeout: 30_000 });
    await waitFor(
      async () => ((await jobs.innerText()).includes('Completed') ? true : undefined),
      'the job shown Completed',
      120_000,
      250,
    );
    await shot(page, '08-components-training-job');
  });

  it('opens a JumpStart sample as a copy in the home directory', async () => {
    await page.locator('.jp-SideBar [data-id="tessera-jumpstart"]').click();
    const card = page.locator('.tessera-Sample', { hasText: 'scikit-learn classification' });
    await card.getByRole('button', { name: 'Open notebook' }).click();
    await page
      .locator('.lm-TabBar-tab.lm-mod-current', { hasText: 'sklearn-classification.ipynb' })
      .waitFor({ timeout: 30_000 });
    await notebookReady(page, 'sklearn-classification.ipynb');
    const base = `${world.server.url}/jupyter/${alice.domainId}/${alice.profile}/default/`;
    const file = await fetch(`${base}api/contents/jumpstart/sklearn-classification.ipynb?content=0`, {
      headers: { cookie: alice.session.cookie },
    });
    expect(file.status).toBe(200);
    await shot(page, '08-jumpstart');
  });

  it('compares the notebook with its last checkpoint', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+s'); // saving makes a checkpoint
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').nth(1).locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('from sklearn.datasets import load_wine  # changed after the checkpoint');
    await page.keyboard.press('Escape');
    await page
      .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar [data-command="tessera:checkpoint-diff"]')
      .click();
    const dialog = page.locator('.jp-Dialog .tessera-CheckpointDiff');
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('1 changed');
    expect(text).toContain('load_wine');
    await shot(page, '09-checkpoint-diff');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('initialises a Git repository from the Git panel and commits to it', async () => {
    await page.locator('.jp-SideBar [data-id="tessera-git"]').click();
    const panel = page.locator('.tessera-GitPanel');
    await panel.locator('input[name=repo]').first().waitFor();
    await panel.locator('input[name=repo]').first().fill('jumpstart');
    await panel.getByRole('button', { name: 'Initialize' }).first().click();
    await page.waitForTimeout(500);
    await shot(page, '10-git-status');
    const file = panel.locator('.tessera-GitFile', { hasText: 'sklearn-classification.ipynb' });
    await file.waitFor({ timeout: 15_000 });
    await file.locator('.tessera-LinkButton').click();
    await panel.locator('.tessera-GitDiff').waitFor();
    expect(await panel.locator('.tessera-GitDiff').innerText()).toContain('+');
    await shot(page, '10-git-diff');
    await panel.locator('textarea[name=message]').fill('Start from the scikit-learn sample');
    await panel.getByRole('button', { name: /Commit/ }).click();
    await panel.getByText(/Committed [0-9a-f]{7}: Start from the scikit-learn sample/).waitFor({ timeout: 15_000 });
    await panel.getByText('Nothing to commit').waitFor();
    await shot(page, '11-git-committed');
  });

  it("opens the notebook's Git diff and a terminal in its folder from the notebook toolbar", async () => {
    const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    await notebook.locator('.jp-Cell').nth(1).locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('from sklearn.datasets import load_digits  # changed after the commit');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+s');
    await page.waitForTimeout(500);
    await notebook.locator('.jp-Toolbar [data-command="tessera:git-diff"]').click();
    const diff = page.locator('.tessera-GitPanel .tessera-GitDiff');
    await diff.waitFor({ timeout: 15_000 });
    expect(await diff.innerText()).toContain('load_digits');
    expect(await diff.locator('header').innerText()).toContain('sklearn-classification.ipynb');
    await shot(page, '12-toolbar-git-diff');
    await notebook.locator('.jp-Toolbar [data-command="tessera:notebook-terminal"]').click();
    const terminal = page.locator('.jp-Terminal:not(.lm-mod-hidden)');
    await terminal.waitFor({ timeout: 30_000 });
    await terminal.click();
    // xterm draws on a canvas: the shell writes where it is into a file the test can read.
    await page.keyboard.type('pwd > ~/terminal-cwd.txt && pwd\n');
    const base = `${world.server.url}/jupyter/${alice.domainId}/${alice.profile}/default/`;
    const cwd = await waitFor(
      async () => {
        const r = await fetch(`${base}api/contents/terminal-cwd.txt?content=1`, {
          headers: { cookie: alice.session.cookie },
        });
        return r.status === 200 ? ((await r.json()) as { content: string }).content.trim() : undefined;
      },
      'the terminal to write its working directory',
      15_000,
      250,
    );
    expect(cwd).toMatch(/\/jumpstart$/);
    await shot(page, '12-toolbar-terminal');
  });

  it('lets a user with several profiles choose one', async () => {
    const carol = await world.newUser();
    const second = 'carol-gpu';
    const made = await world.admin.rest('POST', `/api/v1/domains/${carol.domainId}/user-profiles`, {
      UserProfileName: second,
      OwnerUsername: carol.username,
    });
    expect(made.status).toBe(200);
    const b = await launchBrowser();
    try {
      const p = await b.context.newPage();
      await p.goto(`${world.server.url}/login?next=/studio`);
      await p.fill('#username', carol.username);
      await p.fill('#password', carol.password);
      await p.click('button[type=submit]');
      const choices = p.locator('.tessera-Boot-profiles button');
      await choices.first().waitFor({ timeout: 30_000 });
      expect((await choices.evaluateAll((els) => els.map((e) => e.getAttribute('data-profile')))).sort()).toEqual(
        [`${carol.domainId}/${carol.profile}`, `${carol.domainId}/${second}`].sort(),
      );
      await p.screenshot({ path: `${SHOTS}13-choose-profile.png` });
      await p.locator(`.tessera-Boot-profiles button[data-profile="${carol.domainId}/${second}"]`).click();
      await p.waitForURL((u) => u.searchParams.get('profile') === second);
      await p.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
      expect(await p.locator('#tessera-logo').getAttribute('title')).toContain(second);
    } finally {
      await b.close();
    }
  });

  it('follows the operating system to Tessera Dark', async () => {
    const dark = await launchBrowser({ colorScheme: 'dark' });
    try {
      const p = await dark.context.newPage();
      await p.goto(`${world.server.url}/login?next=/studio`);
      await p.fill('#username', alice.username);
      await p.fill('#password', alice.password);
      await p.click('button[type=submit]');
      await p.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
      await waitFor(
        async () => ((await p.evaluate(() => document.body.dataset.jpThemeName)) === 'Tessera Dark' ? true : undefined),
        'Tessera Dark',
        30_000,
        200,
      );
      await p.waitForTimeout(1000);
      await p.screenshot({ path: `${SHOTS}12-dark-theme.png` });
    } finally {
      await dark.close();
    }
  });

  it("refuses another user's browser on the first user's Jupyter server (403)", async () => {
    const other = await launchBrowser();
    try {
      const p = await other.context.newPage();
      await p.goto(`${world.server.url}/login?next=/studio`);
      await p.fill('#username', bob.username);
      await p.fill('#password', bob.password);
      await p.click('button[type=submit]');
      await p.waitForURL((u) => u.pathname === '/studio');
      const r = await p.request.get(
        `${world.server.url}/jupyter/${alice.domainId}/${alice.profile}/default/api/kernels`,
      );
      expect(r.status()).toBe(403);
    } finally {
      await other.close();
    }
    expect(problems).toEqual([]);
  });
});
