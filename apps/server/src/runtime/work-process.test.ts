import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogLine, WorkContainerSpec } from './work.ts';
import {
  commandFor,
  createProcessWorkBackend,
  parseStampedLines,
  processContainerFor,
  rewritePath,
} from './work-process.ts';

describe('parseStampedLines', () => {
  it('reads `<ISO time> <text>` lines, keeps the unfinished tail, and skips lines at or before sinceMs', () => {
    const t = (s: string) => Date.parse(s);
    const { lines, rest } = parseStampedLines(
      '2025-01-01T00:00:00.001Z first\n2025-01-01T00:00:00.002Z second line\r\n2025-01-01T00:00:00.003Z tru',
      t('2025-01-01T00:00:00.001Z'),
    );
    expect(lines).toEqual([{ timestamp: t('2025-01-01T00:00:00.002Z'), message: 'second line' }]);
    expect(rest).toBe('2025-01-01T00:00:00.003Z tru');
    const next = parseStampedLines(`${rest}ncated\n`, 0);
    expect(next.lines).toEqual([{ timestamp: t('2025-01-01T00:00:00.003Z'), message: 'truncated' }]);
    expect(next.rest).toBe('');
  });

  it('drops lines without a time, and keeps empty messages and spaces inside them', () => {
    const { lines } = parseStampedLines(
      'Traceback (most recent call last):\n2025-01-01T00:00:01.000Z \n2025-01-01T00:00:02.000Z  a  b\nnospace\n',
      0,
    );
    expect(lines.map((l) => l.message)).toEqual(['', ' a  b']);
  });
});

describe('rewritePath', () => {
  const mounts = [{ source: '/data/job/algo-1/mounts/abc', target: '/input/data/' }];
  it('moves /opt/ml and mount targets to their host directories, whole or after --flag=', () => {
    expect(rewritePath('/opt/ml', '/d/algo-1')).toBe('/d/algo-1');
    expect(rewritePath('/opt/ml/processing/input/code/x.py', '/d/algo-1')).toBe('/d/algo-1/processing/input/code/x.py');
    expect(rewritePath('--out=/opt/ml/processing/output', '/d/algo-1')).toBe('--out=/d/algo-1/processing/output');
    expect(rewritePath('/input/data/train.csv', '/d/algo-1', mounts)).toBe('/data/job/algo-1/mounts/abc/train.csv');
  });
  it('leaves everything else alone', () => {
    for (const v of ['/opt/mlx', 'opt/ml/a', 'x=/opt/ml', '--n', '3', '/inputs/data', 's3://b/opt/ml'])
      expect(rewritePath(v, '/d', mounts)).toBe(v);
  });
});

describe('commandFor and processContainerFor', () => {
  const spec = { optMlDir: '/d', mounts: [] };
  it('runs train and serve through the container module, anything else as given', () => {
    expect(commandFor({ ...spec, command: ['train'] }, '/usr/bin/python3')).toEqual([
      '/usr/bin/python3',
      '-m',
      'tessera_sagemaker',
      'train',
    ]);
    expect(commandFor({ ...spec, command: ['serve'] }, '/usr/bin/python3')).toEqual([
      '/usr/bin/python3',
      '-m',
      'tessera_sagemaker',
      'serve',
    ]);
    expect(commandFor({ ...spec }, '/usr/bin/python3')).toEqual([
      '/usr/bin/python3',
      '-m',
      'tessera_sagemaker',
      'serve',
    ]);
    expect(
      commandFor(
        {
          ...spec,
          entrypoint: ['python3', '/opt/ml/processing/input/code/p.py'],
          command: ['--out', '/opt/ml/processing/output'],
        },
        '/usr/bin/python3',
      ),
    ).toEqual(['python3', '/d/processing/input/code/p.py', '--out', '/d/processing/output']);
  });
  it('knows only the built-in images', () => {
    expect(processContainerFor('tessera/sagemaker-scikit-learn:latest')).toBe('sklearn');
    expect(processContainerFor('tessera/sagemaker-xgboost')).toBe('xgboost');
    expect(processContainerFor('tessera/sagemaker-kmeans:latest')).toBe('kmeans');
    expect(processContainerFor('tessera/sagemaker-linear-learner:latest')).toBe('linear-learner');
    expect(processContainerFor('tessera/sagemaker-xgboost:1.0')).toBeUndefined();
    expect(processContainerFor('python:3.11')).toBeUndefined();
  });
});

