// The process runtime, for single-user development where there is no Docker. Each instance is a
// local process of the server's own user: a Jupyter server on the host's Python for Studio apps,
// Tessera's container code (docker/sagemaker/src/tessera_sagemaker) for SageMaker work — so only
// the built-in images run. Nothing keeps an instance from the host or from another: the runtime
// therefore runs instances for ONE user only (TESSERA_SINGLE_USER, by default the first
// administrator) and refuses everyone else with that reason.
//
// A process is started detached, as the leader of its own process group, under a small
// supervisor (supervise.py) that does what the Docker engine does for containers: it stamps every
// output line with its time in a log file and writes the exit code to a file when the command
// ends. Both outlive this server, so after a crash or restart the reconcilers find the process by
// its pid (checked against its start time, so a recycled pid is not taken for it) and read its
// output and exit code as if they had watched all along. Labels are environment variables, read
// back from /proc/<pid>/environ by `list()`.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DiscoveredInstance,
  Guarantees,
  InstanceSpec,
  InstanceState,
  Runtime,
  WorkloadKind,
} from '../contract.ts';
import { identityEnv, isLoopback } from '../contract.ts';
import { jupyterArgs, jupyterConfigFile } from '../jupyter-command.ts';
import { imageCommand, rewritePath } from './paths.ts';
import { alive, cpuAndRss, environOf, freePort, pids, processTree, signalGroup, sleep, statOf } from './proc.ts';
import { followFile, tailOf } from './stamped-log.ts';

/** Where the tessera_sagemaker package lives in this checkout (PYTHONPATH for work processes). */
export const sagemakerSourceDir = fileURLToPath(new URL('../../../../../docker/sagemaker/src', import.meta.url));
const SUPERVISOR = join(sagemakerSourceDir, 'tessera_sagemaker', 'supervise.py');

/** Tessera's built-in SageMaker images → the TESSERA_CONTAINER each runs as on the host. */
const CONTAINERS: Record<string, string> = {
  'tessera/sagemaker-scikit-learn': 'sklearn',
  'tessera/sagemaker-xgboost': 'xgboost',
  'tessera/sagemaker-kmeans': 'kmeans',
  'tessera/sagemaker-linear-learner': 'linear-learner',
  'tessera/sagemaker-model-monitor-analyzer': 'model-monitor',
  'tessera/sagemaker-clarify': 'clarify',
};

const withoutLatest = (image: string) => (image.endsWith(':latest') ? image.slice(0, -':latest'.length) : image);

/** The TESSERA_CONTAINER an image runs as on the host; undefined for any other image. */
export function processContainerFor(image: string): string | undefined {
  return CONTAINERS[withoutLatest(image)];
}

const KIND_ENV = 'TESSERA_WORK_KIND';
const RESOURCE_ENV = 'TESSERA_WORK_RESOURCE';
const HOST_ENV = 'TESSERA_WORK_HOST';
/** Which installation started a process: several may run on one host (tests do). */
const INSTALLATION_ENV = 'TESSERA_INSTALLATION';
const PORT_ENV = 'TESSERA_BIND_PORT';
/** What a container killed by SIGKILL exits with (128 + 9); Docker reports the same. */
const KILLED = 137;

interface ProcState {
  /** Unique per process; the reconcilers key their watchers by it, as by a container's id. */
  containerId: string;
  pid: number;
  startTime: number;
  logFile: string;
  exitFile: string;
  hostPort: number | null;
}

/** The state if it is one of ours (a row may hold a Docker container's after a runtime change). */
function asProcState(state: InstanceState): ProcState | undefined {
  if (
    typeof state.pid !== 'number' ||
    typeof state.startTime !== 'number' ||
    typeof state.logFile !== 'string' ||
    typeof state.exitFile !== 'string'
  )
    return undefined;
  return state as unknown as ProcState;
}

const isAlive = (st: ProcState) => alive(st.pid, st.startTime);

async function readExit(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const code = Number.parseInt(text.trim(), 10);
  return Number.isFinite(code) ? code : undefined;
}

