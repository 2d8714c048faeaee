// JumpStart's SageMaker samples run top to bottom in a fresh Studio on the Docker runtime, as a
// new user would run them: each notebook's cells in order, in a Data Science kernel, with no
// credentials, endpoint or region in the code. Each trains (or processes) for real, deploys or
// transforms, reads its results and cleans up after itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ListEndpointsCommand, ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';
import { openStudio, studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });
let user: Awaited<ReturnType<typeof studioUser>>;
let jupyter: ReturnType<typeof jupyterManagers>;

beforeAll(async () => {
  user = await studioUser(h);
  await openStudio(user);
  jupyter = jupyterManagers(jupyterSettings(user.jupyterBase, { cookie: user.session.cookie }));
});

afterAll(async () => {
  await jupyter?.dispose();
});

/** Runs every code cell of a sample in one kernel; answers what its last line printed after "Done:". */
async function runSample(
  id: string,
): Promise<{ summary: Record<string, unknown>; output: string; links: Record<string, unknown>[] }> {
  const file = fileURLToPath(new URL(`../../../packages/jupyterlab-studio/src/samples/${id}.json`, import.meta.url));
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string }[] };
  const session = await jupyter.sessions.startNew({
    path: `${id}.ipynb`,
    name: `${id}.ipynb`,
    type: 'notebook',
    kernel: { name: 'datascience__ml.t3.medium' },
  });
  let output = '';
  const displays: Record<string, unknown>[] = [];
  try {
    for (const [i, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      try {
        output += `${await execute(session.kernel!, cell.source, displays)}\n`;
      } catch (err) {
        throw new Error(`cell ${i} of ${id} failed: ${(err as Error).message}\n--- output so far ---\n${output}`);
      }
    }
  } finally {
    await session.shutdown().catch(() => undefined);
  }
  const done = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('Done: '));
  expect(done, output).toBeDefined();
  // The links to Studio's pages the sample showed as it went (its `show` calls).
  const links = displays.map((d) => d['application/vnd.tessera.resource+json']).filter(Boolean);
  return {
    summary: JSON.parse(done!.slice('Done: '.length)) as Record<string, unknown>,
    output,
    links: links as Record<string, unknown>[],
  };
}

describe('JumpStart samples that run SageMaker work (docker runtime)', () => {
  it('trains train.py in script mode, deploys it, invokes the endpoint and deletes it again', async () => {
    const { summary, output, links } = await runSample('sklearn-train-deploy');
    expect(summary.status, output).toBe('Completed');
    const job = summary.job as string;
    expect(links).toEqual([
      { kind: 'TrainingJob', name: job },
      { kind: 'Model', name: `${job}-model` },
      { kind: 'Endpoint', name: `${job}-endpoint` },
    ]);
    expect(summary.accuracy as number, output).toBeGreaterThan(0.8);
    expect(output).toMatch(/'train:accuracy': 0\.9\d*/);
    const endpoints = await user.sagemaker.send(new ListEndpointsCommand({}));
    expect(endpoints.Endpoints ?? []).toEqual([]);
    const models = await user.sagemaker.send(new ListModelsCommand({}));
    expect((models.Models ?? []).filter((m) => m.ModelName!.startsWith('sklearn-iris-'))).toEqual([]);
  });

  it('trains the built-in XGBoost and scores a test file with a batch transform job', async () => {
    const { summary, output, links } = await runSample('xgboost-batch-transform');
    expect(summary.rows, output).toBe(143);
    expect(links).toEqual([
      { kind: 'TrainingJob', name: summary.job },
      { kind: 'TransformJob', name: summary.transform },
    ]);
    expect(summary.accuracy as number, output).toBeGreaterThan(0.9);
    const models = await user.sagemaker.send(new ListModelsCommand({}));
    expect((models.Models ?? []).filter((m) => m.ModelName!.startsWith('xgboost-cancer-'))).toEqual([]);
  });

  it('prepares data with a processing job whose outputs land in S3', async () => {
    const { summary, output, links } = await runSample('processing-prepare-data');
    expect(summary.status, output).toBe('Completed');
    expect(links).toEqual([{ kind: 'ProcessingJob', name: summary.job }]);
    const rows = summary.rows as { train: number; test: number };
    // 178 wine rows, every 17th made incomplete (11 dropped), split 80/20.
    expect(rows.train + rows.test, output).toBe(167);
    expect(output).toContain('feature means ~0: True');
  });
});