// Real processes, without a server: what the reconcilers rely on.
describe('the process work backend', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  async function setup() {
    const root = await mkdtemp(join(tmpdir(), 'work-process-'));
    dirs.push(root);
    const deps = {
      python: '/usr/bin/python3',
      dir: join(root, 'files'),
      installation: `test-${process.pid}-${dirs.length}`,
      why: 'a test',
    };
    const backend = createProcessWorkBackend(deps);
    const spec = (host: string, script: string): WorkContainerSpec => ({
      kind: 'ProcessingJob',
      resourceId: 'job-1',
      host,
      image: 'tessera/sagemaker-scikit-learn:latest',
      entrypoint: ['python3', '-c', script],
      command: ['/opt/ml/x'],
      env: { WHERE: '/opt/ml/processing' },
      optMlDir: join(root, host),
      instanceType: { name: 'ml.m5.large', vcpu: 2, memoryGiB: 8, gpus: 0 },
    });
    return { root, backend, spec, restarted: () => createProcessWorkBackend(deps) };
  }
  async function collect(
    backend: ReturnType<typeof createProcessWorkBackend>,
    state: Awaited<ReturnType<typeof backend.start>>,
    since = 0,
  ) {
    const lines: LogLine[] = [];
    await backend.followLogs(state, since, (batch) => void lines.push(...batch));
    return lines;
  }

  it('runs a command to its exit code, with stamped output in order, paths rewritten, found by list() and gone after remove()', async () => {
    const { root, backend, spec } = await setup();
    await mkdir(join(root, 'algo-1'), { recursive: true });
    const state = await backend.start(
      spec(
        'algo-1',
        "import os, sys\nfor i in range(300): print(f'line {i}')\nprint(sys.argv[1], os.environ['WHERE'], os.getcwd(), file=sys.stderr)\nsys.exit(3)",
      ),
    );
    expect(await backend.poll(state)).toBeNull();
    expect((await backend.list()).map((w) => [w.kind, w.resourceId, w.host])).toEqual([
      ['ProcessingJob', 'job-1', 'algo-1'],
    ]);
    expect(await backend.wait(state)).toBe(3);
    const lines = await collect(backend, state);
    expect(lines).toHaveLength(301);
    expect(lines[0]!.message).toBe('line 0');
    expect(lines.at(-1)!.message).toBe(
      `${join(root, 'algo-1')}/x ${join(root, 'algo-1')}/processing ${join(root, 'algo-1')}`,
    );
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.timestamp).toBeGreaterThan(lines[i - 1]!.timestamp);
    // Resuming after a stored line gives exactly the rest.
    expect((await collect(backend, state, lines[99]!.timestamp)).map((l) => l.message)).toEqual(
      lines.slice(100).map((l) => l.message),
    );
    // Exited, it is still listed (as an exited container is) until removed.
    expect(await backend.list()).toHaveLength(1);
    await backend.remove(state);
    expect(await backend.list()).toEqual([]);
    expect(await readdir(join(root, 'files'))).toEqual([]);
    expect(await backend.poll(state)).toBe(-1);
  });

  it('stops with SIGTERM to the group, then SIGKILL after the grace time (137), and follows output live', async () => {
    const { root, backend, spec } = await setup();
    for (const h of ['a', 'b']) await mkdir(join(root, h), { recursive: true });
    const polite = await backend.start(spec('a', "import time\nprint('up', flush=True)\ntime.sleep(60)"));
    const stubborn = await backend.start(
      spec(
        'b',
        "import signal, time\nsignal.signal(signal.SIGTERM, lambda *a: print('ignoring SIGTERM', flush=True))\nprint('up', flush=True)\ntime.sleep(60)",
      ),
    );
    const live: string[] = [];
    const following = backend.followLogs(stubborn, 0, (batch) => void live.push(...batch.map((l) => l.message)));
    const deadline = Date.now() + 10_000;
    while (live.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(live).toEqual(['up']);
    await backend.stop(polite, { graceMs: 5_000 });
    expect(await backend.poll(polite)).toBe(143); // 128 + SIGTERM
    const t0 = Date.now();
    await backend.stop(stubborn, { graceMs: 500 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(await backend.poll(stubborn)).toBe(137);
    await following;
    expect(live).toEqual(['up', 'ignoring SIGTERM']);
    await backend.stop(stubborn); // already stopped: nothing to do
    for (const s of [polite, stubborn]) await backend.remove(s);
  });

  it('is found again by another backend instance (a restarted server), and a second start replaces the first', async () => {
    const { root, backend, spec, restarted } = await setup();
    await mkdir(join(root, 'algo-1'), { recursive: true });
    const first = await backend.start(spec('algo-1', 'import time\ntime.sleep(60)'));
    const second = await backend.start(spec('algo-1', 'import time\ntime.sleep(60)'));
    expect(await backend.poll(first)).toBe(-1); // replaced and removed, as Docker replaces a container of the same name
    expect(await backend.poll(second)).toBeNull();
    const again = restarted();
    const found = await again.list();
    expect(found).toHaveLength(1);
    expect(found[0]!.state).toEqual(second);
    expect(await again.poll(found[0]!.state)).toBeNull();
    await again.remove(found[0]!.state);
    expect(await backend.poll(second)).toBe(-1);
  });

  it('refuses other images and multi-instance jobs, saying why', async () => {
    const { backend, spec } = await setup();
    expect(await backend.imageExists('python:3.11')).toBe(false);
    expect(backend.missingImageHint).toMatch(/runs only Tessera's built-in images .*Docker backend runs any image/);
    await expect(backend.start({ ...spec('algo-1', ''), image: 'python:3.11' })).rejects.toThrow(/cannot run here/);
    await expect(backend.start({ ...spec('algo-1', ''), network: 'tessera-job-1' })).rejects.toThrow(
      /one instance \(InstanceCount 1\)/,
    );
  });
});
