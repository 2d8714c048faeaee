import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstanceSpec, LogLine } from '../contract.ts';
import { imageCommand, rewritePath } from './paths.ts';
import { createProcessRuntime, processContainerFor } from './process-runtime.ts';
import { parseStampedLines } from './stamped-log.ts';

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
  const optMl = (dir: string) => [{ source: dir, target: '/opt/ml' }];
  const mounts = [...optMl('/d/algo-1'), { source: '/data/job/algo-1/mounts/abc', target: '/input/data/' }];
  it('moves /opt/ml and mount targets to their host directories, whole or after --flag=', () => {
    expect(rewritePath('/opt/ml', optMl('/d/algo-1'))).toBe('/d/algo-1');
    expect(rewritePath('/opt/ml/processing/input/code/x.py', optMl('/d/algo-1'))).toBe(
      '/d/algo-1/processing/input/code/x.py',
    );
    expect(rewritePath('--out=/opt/ml/processing/output', optMl('/d/algo-1'))).toBe(
      '--out=/d/algo-1/processing/output',
    );
    expect(rewritePath('/input/data/train.csv', mounts)).toBe('/data/job/algo-1/mounts/abc/train.csv');
  });
  it('leaves everything else alone', () => {
    for (const v of ['/opt/mlx', 'opt/ml/a', 'x=/opt/ml', '--n', '3', '/inputs/data', 's3://b/opt/ml'])
      expect(rewritePath(v, mounts)).toBe(v);
  });
});

