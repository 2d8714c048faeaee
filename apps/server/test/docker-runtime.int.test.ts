// The docker runtime against the real engine and Tessera's real images (scripts/docker.sh), through
// the runtime contract alone: a Studio app's Jupyter server runs a real kernel as the profile's
// user on its own network; SageMaker work runs as a root that is not the host's, without the
// capabilities it does not need, held to its PID limit and its volume; instances of one envelope
// share their instance type's memory; everything is found again by a new runtime object (a
// restarted server) and removed without a trace.
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import Docker from 'dockerode';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InstanceSpec, InstanceState, Runtime } from '../src/runtime/contract.ts';
import { createDockerRuntime } from '../src/runtime/docker/docker-runtime.ts';
import { createVolumes } from '../src/platform/storage/loop-volumes.ts';
import { defaultDockerSocket, dockerAvailable } from '../src/runtime/docker/engine.ts';
import { jupyterArgs } from '../src/runtime/jupyter-command.ts';
import { useCleanups } from './harness.ts';

const cleanup = useCleanups();
const docker = new Docker({ socketPath: defaultDockerSocket });
const datascience = 'tessera/kernel-datascience:latest';
const minimal = 'tessera/kernel-minimal:latest';
const pytorch = 'tessera/kernel-pytorch:latest';
const sklearn = 'tessera/sagemaker-scikit-learn:latest';
const GiB = 2 ** 30;
const PIDS = 200;
const installation = `test-rt-${process.pid}-${Date.now().toString(36)}`;
let counter = 0;
let runtime: Runtime;
const stateDir = mkdtempSync(join(tmpdir(), 'tessera-runtime-'));

const newRuntime = async () =>
  (
    await createDockerRuntime({
      socketPath: defaultDockerSocket,
      installation,
      volumes: await createVolumes(stateDir),
      pidsLimit: PIDS,
      unsafe: false,
      gatewayPort: () => 0,
    })
  ).runtime;

beforeAll(async () => {
  if (!(await dockerAvailable()))
    throw new Error(`no Docker engine answers on ${defaultDockerSocket}: run scripts/docker.sh`);
  for (const image of [datascience, minimal, pytorch, sklearn]) {
    await docker
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new Error(`image ${image} is missing: run scripts/docker.sh`);
      });
  }
  runtime = await newRuntime();
  cleanup(async () => {
    for (const i of await runtime.list()) await runtime.remove(i.state);
    await runtime.releaseVolume(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  });
});

function tempDir(prefix: string) {
  const dir = mkdtempSync(join(stateDir, prefix));
  return dir;
}

