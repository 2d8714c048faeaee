// The `process` backend: each instance is a local Jupyter server, a detached child process,
// so it outlives a crash or restart of Tessera and is found again from its pid. Instance-type
// limits are not enforced here (there is no container); `usage` reports the host's size as the
// limit so the UI does not pretend otherwise.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Backend, BackendState, DiscoveredInstance, InstanceSpec, InstanceUsage } from './backend.ts';
import { jupyterArgs, jupyterConfigFile, jupyterEnv } from './jupyter-command.ts';

const APP_ENV = 'TESSERA_APP_ID';
/** Which installation started an instance: several may run on one host (tests do). */
const INSTALLATION_ENV = 'TESSERA_INSTALLATION';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The environment of a live process, or undefined when it is gone or not ours to read. */
async function environOf(pid: number): Promise<Map<string, string> | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
    return new Map(
      raw
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  } catch {
    return undefined;
  }
}

async function isInstance(pid: number, appId: string): Promise<boolean> {
  // A pid can be reused after a restart: only a process carrying the app's id is ours.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat || / Z /.test(stat.slice(stat.lastIndexOf(')')))) return false; // gone, or a zombie
  return (await environOf(pid))?.get(APP_ENV) === appId;
}

async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid)!.push(Number(entry));
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

async function cpuTicksAndRss(pids: number[]): Promise<{ ticks: number; rssBytes: number }> {
  let ticks = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]); // utime + stime
    rssBytes += Number(f[21]) * 4096;
  }
  return { ticks, rssBytes };
}

export function createProcessBackend(deps: { python: string; logDir: string; installation: string }): Backend {
  const exitCodes = new Map<number, number>(); // children of this server process
  const lastSample = new Map<number, { ticks: number; at: number }>();
  const pidOf = (state: BackendState) => Number(state.pid);

  return {
    name: 'process',
    async gpusAvailable() {
      return 0;
    },
    async start(spec: InstanceSpec) {
      const port = await freePort();
      mkdirSync(deps.logDir, { recursive: true });
      const logFile = join(deps.logDir, `${spec.appId}.log`);
      const out = openSync(logFile, 'a');
      const child = spawn(
        deps.python,
        jupyterArgs({ port, ip: '127.0.0.1', rootDir: spec.homeDir, configFile: jupyterConfigFile }),
        {
          cwd: spec.homeDir,
          detached: true, // its own process group, and it survives this server
          stdio: ['ignore', out, out],
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            LANG: process.env.LANG ?? 'C.UTF-8',
            ...jupyterEnv(spec.token, spec.homeDir),
            ...spec.env,
            [APP_ENV]: spec.appId,
            [INSTALLATION_ENV]: deps.installation,
          },
        },
      );
      closeSync(out);
      if (child.pid === undefined) {
        const err = await new Promise<Error>((resolve) => child.once('error', resolve));
        throw new Error(`Could not start ${deps.python}: ${err.message}`);
      }
      const pid = child.pid;
      child.on('exit', (code, signal) => exitCodes.set(pid, code ?? (signal ? 128 : -1)));
      child.unref();
      return { pid, port, logFile, appId: spec.appId, cpuLimit: cpus().length };
    },
    url(state) {
      return `http://127.0.0.1:${state.port}`;
    },
    async poll(state) {
      const pid = pidOf(state);
      if (await isInstance(pid, String(state.appId))) return null;
      return exitCodes.get(pid) ?? -1;
    },
    async stop(state, opts = {}) {
      const pid = pidOf(state);
      if (!(await isInstance(pid, String(state.appId)))) return;
      const signalGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // already gone
        }
      };
      signalGroup('SIGTERM');
      const deadline = Date.now() + (opts.graceMs ?? 5_000);
      while (Date.now() < deadline && (await isInstance(pid, String(state.appId))))
        await new Promise((r) => setTimeout(r, 100));
      if (await isInstance(pid, String(state.appId))) signalGroup('SIGKILL');
      lastSample.delete(pid);
    },
    async logs(state, opts = {}) {
      const text = await readFile(String(state.logFile), 'utf8').catch(() => '');
      return text
        .split('\n')
        .slice(-(opts.tail ?? 100))
        .join('\n');
    },
    async usage(state): Promise<InstanceUsage | null> {
      const pid = pidOf(state);
      if (!(await isInstance(pid, String(state.appId)))) return null;
      const { ticks, rssBytes } = await cpuTicksAndRss(await processTree(pid));
      const now = performance.now();
      const prev = lastSample.get(pid);
      lastSample.set(pid, { ticks, at: now });
      const cpuPercent =
        prev && now > prev.at
          ? Math.max(0, ((ticks - prev.ticks) / TICKS_PER_SECOND / ((now - prev.at) / 1000)) * 100)
          : 0;
      return { cpuPercent, memoryBytes: rssBytes, memoryLimitBytes: totalmem(), cpuLimit: cpus().length };
    },
    async list(): Promise<DiscoveredInstance[]> {
      const found: DiscoveredInstance[] = [];
      for (const entry of await readdir('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const env = await environOf(Number(entry));
        const appId = env?.get(APP_ENV);
        // Only the Jupyter server itself, not the kernels it spawned (they inherit the variable),
        // and only this installation's.
        if (!appId || env?.get(INSTALLATION_ENV) !== deps.installation) continue;
        const pid = Number(entry);
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        if (cmdline.split('\0').includes('jupyter_server')) found.push({ appId, state: { pid, appId } });
      }
      return found;
    },
  };
}
