// The docker backend against the real engine and Tessera's real kernel images (built by
// scripts/docker.sh): a Jupyter server in a limited container runs a real kernel, writes into the
// bind-mounted home, reports usage and logs, stops cleanly and is found again after a "restart".
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import Docker from 'dockerode';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend, BackendState, InstanceSpec } from '../src/runtime/backend.ts';
import { containerName, createDockerBackend, defaultDockerSocket, dockerAvailable } from '../src/runtime/docker.ts';
import { jupyterArgs } from '../src/runtime/jupyter-command.ts';
import { useCleanups } from './harness.ts';

const cleanup = useCleanups();
const docker = new Docker({ socketPath: defaultDockerSocket });
const datascience = 'tessera/kernel-datascience:latest';
const minimal = 'tessera/kernel-minimal:latest';
const GiB = 2 ** 30;
let counter = 0;

beforeAll(async () => {
  if (!(await dockerAvailable()))
    throw new Error(`no Docker engine answers on ${defaultDockerSocket}: run scripts/docker.sh`);
  for (const image of [datascience, minimal]) {
    await docker
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new Error(`image ${image} is missing: run scripts/docker.sh`);
      });
  }
});

function spec(overrides: Partial<InstanceSpec> = {}): InstanceSpec {
  const homeDir = mkdtempSync(join(tmpdir(), 'tessera-docker-home-'));
  cleanup(() => rmSync(homeDir, { recursive: true, force: true }));
  return {
    appId: `test-${process.pid}-${Date.now().toString(36)}-${counter++}`,
    appType: 'KernelGateway',
    containerImage: datascience,
    instanceType: { name: 'ml.t3.medium', vcpu: 1, memoryGiB: 2, gpus: 0 },
    homeDir,
    token: `tok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`,
    env: { TESSERA_TEST_MARKER: 'marker-value' },
    ...overrides,
  };
}

async function started(backend: Backend, s: InstanceSpec): Promise<BackendState> {
  const state = await backend.start(s);
  cleanup(() => backend.stop(state, { graceMs: 1000 }));
  return state;
}

async function untilReady(url: string, token: string) {
  await waitFor(
    async () =>
      (await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } }).catch(() => null))?.status ===
      200
        ? true
        : undefined,
    `Jupyter at ${url}`,
    45_000,
    200,
  );
}