function appSpec(overrides: Partial<InstanceSpec> = {}): InstanceSpec & { token: string; home: string } {
  const home = tempDir('home-');
  // As home storage does for a profile: the home belongs to the ids its apps' user maps to.
  const owner = runtime.fileOwner({ uid: 1000, gid: 100 });
  chownSync(home, owner.uid, owner.gid);
  const token = `tok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  return {
    kind: 'App',
    resourceId: `app-${counter++}`,
    host: 'default',
    owner: { userId: 'u-1', username: 'alice' },
    image: datascience,
    program: { type: 'jupyter', token, home: '/home/sagemaker-user' },
    env: { TESSERA_TEST_MARKER: 'marker-value' },
    mounts: [{ source: home, target: '/home/sagemaker-user' }],
    user: { uid: 1000, gid: 100 },
    instanceType: { name: 'ml.t3.medium', vcpu: 1, memoryGiB: 2, gpus: 0 },
    network: { mode: 'private', key: 'profile/p-1' },
    port: 8888,
    token,
    home,
    ...overrides,
  };
}

function workSpec(script: string, overrides: Partial<InstanceSpec> = {}): InstanceSpec & { optMl: string } {
  const optMl = tempDir('opt-ml-');
  // As the reconcilers lay /opt/ml out before a container starts.
  for (const d of ['model', 'output/data', 'input/config']) mkdirSync(join(optMl, d), { recursive: true });
  return {
    kind: 'TrainingJob',
    resourceId: `job-${counter++}`,
    host: 'algo-1',
    owner: { userId: 'u-2', username: 'bob' },
    image: sklearn,
    program: { type: 'image', entrypoint: ['bash', '-c', script] },
    env: {},
    mounts: [{ source: optMl, target: '/opt/ml', owned: true }],
    instanceType: { name: 'ml.m5.large', vcpu: 1, memoryGiB: 1, gpus: 0 },
    network: { mode: 'none' },
    scratch: join(optMl, '.scratch'),
    optMl,
    ...overrides,
  };
}

async function started(s: InstanceSpec): Promise<InstanceState> {
  const state = await runtime.start(s);
  cleanup(() => runtime.remove(state));
  return state;
}

async function output(state: InstanceState): Promise<string> {
  await runtime.wait(state);
  return runtime.logs(state, { tail: 1000 });
}

async function untilReady(url: string, token: string) {
  await waitFor(
    async () =>
      (await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } }).catch(() => null))?.status ===
      200
        ? true
        : undefined,
    `Jupyter at ${url}`,
    60_000,
    200,
  );
}

const engineIds = () => {
  const root = (docker.info() as Promise<{ DockerRootDir: string }>).then((i) =>
    /\/(\d+)\.(\d+)$/.exec(i.DockerRootDir),
  );
  return root.then((m) => ({ uid: Number(m?.[1] ?? 0), gid: Number(m?.[2] ?? 0) }));
};

describe('docker runtime', () => {
  it('images run Jupyter the way jupyterArgs says (the runtime passes the same command)', async () => {
    for (const image of [datascience, minimal, pytorch]) {
      const { Config } = await docker.getImage(image).inspect();
      expect(Config.Cmd).toEqual([
        'python3',
        ...jupyterArgs({ ip: '0.0.0.0', port: 8888, rootDir: '/home/sagemaker-user' }),
      ]);
      expect(Config.Env).toContain('HOME=/home/sagemaker-user');
    }
  });

  it('needs user namespaces: container root maps to an unprivileged host uid', async () => {
    const ids = await engineIds();
    expect(ids.uid).toBeGreaterThan(0);
    expect(runtime.fileOwner()).toEqual(ids);
    expect(runtime.fileOwner({ uid: 1000, gid: 100 })).toEqual({ uid: ids.uid + 1000, gid: ids.gid + 100 });
    expect(runtime.guarantees).toEqual({
      limits: true,
      isolation: true,
      volumeLimits: true,
      multiInstance: true,
      anyImage: true,
      multiUser: true,
    });
  });

  it(
    "runs a Studio app's real kernel as the profile's user, on its own network, with nothing published",
    { timeout: 180_000 },
    async () => {
      const s = appSpec();
      const state = await started(s);
      const url = runtime.url(state);
      expect(url).toMatch(/^http:\/\/10\.\d+\.\d+\.\d+:8888$/);
      expect(await runtime.poll(state)).toBeNull();

      const info = await docker.getContainer(String(state.containerId)).inspect();
      expect(info.Config.User).toBe('1000:100');
      expect(info.HostConfig.CapDrop).toEqual(['ALL']);
      expect(info.HostConfig.CapAdd ?? []).toEqual([]);
      expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
      expect(info.HostConfig.ReadonlyRootfs).toBe(true);
      expect(info.HostConfig.PidsLimit).toBe(PIDS);
      expect(info.HostConfig.Memory).toBe(2 * GiB);
      expect(info.HostConfig.NanoCpus).toBe(1e9);
      expect(info.HostConfig.NetworkMode).toMatch(/^tsr[0-9a-f]{12}$/);
      expect(info.HostConfig.PortBindings ?? {}).toEqual({});
      expect(JSON.stringify([info.Config.Labels, info.Config.Cmd, info.Args])).not.toContain(s.token);
      expect(info.Config.Env).toContain(`JUPYTER_TOKEN=${s.token}`);

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
          'import os, sklearn, pandas',
          "open(os.path.expanduser('~/from-kernel.txt'), 'w').write(os.environ['TESSERA_TEST_MARKER'])",
          'print(os.getuid(), os.getgid(), 1+1)',
        ].join('\n'),
      });
      future.onIOPub = (msg) => {
        if (msg.header.msg_type === 'stream') stdout += (msg.content as { text: string }).text;
        if (msg.header.msg_type === 'error') stdout += JSON.stringify(msg.content);
      };
      const reply = await future.done;
      expect(reply.content.status, stdout).toBe('ok');
      expect(stdout.trim()).toBe('1000 100 2');
      const written = join(s.home, 'from-kernel.txt');
      expect(readFileSync(written, 'utf8')).toBe('marker-value');
      // On the host the file belongs to the ids the profile's user maps to: not root, not uid 1000.
      expect({ uid: statSync(written).uid, gid: statSync(written).gid }).toEqual(
        runtime.fileOwner({ uid: 1000, gid: 100 }),
      );

      // exec runs as the instance's user, with host paths of its mounts translated.
      const ran = await runtime.exec(state, ['sh', '-c', 'id -u; pwd; cat "$1"', 'sh', written], {
        env: {},
        cwd: s.home,
        maxBytes: 1024,
        timeoutMs: 10_000,
      });
      expect(ran).toMatchObject({ code: 0, stdout: '1000\n/home/sagemaker-user\nmarker-value' });

      const usage = await runtime.usage(state);
      expect(usage).toMatchObject({ cpuLimit: 1, memoryLimitBytes: 2 * GiB });
      const logs = await runtime.logs(state, { tail: 200 });
      expect(logs).toMatch(/Jupyter Server [\d.]+ is running at/);
      expect(logs).not.toContain(s.token);

      await kernel.shutdown();
      await runtime.stop(state, { graceMs: 5000 });
      expect(await runtime.poll(state)).not.toBeNull();
      await runtime.remove(state);
      expect((await runtime.list()).map((i) => i.resourceId)).not.toContain(s.resourceId);
      // The profile's network went with its last instance.
      await expect(docker.getNetwork(info.HostConfig.NetworkMode!).inspect()).rejects.toMatchObject({
        statusCode: 404,
      });
    },
  );

  it(
    'runs SageMaker work as a root that is not the host root, without NET_RAW or new privileges, ' +
      'held to its PID limit',
    async () => {
      const s = workSpec(
        [
          'grep -E "^(CapEff|NoNewPrivs)" /proc/self/status',
          'id -u',
          'echo model > /opt/ml/model/m.txt',
          // A fork bomb, bounded so that a broken limit cannot take the machine.
          `python3 -c "
import os, time
n = 0
try:
    for i in range(1000):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError:
    pass
print('forked', n, flush=True)
"`,
          'echo x > /usr/local/x 2>&1 || echo "root fs is read-only"',
          'echo ok > /tmp/t && echo "tmp writable"',
          'exit 0',
        ].join('\n'),
      );
      const state = await started(s);
      const out = await output(state);
      const capEff = parseInt(/CapEff:\s*([0-9a-f]+)/.exec(out)![1]!, 16);
      expect(capEff & (1 << 13)).toBe(0); // CAP_NET_RAW
      expect(capEff & (1 << 21)).toBe(0); // CAP_SYS_ADMIN
      expect(out).toMatch(/NoNewPrivs:\s*1/);
      expect(out).toMatch(/^0$/m); // root inside…
      const file = join(s.optMl, 'model', 'm.txt');
      expect(statSync(file).uid).toBe(runtime.fileOwner().uid); // …an unprivileged uid outside
      expect(runtime.fileOwner().uid).toBeGreaterThan(0);
      const forked = Number(/forked (\d+)/.exec(out)![1]);
      expect(forked).toBeLessThan(PIDS);
      expect(out).toContain('root fs is read-only');
      expect(out).toContain('tmp writable');
    },
  );

  it('bounds an instance at its volume: a write past VolumeSizeInGB fails inside, in /opt/ml and in /tmp', async () => {
    const s = workSpec(
      [
        'dd if=/dev/zero of=/opt/ml/model/fill bs=1M count=128 2>&1 | tail -4; echo "model rc=${PIPESTATUS[0]}"',
        'rm -f /opt/ml/model/fill',
        'dd if=/dev/zero of=/tmp/fill bs=1M count=128 2>&1 | tail -4; echo "tmp rc=${PIPESTATUS[0]}"',
      ].join('\n'),
    );
    await runtime.createVolume(s.optMl, 64 / 1024);
    mkdirSync(join(s.optMl, 'model'));
    cleanup(() => runtime.releaseVolume(s.optMl));
    const state = await started(s);
    const out = await output(state);
    expect(out).toMatch(/model rc=1/);
    expect(out).toMatch(/tmp rc=1/);
    expect(out).toMatch(/No space left on device/);
    await runtime.remove(state);
    await runtime.releaseVolume(s.optMl);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(s.optMl);
  });

  it('keeps networks apart: peers of one job reach each other by name, another tenant reaches neither', async () => {
    const serve = 'python3 -m http.server 8080 --bind 0.0.0.0';
    const job = `job-${counter++}`;
    const peers = ['algo-1', 'algo-2'];
    const [a1, a2] = await Promise.all(
      peers.map((host) =>
        started(
          workSpec(serve, {
            resourceId: job,
            host,
            network: { mode: 'private', key: `TrainingJob/${job}`, peers },
            port: 8080,
          }),
        ),
      ),
    );
    const probe = (target: string) =>
      `python3 -c "import urllib.request as u; print('${target}', u.urlopen('http://${target}:8080/', ` +
      'timeout=3).status)" 2>&1 | tail -1';
    const fromPeer = await started(
      workSpec([probe('algo-2'), probe(String(a1!.address))].join('; '), {
        resourceId: job,
        host: 'algo-3',
        network: { mode: 'private', key: `TrainingJob/${job}`, peers: [...peers, 'algo-3'] },
      }),
    );
    expect(await output(fromPeer)).toMatch(/algo-2 200/);
    const other = await started(
      workSpec([probe(String(a1!.address)), probe(String(a2!.address))].join('; '), {
        network: { mode: 'private', key: 'TrainingJob/someone-else' },
      }),
    );
    const seen = await output(other);
    expect(seen).not.toMatch(/ 200$/m);
    expect(seen).toMatch(/timed out|unreachable|refused|Errno/i);
    // The control plane reaches a serving instance at its address.
    await waitFor(async () => ((await fetch(`${runtime.url(a1!)}/`).catch(() => null))?.ok ? true : undefined), 'a1');
  });

  it("holds instances of one envelope to one instance type's memory together", { timeout: 120_000 }, async () => {
    // Two apps of one profile on ml.t3.medium (2 GiB here): 1.2 GiB each fits one instance type's
    // memory alone, not both together.
    const hog = (n: number) =>
      workSpec(
        `python3 -c "
import time
b = bytearray(1200 * 2**20)
for i in range(0, len(b), 4096): b[i] = 1
print('holding ${n}', flush=True)
time.sleep(20)
"`,
        {
          resourceId: `hog-${counter++}`,
          envelope: 'profile/p-9/ml.t3.medium',
          instanceType: { name: 'ml.t3.medium', vcpu: 1, memoryGiB: 2, gpus: 0 },
        },
      );
    const a = await started(hog(1));
    const b = await started(hog(2));
    const codes = await Promise.all([runtime.wait(a), runtime.wait(b)]);
    // The kernel kills one of them (137): together they exceed the envelope.
    expect(codes).toContain(137);
    const infoA = await docker.getContainer(String(a.containerId)).inspect();
    expect(infoA.HostConfig.CgroupParent).toMatch(/^\/tessera\/e[0-9a-f]{16}$/);
    const limit = readFileSync(
      join('/sys/fs/cgroup/memory', infoA.HostConfig.CgroupParent!, 'memory.limit_in_bytes'),
      'utf8',
    );
    expect(Number(limit)).toBe(2 * GiB);
  });

  it('finds instances again from a new runtime object (a restarted server) through their labels', async () => {
    const s = appSpec({ image: minimal });
    const state = await started(s);
    const again = await newRuntime();
    const found = (await again.list()).find((i) => i.resourceId === s.resourceId);
    expect(found).toMatchObject({ kind: 'App', resourceId: s.resourceId, host: 'default' });
    expect(found!.state.containerId).toBe(state.containerId);
    expect(again.url(found!.state)).toBe(runtime.url(state));
    await untilReady(again.url(found!.state), s.token);
    await again.remove(found!.state);
    expect(await runtime.poll(state)).toBe(-1);
  });

  it("runs the PyTorch (GPU) image's kernel app: torch computes, and a CPU type gets no GPU", async () => {
    // The image's own setting and a user's are overridden: an instance type without GPUs says none.
    const s = appSpec({ image: pytorch, env: { TESSERA_TEST_MARKER: 'x', NVIDIA_VISIBLE_DEVICES: 'all' } });
    const state = await started(s);
    await untilReady(runtime.url(state), s.token);
    const ran = await runtime.exec(
      state,
      ['python3', '-c', 'import torch, sklearn; print(torch.__version__, torch.ones(3).sum().item())'],
      { env: {}, cwd: s.home, maxBytes: 1024, timeoutMs: 60_000 },
    );
    expect(ran.code, ran.stdout).toBe(0);
    expect(ran.stdout.trim()).toMatch(/^2\.\d+\.\d+\S* 3\.0$/);
    // On a CPU type no GPU is asked for, and NVIDIA's runtime (were it the default) is told none.
    const info = await docker.getContainer(String(state.containerId)).inspect();
    expect(info.Config.Env).toContain('NVIDIA_VISIBLE_DEVICES=void');
    expect(info.HostConfig.DeviceRequests ?? []).toEqual([]);
    await runtime.remove(state);
  });

  it('refuses a missing image with a reason, and start fails clearly', async () => {
    expect(
      await runtime.refusal({
        kind: 'App',
        image: 'tessera/no-such-image:latest',
        owner: { userId: null, username: 'x' },
      }),
    ).toMatch(/not present on this host.*nothing is pulled/);
    await expect(runtime.start(appSpec({ image: 'tessera/no-such-image:latest' }))).rejects.toThrow(
      /not present on the Docker engine/,
    );
  });
});