async function writeExit(file: string, code: number): Promise<void> {
  await writeFile(`${file}.tmp`, `${code}\n`);
  await rename(`${file}.tmp`, file);
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export interface ProcessRuntimeDeps {
  /** The host's Python, which has Jupyter, scikit-learn, pandas and xgboost (Debian's). */
  python: string;
  /** Where the log, exit and state files of the processes go. */
  dir: string;
  installation: string;
  /** Why everything runs as processes here, for the reasons instances are refused with. */
  why: string;
  /**
   * The one user whose instances run here; `*` declares every account one trusted person (a
   * single-user machine with several accounts, or tests), which lets them all run.
   */
  singleUser: string;
  /** Kernel images an app may name: each runs as the host's Python. */
  kernelImages: string[];
  /** The port of the control plane's gateway on loopback (0 until it listens). */
  gatewayPort: () => number;
  /** PYTHONPATH for tessera_sagemaker; this checkout's copy unless a test says otherwise. */
  sourceDir?: string;
}

export function createProcessRuntime(deps: ProcessRuntimeDeps): Runtime {
  const sourceDir = deps.sourceDir ?? sagemakerSourceDir;
  const basePath = [dirname(deps.python), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
    .filter((p, i, all) => all.indexOf(p) === i)
    .join(':');
  const dockerHint =
    'the docker runtime runs any image for any number of users (bash scripts/docker.sh sets Docker up)';
  const lastSample = new Map<string, { cpuSeconds: number; at: number }>();
  const guarantees: Guarantees = {
    limits: false,
    isolation: false,
    volumeLimits: false,
    multiInstance: false,
    anyImage: false,
    multiUser: false,
  };

  async function poll(state: InstanceState): Promise<number | null> {
    const st = asProcState(state);
    if (!st) return -1;
    const code = await readExit(st.exitFile);
    if (code !== undefined) return code;
    if (await isAlive(st)) return null;
    // It may have written the file between the two looks.
    return (await readExit(st.exitFile)) ?? -1;
  }

  /** Live supervisors of this installation, from their environment and command line. */
  async function liveSupervisors(): Promise<DiscoveredInstance[]> {
    const found: DiscoveredInstance[] = [];
    for (const pid of await pids()) {
      const env = await environOf(pid);
      const kind = env?.get(KIND_ENV);
      if (!env || !kind || env.get(INSTALLATION_ENV) !== deps.installation) continue;
      // The command and its children inherit the labels; only the supervisor leads the group.
      const stat = await statOf(pid);
      if (!stat || stat.pgrp !== pid || stat.state === 'Z') continue;
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      if (!argv.includes(SUPERVISOR)) continue;
      const logFile = argv[argv.indexOf('--log') + 1];
      const exitFile = argv[argv.indexOf('--exit') + 1];
      if (!logFile || !exitFile) continue;
      const port = Number(env.get(PORT_ENV));
      const state: ProcState = {
        containerId: `process-${pid}-${stat.startTime}`,
        pid,
        startTime: stat.startTime,
        logFile,
        exitFile,
        hostPort: port > 0 ? port : null,
      };
      found.push({
        kind: kind as WorkloadKind,
        resourceId: env.get(RESOURCE_ENV) ?? '',
        host: env.get(HOST_ENV) ?? '',
        state: { ...state },
      });
    }
    return found;
  }

  async function kill(st: ProcState, graceMs: number): Promise<void> {
    if (!(await isAlive(st))) return;
    if (graceMs > 0) {
      signalGroup(st.pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (await isAlive(st))) await sleep(100);
    }
    if (await isAlive(st)) {
      signalGroup(st.pid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && (await isAlive(st))) await sleep(20);
      // The supervisor died with its command and could not say how it ended.
      if ((await readExit(st.exitFile)) === undefined) await writeExit(st.exitFile, KILLED).catch(() => undefined);
    }
    lastSample.delete(st.containerId);
  }

  async function removeFiles(st: ProcState) {
    const base = st.logFile.replace(/\.log$/, '');
    await Promise.all(
      [st.logFile, st.exitFile, `${st.exitFile}.tmp`, `${base}.json`].map((f) => rm(f, { force: true })),
    );
  }

  /** The argv, environment and working directory of an instance. */
  function launch(
    spec: InstanceSpec,
    port: number | null,
  ): { argv: string[]; env: Record<string, string>; cwd: string } {
    const rewritten = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, rewritePath(v, spec.mounts)]));
    // Processes reach the gateway on loopback, which SDKs accept for container credentials too.
    const routed = spec.identity && spec.network.mode === 'private' && !spec.network.isolated;
    const identity = routed ? identityEnv(`http://127.0.0.1:${deps.gatewayPort()}`, spec.identity!) : {};
    const common = { PATH: basePath, LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1', ...identity };
    if (spec.program.type === 'jupyter') {
      const home = rewritePath(spec.program.home, spec.mounts);
      return {
        argv: [
          deps.python,
          ...jupyterArgs({ port: port!, ip: '127.0.0.1', rootDir: home, configFile: jupyterConfigFile }),
        ],
        env: { ...common, HOME: home, ...rewritten, JUPYTER_TOKEN: spec.program.token },
        cwd: home,
      };
    }
    const optMl = spec.mounts.find((m) => m.target === '/opt/ml')?.source;
    if (!optMl) throw new Error('a SageMaker instance needs /opt/ml mounted');
    return {
      argv: imageCommand(spec.program, spec.mounts, deps.python),
      env: {
        ...common,
        // The instance's own home, as a container has its own /root: nothing of the server's.
        HOME: optMl,
        ...rewritten,
        TESSERA_CONTAINER: processContainerFor(spec.image)!,
        TESSERA_OPT_ML: optMl,
        PYTHONPATH: [sourceDir, spec.env.PYTHONPATH].filter(Boolean).join(':'),
        // No __pycache__ in the checkout's docker/sagemaker/src or in the user's code.
        PYTHONDONTWRITEBYTECODE: '1',
        TESSERA_BIND_HOST: '127.0.0.1',
        ...(port ? { SAGEMAKER_BIND_TO_PORT: String(port) } : {}),
      },
      cwd: optMl,
    };
  }

  return {
    name: 'process',
    gateway: { listen: '127.0.0.1', admits: (local) => isLoopback(local), routed: async () => undefined },
    guarantees,

    async refusal(spec) {
      if (deps.singleUser !== '*' && spec.owner.username !== deps.singleUser) {
        return (
          `this server runs everything as local processes of its own user (${deps.why}), ` +
          `with no isolation between users or from the host, so only ${deps.singleUser} may run apps and jobs ` +
          `here (TESSERA_SINGLE_USER); ${dockerHint}`
        );
      }
      const runs = spec.kind === 'App' ? deps.kernelImages.includes(spec.image) : !!processContainerFor(spec.image);
      if (!runs) {
        const builtIn =
          spec.kind === 'App'
            ? 'the Studio kernel images'
            : 'sagemaker-scikit-learn, sagemaker-xgboost, kmeans, linear-learner, by their published image URIs or ' +
              'tessera/sagemaker-* names';
        return (
          `the image ${spec.image} cannot run here: this server runs instances as local processes (${deps.why}), ` +
          `which run only Tessera's built-in images (${builtIn}); ${dockerHint}`
        );
      }
      return undefined;
    },

    fileOwner() {
      return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    },

    async gpusAvailable() {
      return 0;
    },

    async createVolume(dir) {
      await mkdir(dir, { recursive: true });
    },
    async releaseVolume() {},

    async start(spec) {
      const refused = await this.refusal(spec);
      if (refused) throw new Error(refused);
      if (spec.network.mode === 'private' && spec.network.peers && spec.network.peers.length > 1) {
        throw new Error(
          'the process runtime runs a job on one instance (InstanceCount 1): ' +
            `its hosts could not reach each other by name (${spec.host}); ` +
            'the docker runtime runs multi-instance jobs on a private network (bash scripts/docker.sh sets Docker up)',
        );
      }
      // As the Docker runtime replaces a container of the same name: a start redone after a
      // crash must not leave the first process running beside the second.
      for (const old of await liveSupervisors()) {
        if (old.kind === spec.kind && old.resourceId === spec.resourceId && old.host === spec.host) {
          const st = asProcState(old.state)!;
          await kill(st, 0);
          await removeFiles(st);
        }
      }
      const hostPort = spec.port ? await freePort() : null;
      const { argv, env, cwd } = launch(spec, hostPort);
      mkdirSync(deps.dir, { recursive: true });
      const base = join(
        deps.dir,
        `${spec.kind.toLowerCase()}-${safeName(spec.resourceId)}-${safeName(spec.host)}-` +
          `${randomBytes(4).toString('hex')}`,
      );
      const logFile = `${base}.log`;
      const exitFile = `${base}.exit`;
      const labels = {
        [KIND_ENV]: spec.kind,
        [RESOURCE_ENV]: spec.resourceId,
        [HOST_ENV]: spec.host,
        [INSTALLATION_ENV]: deps.installation,
        ...(hostPort ? { [PORT_ENV]: String(hostPort) } : {}),
      };
      await mkdir(cwd, { recursive: true });
      // The supervisor's own stdio goes to the log too: should it fail, the file says why.
      const out = openSync(logFile, 'a');
      const child = spawn(deps.python, [SUPERVISOR, '--log', logFile, '--exit', exitFile, '--', ...argv], {
        cwd,
        detached: true, // its own process group, and it survives this server
        stdio: ['ignore', out, out],
        env: { ...env, ...labels },
      });
      closeSync(out);
      if (child.pid === undefined) {
        const err = await new Promise<Error>((resolve) => child.once('error', resolve));
        throw new Error(`could not start ${deps.python}: ${err.message}`);
      }
      child.unref();
      const stat = await statOf(child.pid);
      if (!stat) throw new Error(`the process ${child.pid} (${deps.python}) ended at once; see ${logFile}`);
      const state: ProcState = {
        containerId: `process-${child.pid}-${stat.startTime}`,
        pid: child.pid,
        startTime: stat.startTime,
        logFile,
        exitFile,
        hostPort,
      };
      // Found by `list()` after the process ended too (as an exited container is), so files of an
      // instance no row names are removed at start-up.
      await writeFile(
        `${base}.json`,
        JSON.stringify({ kind: spec.kind, resourceId: spec.resourceId, host: spec.host, state }),
      );
      return { ...state };
    },

    url(state) {
      if (typeof state.hostPort !== 'number') throw new Error('the process serves on no port');
      return `http://127.0.0.1:${state.hostPort}`;
    },

    poll,

    async wait(state) {
      for (;;) {
        const code = await poll(state);
        if (code !== null) return code;
        await sleep(250);
      }
    },

    async stop(state, opts) {
      const st = asProcState(state);
      if (st) await kill(st, opts?.graceMs ?? 10_000);
    },

    async remove(state) {
      const st = asProcState(state);
      if (!st) return;
      // As `docker rm -f`: a process still running is killed first.
      await kill(st, 0);
      await removeFiles(st);
    },

    async logs(state, opts) {
      const st = asProcState(state);
      return st ? tailOf(st.logFile, opts?.tail ?? 500) : '';
    },

    async followLogs(state, sinceMs, onLines, signal) {
      const st = asProcState(state);
      if (!st) return;
      await followFile(st.logFile, sinceMs, async () => (await poll(state)) !== null, onLines, signal);
    },

    async usage(state) {
      const st = asProcState(state);
      if (!st || !(await isAlive(st))) return null;
      const { cpuSeconds, rssBytes } = await cpuAndRss(await processTree(st.pid));
      const now = performance.now();
      const prev = lastSample.get(st.containerId);
      lastSample.set(st.containerId, { cpuSeconds, at: now });
      const cpuPercent =
        prev && now > prev.at ? Math.max(0, ((cpuSeconds - prev.cpuSeconds) / ((now - prev.at) / 1000)) * 100) : 0;
      return { cpuPercent, memoryBytes: rssBytes, memoryLimitBytes: totalmem(), cpuLimit: cpus().length };
    },

    async exec(_state, cmd, opts) {
      // The instance is a process of this host: the command runs beside it, as the server's user.
      const [file, ...args] = cmd;
      return new Promise((resolve, reject) => {
        execFile(
          file!,
          args,
          {
            cwd: opts.cwd,
            env: { PATH: basePath, LANG: 'C.UTF-8', ...opts.env },
            maxBuffer: opts.maxBytes,
            timeout: opts.timeoutMs,
            encoding: 'utf8',
          },
          (err, stdout, stderr) => {
            const code = (err as { code?: unknown } | null)?.code;
            if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
              return resolve({ stdout: stdout.slice(0, opts.maxBytes), stderr, code: 0, truncated: true });
            if (err && typeof code !== 'number') return reject(err);
            resolve({ stdout, stderr, code: typeof code === 'number' ? code : 0, truncated: false });
          },
        );
      });
    },

    async list() {
      const found = await liveSupervisors();
      const seen = new Set(found.map((w) => String(w.state.logFile)));
      const files = await readdir(deps.dir).catch(() => [] as string[]);
      for (const f of files) {
        if (!f.endsWith('.json')) continue;
        let saved: DiscoveredInstance | null = null;
        try {
          saved = JSON.parse(await readFile(join(deps.dir, f), 'utf8')) as DiscoveredInstance;
        } catch {
          continue; // removed meanwhile, or cut short by a crash: the live scan covers a running one
        }
        if (!saved?.state || seen.has(String(saved.state.logFile))) continue;
        found.push(saved);
      }
      return found;
    },
  };
}