describe('docker backend', () => {
  it('images run Jupyter the way jupyterArgs says (the backend passes the same command)', async () => {
    for (const image of [datascience, minimal]) {
      const { Config } = await docker.getImage(image).inspect();
      expect(Config.Cmd).toEqual([
        'python3',
        ...jupyterArgs({ ip: '0.0.0.0', port: 8888, rootDir: '/home/sagemaker-user' }),
      ]);
      expect(Config.Env).toContain('HOME=/home/sagemaker-user');
    }
  });

  it(
    'runs a real kernel in a limited container with the home bind-mounted, then stops it',
    { timeout: 120_000 },
    async () => {
      const backend = createDockerBackend({});
      expect(await backend.gpusAvailable()).toBe(0);
      const s = spec();
      const state = await started(backend, s);
      expect(Object.keys(state).sort()).toEqual(['containerId', 'hostPort']);
      const url = backend.url(state);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await backend.poll(state)).toBeNull();

      // Limits, labels and where the token is (and is not).
      const info = await docker.getContainer(String(state.containerId)).inspect();
      expect(info.Name).toBe(`/${containerName(s.appId)}`);
      expect(info.HostConfig.Memory).toBe(2 * GiB);
      expect(info.HostConfig.NanoCpus).toBe(1e9);
      expect(info.Config.Labels).toMatchObject({ 'tessera.app': s.appId, 'tessera.managed': 'true' });
      expect(JSON.stringify(info.Config.Labels)).not.toContain(s.token);
      expect(JSON.stringify([info.Config.Cmd, info.Config.Entrypoint, info.Args, info.Path])).not.toContain(s.token);
      expect(info.Config.Env).toContain(`JUPYTER_TOKEN=${s.token}`);
      expect(info.Config.Env).toContain('TESSERA_TEST_MARKER=marker-value');
      expect(info.HostConfig.PortBindings?.['8888/tcp']?.[0]?.HostIp).toBe('127.0.0.1');

      await untilReady(url, s.token);
      expect((await fetch(`${url}/api/status`)).status).toBe(403);

      const serverSettings = ServerConnection.makeSettings({
        baseUrl: `${url}/`,
        wsUrl: `${url.replace(/^http/, 'ws')}/`,
        token: s.token,
      });
      const kernels = new KernelManager({ serverSettings });
      cleanup(() => kernels.dispose());
      const kernel = await kernels.startNew({ name: 'python3' });
      let stdout = '';
      const future = kernel.requestExecute({
        code: [
          'import os, sklearn, pandas, xgboost',
          "open(os.path.expanduser('~/from-kernel.txt'), 'w').write(os.environ['TESSERA_TEST_MARKER'])",
          'print(1+1)',
        ].join('\n'),
      });
      future.onIOPub = (msg) => {
        if (msg.header.msg_type === 'stream') stdout += (msg.content as { text: string }).text;
        if (msg.header.msg_type === 'error') stdout += JSON.stringify(msg.content);
      };
      const reply = await future.done;
      expect(reply.content.status, stdout).toBe('ok');
      expect(stdout.trim()).toBe('2');
      expect(readFileSync(join(s.homeDir, 'from-kernel.txt'), 'utf8')).toBe('marker-value');

      const usage = await backend.usage(state);
      expect(usage).not.toBeNull();
      expect(usage!.cpuLimit).toBe(1);
      expect(usage!.memoryLimitBytes).toBe(2 * GiB);
      // A Jupyter server plus a kernel that imported pandas, sklearn and xgboost.
      expect(usage!.memoryBytes).toBeGreaterThan(50 * 2 ** 20);
      expect(usage!.memoryBytes).toBeLessThan(2 * GiB);
      expect(usage!.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(usage!.cpuPercent).toBeLessThanOrEqual(110);

      const logs = await backend.logs(state, { tail: 200 });
      expect(logs).toMatch(/Jupyter Server [\d.]+ is running at/);
      expect(logs).not.toContain(s.token);
      expect((await backend.logs(state, { tail: 1 })).trim().split('\n')).toHaveLength(1);

      await kernel.shutdown();
      await backend.stop(state, { graceMs: 5000 });
      expect(await backend.poll(state)).not.toBeNull();
      expect((await backend.list()).map((i) => i.appId)).not.toContain(s.appId);
      await backend.stop(state); // idempotent
      expect(await backend.usage(state)).toBeNull();
    },
  );

  it('finds instances started by another backend object (a server restart) through their labels', async () => {
    const before = createDockerBackend({});
    const s = spec({ containerImage: minimal, appType: 'JupyterServer' });
    const state = await started(before, s);

    const after = createDockerBackend({ socketPath: defaultDockerSocket });
    const found = (await after.list()).find((i) => i.appId === s.appId);
    expect(found).toEqual({ appId: s.appId, state });
    expect(after.url(found!.state)).toBe(before.url(state));
    expect(await after.poll(found!.state)).toBeNull();
    await untilReady(after.url(found!.state), s.token);

    await after.stop(found!.state, { graceMs: 2000 });
    expect(await before.poll(state)).toBe(-1);
  });

  it('poll reports the exit code of a container that died, and start replaces a stale container', async () => {
    const backend = createDockerBackend({});
    const s = spec({ containerImage: minimal });
    const first = await started(backend, s);
    await docker.getContainer(String(first.containerId)).kill({ signal: 'SIGKILL' });
    await waitFor(async () => ((await backend.poll(first)) === null ? undefined : true), 'killed container exits');
    expect(await backend.poll(first)).toBe(137);

    const second = await started(backend, s);
    expect(second.containerId).not.toBe(first.containerId);
    expect(await backend.poll(first)).toBe(-1);
    expect(await backend.poll(second)).toBeNull();
    expect((await backend.list()).filter((i) => i.appId === s.appId)).toHaveLength(1);
  });

  it('fails clearly when the image is not on the engine', async () => {
    const backend = createDockerBackend({});
    await expect(backend.start(spec({ containerImage: 'tessera/no-such-image:latest' }))).rejects.toThrow(
      /not present on the Docker engine/,
    );
  });
});
