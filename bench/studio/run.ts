// bench/studio, on each backend this machine has (process, and docker when an engine answers):
//  1. cold start: a new user opens Studio and runs a first cell — POST /api/v1/studio/open until
//     the JupyterServer app is in service, then a notebook session on the default kernel
//     (Data Science on ml.t3.medium, whose KernelGateway app starts on demand), then `1 + 1`.
//  2. kernel round trip: `execute('pass')` through Tessera's proxy versus straight to the same
//     Jupyter server with its token — the baseline, measured in the same run, call by call.
// Prints figures beside the targets; never fails on a time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDomainCommand } from '@aws-sdk/client-sagemaker';
import type { Kernel } from '@jupyterlab/services';
import { openDatabase } from '@tessera/db';
import {
  adminClients,
  execute,
  jupyterManagers,
  jupyterSettings,
  signIn,
  startServer,
  waitFor,
} from '@tessera/test-support';
import { createSecretBox, loadSecretKey } from '../../apps/server/src/platform/identity/secret-box.ts';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 500);
const TARGET_FIRST_RESULT = { process: 3, docker: 6 } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function dockerAnswers(): Promise<boolean> {
  const { dockerAvailable } = await import('../../apps/server/src/runtime/docker/engine.ts');
  return dockerAvailable('/var/run/docker.sock');
}

async function roundTrips(kernel: Kernel.IKernelConnection, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await execute(kernel, 'pass');
    out.push(performance.now() - t);
  }
  return out;
}

async function benchBackend(backend: 'process' | 'docker') {
  const dataDir = mkdtempSync(join(tmpdir(), `tessera-bench-${backend}-`));
  const server = await startServer({
    dataDir,
    // The process runtime runs one user's instances only: there, each cold run is a new profile
    // of that user; on Docker, a new user.
    env: {
      TESSERA_BACKEND: backend,
      LOG_LEVEL: 'warn',
      TESSERA_VALIDATE_RESPONSES: '0',
      TESSERA_SINGLE_USER: `bench-${backend}`,
    },
  });
  try {
    const admin = await adminClients(server);
    const domain = await admin.sagemaker.send(
      new CreateDomainCommand({
        DomainName: `bench-${backend}`,
        AuthMode: 'IAM',
        DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/Bench' },
      }),
    );
    await waitFor(
      async () =>
        (await admin.session.rest('GET', `/api/v1/domains/${domain.DomainId}`)).body.Status === 'InService'
          ? true
          : undefined,
      'domain',
    );

    const cold: { open: number; first: number }[] = [];
    let last: { session: Awaited<ReturnType<typeof signIn>>; base: string; profile: string } | undefined;
    for (let run = 0; run < COLD_RUNS; run++) {
      const profile = `bench-${backend}-${run}`;
      const username = backend === 'process' ? `bench-${backend}` : profile;
      if (backend === 'docker' || run === 0)
        await admin.session.rest('POST', '/api/v1/users', { username, password: 'bench-password-123' });
      await admin.session.rest('POST', `/api/v1/domains/${domain.DomainId}/user-profiles`, {
        UserProfileName: profile,
        OwnerUsername: username,
      });
      await waitFor(
        async () =>
          (await admin.session.rest('GET', `/api/v1/domains/${domain.DomainId}/user-profiles/${profile}`)).body
            .Status === 'InService'
            ? true
            : undefined,
        'profile',
      );
      const session = await signIn(server.url, username, 'bench-password-123');

      const t0 = performance.now();
      const opened = await waitFor(
        async () => {
          const r = await session.rest('POST', '/api/v1/studio/open', {
            DomainId: domain.DomainId,
            UserProfileName: profile,
          });
          if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
          return r.body.App?.Status === 'InService' ? r.body : undefined;
        },
        'Studio open',
        120_000,
        50,
      );
      const tOpen = performance.now();
      const base = `${server.url}${opened.JupyterBaseUrl}`;
      const jupyter = jupyterManagers(jupyterSettings(base, { cookie: session.cookie }));
      const nb = await jupyter.sessions.startNew({
        path: 'first.ipynb',
        name: 'first.ipynb',
        type: 'notebook',
        kernel: { name: `${opened.Defaults.ImageName}__${opened.Defaults.InstanceType}` },
      });
      const result = await execute(nb.kernel!, '1 + 1');
      const tFirst = performance.now();
      if (!result.includes('2')) throw new Error(`unexpected result ${result}`);
      cold.push({ open: (tOpen - t0) / 1000, first: (tFirst - t0) / 1000 });
      nb.dispose();
      await jupyter.dispose();
      last = { session, base, profile };
    }

    // Round trips on the last user's kernel app: through the proxy, and straight to it.
    const db = await openDatabase(`file:${dataDir}/tessera.db`);
    const app = await db.prisma.app.findFirstOrThrow({
      where: { userProfileName: last!.profile, appType: 'KernelGateway', status: 'InService' },
    });
    const state = app.backendState as Record<string, string | number>;
    const token = createSecretBox(loadSecretKey(dataDir, undefined)).open(String(state.sealedToken));
    // Straight to the instance: its address on the profile's network (Docker), or its loopback port.
    const directUrl =
      backend === 'docker' ? `http://${state.address}:${state.port}/` : `http://127.0.0.1:${state.hostPort}/`;
    await db.close();
    const viaProxy = jupyterManagers(
      jupyterSettings(`${server.url}/jupyter/${domain.DomainId}/${last!.profile}/${app.appName}/`, {
        cookie: last!.session.cookie,
      }),
    );
    const direct = jupyterManagers(jupyterSettings(directUrl, { token }));
    const proxiedKernel = await viaProxy.kernels.startNew({ name: 'python3' });
    const directKernel = direct.kernels.connectTo({
      model: (await direct.kernels.startNew({ name: 'python3' })).model,
    });
    await roundTrips(proxiedKernel, 30); // warm-up
    await roundTrips(directKernel, 30);
    // Alternating one call each way, so both see the same moment of this shared machine.
    const proxied: number[] = [];
    const straight: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      proxied.push(...(await roundTrips(proxiedKernel, 1)));
      straight.push(...(await roundTrips(directKernel, 1)));
    }
    await proxiedKernel.shutdown();
    await directKernel.shutdown();
    await viaProxy.dispose();
    await direct.dispose();
    return { backend, cold, proxied, straight };
  } finally {
    await server.stop();
    await server.cleanup?.();
    const { killInstances } = await import('@tessera/test-support');
    await killInstances(dataDir);
  }
}

