// What outlives what: the home directory outlives every app; a busy or connected app is never
// idle-stopped and an idle one is; after kill -9 of the server every app is found again (or
// restarted), and no instance is left orphaned or duplicated.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAppCommand,
  DeleteAppCommand,
  DescribeAppCommand,
  ListAppsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  adminClients,
  execute,
  jupyterManagers,
  jupyterSettings,
  startServer,
  testDatabase,
  waitFor,
} from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { boot, useCleanups, type Harness } from './harness.ts';
import { appKey, studioUser } from './studio-fixture.ts';
import { sagemakerSourceDir } from '../src/runtime/process/process-runtime.ts';

const cleanup = useCleanups();

async function appStatus(sm: SageMakerClient, key: ReturnType<typeof appKey>, want: string, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeAppCommand(key));
      if (d.Status === 'Failed' && want !== 'Failed') throw new Error(`app failed: ${d.FailureReason}`);
      return d.Status === want ? d : undefined;
    },
    `app ${key.AppName} ${want}`,
    timeoutMs,
    200,
  );
}

/** Jupyter server processes working on a data directory, by app id. */
function instancesUnder(dataDir: string): Map<string, number[]> & { byInstanceType: Map<string, number> } {
  const out = Object.assign(new Map<string, number[]>(), { byInstanceType: new Map<string, number>() });
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // The process runtime labels an app's processes with its kind and row; the Jupyter server is
      // the one running `python -m jupyter_server` (its supervisor names it only after `--`).
      const app = env.includes('TESSERA_WORK_KIND=App')
        ? env.find((v) => v.startsWith('TESSERA_WORK_RESOURCE='))?.slice('TESSERA_WORK_RESOURCE='.length)
        : undefined;
      if (app && cmd[1] === '-m' && cmd[2] === 'jupyter_server' && env.some((v) => v.startsWith(`HOME=${dataDir}/`))) {
        out.set(app, [...(out.get(app) ?? []), Number(pid)]);
        const type = env.find((v) => v.startsWith('SAGEMAKER_INSTANCE_TYPE='))?.split('=')[1];
        if (type) out.byInstanceType.set(type, Number(pid));
      }
    } catch {
      // gone
    }
  }
  return out;
}