describe('imageCommand and processContainerFor', () => {
  const mounts = [{ source: '/d', target: '/opt/ml' }];
  const commandFor = (p: { command?: string[]; entrypoint?: string[] }, python: string) =>
    imageCommand({ type: 'image', ...p }, mounts, python);
  const spec = {};
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
describe('the process runtime', () => {
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
      singleUser: 'alice',
      kernelImages: ['tessera/kernel-datascience:latest'],
      gatewayPort: () => 0,
    };
    const backend = createProcessRuntime(deps);
    const spec = (host: string, script: string): InstanceSpec => ({
      kind: 'ProcessingJob',
      resourceId: 'job-1',
      host,
      owner: { userId: 'u-1', username: 'alice' },
      image: 'tessera/sagemaker-scikit-learn:latest',
      program: { type: 'image', entrypoint: ['python3', '-c', script], command: ['/opt/ml/x'] },
      env: { WHERE: '/opt/ml/processing' },
      mounts: [{ source: join(root, host), target: '/opt/ml', owned: true }],
      instanceType: { name: 'ml.m5.large', vcpu: 2, memoryGiB: 8, gpus: 0 },
      network: { mode: 'private', key: 'job-1', peers: [host] },
    });
    return { root, backend, spec, restarted: () => createProcessRuntime(deps) };
  }
  async function collect(
    backend: ReturnType<typeof createProcessRuntime>,
    state: Awaited<ReturnType<typeof backend.start>>,
    since = 0,
  ) {
    const lines: LogLine[] = [];
    await backend.followLogs(state, since, (batch) => void lines.push(...batch));
    return lines;
  }

  it(
    'runs a command to its exit code, with stamped output in order, paths rewritten, ' +
      'found by list() and gone after remove()',
    async () => {
      const { root, backend, spec } = await setup();
      await mkdir(join(root, 'algo-1'), { recursive: true });
      const state = await backend.start(
        spec(
          'algo-1',
          // The pause keeps it running past the first poll: without it, it can be done before (CI saw 3).
          "import os, sys, time\ntime.sleep(1)\nfor i in range(300): print(f'line {i}')\n" +
            "print(sys.argv[1], os.environ['WHERE'], os.getcwd(), file=sys.stderr)\nsys.exit(3)",
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
    },
  );

  it('stops with SIGTERM to the group, then SIGKILL after the grace time (137), and follows output live', async () => {
    const { root, backend, spec } = await setup();
    for (const h of ['a', 'b']) await mkdir(join(root, h), { recursive: true });
    const polite = await backend.start(spec('a', "import time\nprint('up', flush=True)\ntime.sleep(60)"));
    const stubborn = await backend.start(
      spec(
        'b',
        "import signal, time\nsignal.signal(signal.SIGTERM, lambda *a: print('ignoring SIGTERM', flush=True))\n" +
          "print('up', flush=True)\ntime.sleep(60)",
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

  it(
    'is found again by another backend instance (a restarted server), ' + 'and a second start replaces the first',
    async () => {
      const { root, backend, spec, restarted } = await setup();
      await mkdir(join(root, 'algo-1'), { recursive: true });
      const first = await backend.start(spec('algo-1', 'import time\ntime.sleep(60)'));
      const second = await backend.start(spec('algo-1', 'import time\ntime.sleep(60)'));
      // replaced and removed, as Docker replaces a container of the same name
      expect(await backend.poll(first)).toBe(-1);
      expect(await backend.poll(second)).toBeNull();
      const again = restarted();
      const found = await again.list();
      expect(found).toHaveLength(1);
      expect(found[0]!.state).toEqual(second);
      expect(await again.poll(found[0]!.state)).toBeNull();
      await again.remove(found[0]!.state);
      expect(await backend.poll(second)).toBe(-1);
    },
  );

  it('refuses other images, other users and multi-instance jobs, saying why', async () => {
    const { backend, spec } = await setup();
    const job = spec('algo-1', '');
    expect(await backend.refusal({ ...job, image: 'python:3.11' })).toMatch(
      /cannot run here.*only Tessera's built-in images.*docker runtime runs any image/,
    );
    expect(await backend.refusal(job)).toBeUndefined();
    expect(await backend.refusal({ ...job, owner: { userId: 'u-2', username: 'bob' } })).toMatch(
      /no isolation between users.*only alice may run apps and jobs here \(TESSERA_SINGLE_USER\)/,
    );
    // A Studio app may name a kernel image (run as the host's Python), not a SageMaker one.
    expect(await backend.refusal({ ...job, kind: 'App', image: 'tessera/kernel-datascience:latest' })).toBeUndefined();
    expect(await backend.refusal({ ...job, kind: 'App' })).toMatch(/cannot run here/);
    await expect(backend.start({ ...job, image: 'python:3.11' })).rejects.toThrow(/cannot run here/);
    await expect(backend.start({ ...job, owner: { userId: 'u-2', username: 'bob' } })).rejects.toThrow(
      /only alice may run/,
    );
    await expect(
      backend.start({ ...job, network: { mode: 'private', key: 'job-1', peers: ['algo-1', 'algo-2'] } }),
    ).rejects.toThrow(/one instance \(InstanceCount 1\)/);
  });

  it('runs a Jupyter server for an app, records its exit code durably, and runs exec beside it', async () => {
    const { root, backend, restarted } = await setup();
    const home = join(root, 'home');
    await mkdir(home, { recursive: true });
    const state = await backend.start({
      kind: 'App',
      resourceId: 'app-1',
      host: 'default',
      owner: { userId: 'u-1', username: 'alice' },
      image: 'tessera/kernel-datascience:latest',
      program: { type: 'jupyter', token: 'secret-token', home: '/home/sagemaker-user' },
      env: { SAGEMAKER_APP_TYPE: 'JupyterServer' },
      mounts: [{ source: home, target: '/home/sagemaker-user' }],
      instanceType: { name: 'system', vcpu: 2, memoryGiB: 4, gpus: 0 },
      network: { mode: 'private', key: 'profile/p-1' },
      port: 8888,
    });
    const url = backend.url(state);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    let status = 0;
    const deadline = Date.now() + 60_000;
    while (status !== 200 && Date.now() < deadline) {
      status = await fetch(`${url}/api/status`, { headers: { Authorization: 'token secret-token' } })
        .then((r) => r.status)
        .catch(() => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    // Without the token: refused (the token never travels on the command line).
    expect((await fetch(`${url}/api/status`)).status).toBe(403);
    const ran = await backend.exec(state, ['pwd'], { env: {}, cwd: home, maxBytes: 1024, timeoutMs: 5_000 });
    expect(ran).toMatchObject({ stdout: `${home}\n`, code: 0 });
    expect((await backend.list()).map((i) => [i.kind, i.resourceId])).toEqual([['App', 'app-1']]);
    await backend.stop(state, { graceMs: 5_000 });
    // The exit code is on disk: a server that restarts reads the same answer.
    const code = await backend.poll(state);
    expect(code).not.toBeNull();
    expect(await restarted().poll(state)).toBe(code);
    await backend.remove(state);
  });
});