// BENCH_BACKENDS=docker (or process) measures only that one.
const backends = (['process', ...((await dockerAnswers()) ? (['docker'] as const) : [])] as const).filter(
  (b) => !process.env.BENCH_BACKENDS || process.env.BENCH_BACKENDS.split(',').includes(b),
);
console.log(
  `bench/studio on ${backends.join(' and ')}; ${COLD_RUNS} cold starts and ${ROUND_TRIPS} round trips each\n`,
);
for (const backend of backends) {
  const r = await benchBackend(backend);
  const firsts = r.cold.map((c) => c.first);
  console.log(`## ${backend}`);
  console.log(
    `cold start, new user (s):   Studio in service ${r.cold.map((c) => c.open.toFixed(2)).join(' / ')}   first cell ` +
      `result ${firsts.map((f) => f.toFixed(2)).join(' / ')}`,
  );
  console.log(
    `  median first result ${median(firsts).toFixed(2)} s   target ≤ ${TARGET_FIRST_RESULT[backend]} s   ` +
      `${median(firsts) <= TARGET_FIRST_RESULT[backend] ? 'met' : 'NOT met'}`,
  );
  const p = (xs: number[]) =>
    `p50 ${quantile(xs, 0.5).toFixed(2)} ms  p95 ${quantile(xs, 0.95).toFixed(2)} ms  p99 ` +
    `${quantile(xs, 0.99).toFixed(2)} ms`;
  console.log(`execute('pass') via proxy:   ${p(r.proxied)}`);
  console.log(`baseline, straight to Jupyter: ${p(r.straight)}`);
  const ratio = quantile(r.proxied, 0.5) / quantile(r.straight, 0.5);
  console.log(
    `  proxy / direct (p50) = ${ratio.toFixed(3)}×   target ≤ 1.05×   ${ratio <= 1.05 ? 'met' : 'NOT met'}\n`,
  );
}