async function harness(env: Record<string, string>): Promise<Harness> {
  const h = await boot({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*', ...env });
  cleanup(() => h.close());
  return h;
}

describe('app lifecycle', () => {
  it('keeps the home directory when every app is deleted and created again', async () => {
    const h = await harness({});
    const u = await studioUser(h);
    const key = appKey(u, 'KernelGateway', 'work');
    await u.sagemaker.send(new CreateAppCommand(key));
    await appStatus(u.sagemaker, key, 'InService');
    const direct = jupyterManagers(
      jupyterSettings(`${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/work/`, { cookie: u.session.cookie }),
    );
    const kernel = await direct.kernels.startNew({ name: 'python3' });
    await execute(
      kernel,
      "import os; os.makedirs('results', exist_ok=True); open('results/score.txt', 'w').write('0.93')",
    );
    await direct.dispose();

    await u.sagemaker.send(new DeleteAppCommand(key));
    await appStatus(u.sagemaker, key, 'Deleted');
    expect(instancesUnder(h.server.dataDir).size).toBe(0);

    await u.sagemaker.send(new CreateAppCommand(key));
    await appStatus(u.sagemaker, key, 'InService');
    const again = jupyterManagers(
      jupyterSettings(`${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/work/`, { cookie: u.session.cookie }),
    );
    const fresh = await again.kernels.startNew({ name: 'python3' });
    expect(await execute(fresh, "print(open('results/score.txt').read())")).toContain('0.93');
    await again.dispose();
    await u.sagemaker.send(new DeleteAppCommand(key));
  });

  it('never stops a busy or connected app for idleness, and stops an idle one', async (ctx) => {
    const h = await harness({ TESSERA_APP_IDLE_TIMEOUT_SECONDS: '3', LOG_LEVEL: 'debug' });
    // The reconciler's health decisions, shown when this test fails.
    ctx.onTestFailed(() =>
      console.log(h.server.output.filter((l) => /app health|idle app|app in service|lost/.test(l)).join('\n')),
    );
    const u = await studioUser(h);
    const key = appKey(u, 'KernelGateway', 'idle');
    await u.sagemaker.send(new CreateAppCommand(key));
    await appStatus(u.sagemaker, key, 'InService');
    const jupyter = jupyterManagers(
      jupyterSettings(`${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/idle/`, { cookie: u.session.cookie }),
    );
    const kernel = await jupyter.kernels.startNew({ name: 'python3' });
    await execute(kernel, 'pass');

    // Connected but doing nothing, for twice the timeout: still running.
    await new Promise((r) => setTimeout(r, 7_000));
    expect((await u.sagemaker.send(new DescribeAppCommand(key))).Status).toBe('InService');

    // Busy with nobody connected: still running.
    kernel.requestExecute({ code: 'import time; time.sleep(8)' });
    await new Promise((r) => setTimeout(r, 500));
    kernel.dispose(); // closes the WebSocket; the kernel keeps working
    await jupyter.dispose();
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await u.sagemaker.send(new DescribeAppCommand(key))).Status).toBe('InService');

    // Done and nobody connected: stopped after the idle timeout.
    const stopped = await appStatus(u.sagemaker, key, 'Deleted', 30_000);
    expect(stopped.LastUserActivityTimestamp).toBeInstanceOf(Date);
    expect(h.server.output.some((l) => l.includes('"msg":"idle app stopped"'))).toBe(true);
    expect(instancesUnder(h.server.dataDir).size).toBe(0);
  });

  it(
    'after kill -9 of the server: running apps are found again, ' + 'a lost one is restarted, an orphan is stopped',
    async () => {
      const db = await testDatabase();
      cleanup(() => db.drop());
      const first = await startServer({
        databaseUrl: db.url,
        env: { TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' },
      });
      cleanup(() => first.cleanup());
      const admin = await adminClients(first);
      const h = { server: first, ...admin } as unknown as Harness;
      const u = await studioUser(h);
      const kept = appKey(u, 'KernelGateway', 'kept');
      const lost = appKey(u, 'KernelGateway', 'lost');
      await u.sagemaker.send(new CreateAppCommand(kept));
      await u.sagemaker.send(new CreateAppCommand({ ...lost, ResourceSpec: { InstanceType: 'ml.m5.large' } }));
      const { AppArn } = await appStatus(u.sagemaker, kept, 'InService');
      await appStatus(u.sagemaker, lost, 'InService');
      const installation = AppArn!.split(':')[4]!; // the account id names the installation
      const keptJupyter = jupyterManagers(
        jupyterSettings(`${first.url}/jupyter/${u.DomainId}/${u.UserProfileName}/kept/`, { cookie: u.session.cookie }),
      );
      const kernel = await keptJupyter.kernels.startNew({ name: 'python3' });
      await execute(kernel, 'answer = 42');
      await keptJupyter.dispose();
      const before = instancesUnder(first.dataDir);
      expect(before.size).toBe(2);

      first.process.kill('SIGKILL');
      await waitFor(async () => (first.process.signalCode ? true : undefined), 'server killed');
      // While the server is down: the `lost` app's instance (the ml.m5.large one) dies, and a
      // stray instance of an app that does not exist appears.
      const survivorPid = before.byInstanceType.get('ml.t3.medium')!;
      const killPid = before.byInstanceType.get('ml.m5.large')!;
      process.kill(killPid, 'SIGKILL');
      // A supervised process labelled as an app instance, as the process runtime starts them.
      const supervised = (app: string, inst: string, home: string) => {
        const files = mkdtempSync(join(tmpdir(), 'stray-'));
        cleanup(() => rmSync(files, { recursive: true, force: true }));
        const p = spawn(
          '/usr/bin/python3',
          [
            join(sagemakerSourceDir, 'tessera_sagemaker', 'supervise.py'),
            '--log',
            join(files, 'log'),
            '--exit',
            join(files, 'exit'),
            '--',
            '/usr/bin/python3',
            '-c',
            'import time; time.sleep(300)',
          ],
          {
            env: {
              TESSERA_WORK_KIND: 'App',
              TESSERA_WORK_RESOURCE: app,
              TESSERA_WORK_HOST: 'default',
              TESSERA_INSTALLATION: inst,
              HOME: home,
              PATH: process.env.PATH,
            },
            detached: true,
            stdio: 'ignore',
          },
        );
        p.unref();
        return p;
      };
      const stray = supervised('no-such-app', installation, `${first.dataDir}/home/x`);
      // An instance of another installation on the same host is none of this server's business.
      const neighbour = supervised('their-app', '999999999999', '/tmp');
      cleanup(() => {
        try {
          process.kill(neighbour.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      });
      cleanup(() => {
        try {
          process.kill(stray.pid!, 'SIGKILL');
        } catch {
          // stopped by the server, as it should be
        }
      });

      const second = await startServer({
        dataDir: first.dataDir,
        databaseUrl: db.url,
        env: { TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' },
      });
      cleanup(() => second.stop());
      const sm2 = (await import('@tessera/test-support')).sageMakerClient(second.url, u.credentials);
      await appStatus(sm2, kept, 'InService');
      await waitFor(
        async () =>
          second.output.some((l) => l.includes('"msg":"app instance lost; starting it again"')) ? true : undefined,
        'lost app restarted',
        30_000,
      );
      await appStatus(sm2, lost, 'InService');
      expect(
        second.output.some(
          (l) => l.includes('"msg":"removing an instance no live row records"') && l.includes('no-such-app'),
        ),
      ).toBe(true);
      await waitFor(
        async () => (stray.exitCode !== null || stray.signalCode !== null ? true : undefined),
        'stray stopped',
        10_000,
      );
      expect(neighbour.exitCode === null && neighbour.signalCode === null).toBe(true);

      // The survivor is the very same process, with the kernel state from before the crash.
      const after = instancesUnder(first.dataDir);
      expect(after.size).toBe(2);
      for (const list of after.values()) expect(list).toHaveLength(1);
      expect([...after.values()].flat()).toContain(survivorPid);
      const again = jupyterManagers(
        jupyterSettings(`${second.url}/jupyter/${u.DomainId}/${u.UserProfileName}/kept/`, { cookie: u.session.cookie }),
      );
      const models = await (
        await fetch(`${second.url}/jupyter/${u.DomainId}/${u.UserProfileName}/kept/api/kernels`, {
          headers: { cookie: u.session.cookie },
        })
      ).json();
      expect(models.map((m: { id: string }) => m.id)).toContain(kernel.id);
      const same = again.kernels.connectTo({ model: models.find((m: { id: string }) => m.id === kernel.id) });
      expect(await execute(same, 'print(answer)')).toContain('42');
      await again.dispose();
      const apps = await sm2.send(new ListAppsCommand({ DomainIdEquals: u.DomainId }));
      expect(apps.Apps!.map((a) => a.Status)).toEqual(['InService', 'InService']);
    },
  );
});
