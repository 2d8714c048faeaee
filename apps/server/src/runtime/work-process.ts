// The process work backend: SageMaker work where there is no Docker. Each instance is a local
// process running Tessera's container code (docker/sagemaker/src/tessera_sagemaker) on the host's
// Python, so only Tessera's built-in images can run; /opt/ml is the instance's directory
// (TESSERA_OPT_ML). No resource limits, no private network: one instance per job.
//
// A process is started detached, as the leader of its own process group, under a small
// supervisor (tessera_sagemaker.supervise) that does what the Docker engine does for containers:
// it stamps every output line with its time in a log file and writes the exit code to a file when
// the command ends. Both outlive this server, so after a crash or restart the reconcilers find the
// process by its pid (checked against its start time, so a recycled pid is not taken for it) and
// read its output and exit code as if they had watched all along. Labels are environment
// variables, read back from /proc/<pid>/environ by `list()`, as the app process backend does.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import type { BackendState } from './backend.ts';
import type { DiscoveredWork, LogLine, WorkBackend, WorkContainerSpec, WorkKind } from './work.ts';

/** Where the tessera_sagemaker package lives in this checkout (PYTHONPATH for the processes). */
export const sagemakerSourceDir = fileURLToPath(new URL('../../../../docker/sagemaker/src', import.meta.url));

/** Tessera's built-in images (as work/images.ts resolves them) → their TESSERA_CONTAINER. */
const CONTAINERS: Record<string, string> = {
  'tessera/sagemaker-scikit-learn': 'sklearn',
  'tessera/sagemaker-xgboost': 'xgboost',
  'tessera/sagemaker-kmeans': 'kmeans',
  'tessera/sagemaker-linear-learner': 'linear-learner',
};

/** The TESSERA_CONTAINER an image runs as on the host; undefined for any other image. */
export function processContainerFor(image: string): string | undefined {
  const name = image.endsWith(':latest') ? image.slice(0, -':latest'.length) : image;
  return CONTAINERS[name];
}

const KIND_ENV = 'TESSERA_WORK_KIND';
const RESOURCE_ENV = 'TESSERA_WORK_RESOURCE';
const HOST_ENV = 'TESSERA_WORK_HOST';
/** Which installation started a process: several may run on one host (tests do). */
const INSTALLATION_ENV = 'TESSERA_INSTALLATION';
const SUPERVISOR_MODULE = 'tessera_sagemaker.supervise';
/** What a container killed by SIGKILL exits with (128 + 9); Docker reports the same. */
const KILLED = 137;
const TAIL_MS = 250;
const READ_CHUNK = 1 << 20;
const BATCH_LINES = 1000;

/**
 * A container path as the process sees it: `/opt/ml…` is the instance's directory, a mount
 * target its host source. Applied to arguments (whole, or after `--flag=`) and environment values,
 * which is how a processing script learns its paths; paths written inside a script are not seen.
 */
export function rewritePath(
  value: string,
  optMlDir: string,
  mounts: { source: string; target: string }[] = [],
): string {
  const targets = [
    ...mounts.map((m) => ({ from: m.target.replace(/\/+$/, ''), to: m.source })),
    { from: '/opt/ml', to: optMlDir },
  ].sort((a, b) => b.from.length - a.from.length);
  const eq = value.startsWith('-') ? value.indexOf('=') + 1 : 0;
  const head = value.slice(0, eq);
  const path = value.slice(eq);
  for (const { from, to } of targets) {
    if (path === from || path.startsWith(`${from}/`)) return head + to + path.slice(from.length);
  }
  return value;
}

/**
 * The argv a spec runs as. SageMaker starts an image as `docker run IMAGE train|serve`, which the
 * images' own `train` and `serve` turn into `python3 -m tessera_sagemaker …`; anything else (a
 * processing job's ContainerEntrypoint and arguments) runs as given, its paths rewritten.
 */
export function commandFor(
  spec: Pick<WorkContainerSpec, 'command' | 'entrypoint' | 'optMlDir' | 'mounts'>,
  python: string,
): string[] {
  const args = spec.command ?? (spec.entrypoint ? [] : ['serve']);
  const given = spec.entrypoint ? [...spec.entrypoint, ...args] : args;
  if (!spec.entrypoint && (given[0] === 'train' || given[0] === 'serve'))
    return [python, '-m', 'tessera_sagemaker', ...given];
  if (!given.length) throw new Error('the container has no command to run');
  return given.map((a) => rewritePath(a, spec.optMlDir, spec.mounts));
}

/**
 * Lines of the supervisor's log (`<ISO time> <text>`) from `text`, which follows what an earlier
 * call left in `rest`; lines at or before `sinceMs` were stored already and are skipped, and
 * so are lines without a time (the supervisor's own last words if it crashed).
 */
export function parseStampedLines(text: string, sinceMs: number): { lines: LogLine[]; rest: string } {
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  const lines: LogLine[] = [];
  for (const line of parts) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const timestamp = Date.parse(line.slice(0, space));
    if (!Number.isFinite(timestamp) || timestamp <= sinceMs) continue;
    lines.push({ timestamp, message: line.slice(space + 1).replace(/\r$/, '') });
  }
  return { lines, rest };
}

interface ProcState {
  /** Unique per process; the reconcilers key their watchers by it, as by a container's id. */
  containerId: string;
  pid: number;
  /** /proc/<pid>/stat's starttime: the same pid with another start time is another process. */
  startTime: number;
  logFile: string;
  exitFile: string;
  hostPort: number | null;
}

/** The state if it is one of ours (a row may hold a Docker container's after a backend change). */
function asProcState(state: BackendState): ProcState | undefined {
  if (
    typeof state.pid !== 'number' ||
    typeof state.startTime !== 'number' ||
    typeof state.logFile !== 'string' ||
    typeof state.exitFile !== 'string'
  )
    return undefined;
  return state as unknown as ProcState;
}

interface Stat {
  state: string;
  pgrp: number;
  startTime: number;
}

async function statOf(pid: number): Promise<Stat | undefined> {
  if (!(pid > 0)) return undefined;
  const raw = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!raw) return undefined;
  // After the command name (which may hold spaces and parentheses): state ppid pgrp … starttime (22nd field).
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return { state: f[0]!, pgrp: Number(f[2]), startTime: Number(f[19]) };
}

async function alive(st: ProcState): Promise<boolean> {
  const stat = await statOf(st.pid);
  return !!stat && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === st.startTime;
}

async function readExit(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const code = Number.parseInt(text.trim(), 10);
  return Number.isFinite(code) ? code : undefined;
}

async function writeExit(file: string, code: number): Promise<void> {
  await writeFile(`${file}.tmp`, `${code}\n`);
  await rename(`${file}.tmp`, file);
}

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

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

function signalGroup(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

export interface ProcessWorkDeps {
  /** The host's Python, which has scikit-learn, pandas and xgboost (Debian's). */
  python: string;
  /** Where the log, exit and state files of the processes go. */
  dir: string;
  installation: string;
  /** Why SageMaker work runs as processes here, for the reasons jobs fail with. */
  why: string;
  /** PYTHONPATH for tessera_sagemaker; this checkout's copy unless a test says otherwise. */
  sourceDir?: string;
}

export function createProcessWorkBackend(deps: ProcessWorkDeps): WorkBackend {
  const sourceDir = deps.sourceDir ?? sagemakerSourceDir;
  const basePath = [dirname(deps.python), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
    .filter((p, i, all) => all.indexOf(p) === i)
    .join(':');
  const hint = `SageMaker work runs as local processes here (${deps.why}), and the process backend runs only Tessera's built-in images (sagemaker-scikit-learn, sagemaker-xgboost, kmeans, linear-learner, by their published image URIs or tessera/sagemaker-* names); the Docker backend runs any image (bash scripts/docker.sh sets Docker up)`;

  async function poll(state: BackendState): Promise<number | null> {
    const st = asProcState(state);
    if (!st) return -1;
    const code = await readExit(st.exitFile);
    if (code !== undefined) return code;
    if (await alive(st)) return null;
    // It may have written the file between the two looks.
    return (await readExit(st.exitFile)) ?? -1;
  }

  /** Live supervisors of this installation, from their environment and command line. */
  async function liveSupervisors(): Promise<DiscoveredWork[]> {
    const found: DiscoveredWork[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const env = await environOf(pid);
      const kind = env?.get(KIND_ENV);
      if (!env || !kind || env.get(INSTALLATION_ENV) !== deps.installation) continue;
      // The command and its children inherit the labels; only the supervisor leads the group.
      const stat = await statOf(pid);
      if (!stat || stat.pgrp !== pid || stat.state === 'Z') continue;
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      if (!argv.includes(SUPERVISOR_MODULE)) continue;
      const logFile = argv[argv.indexOf('--log') + 1];
      const exitFile = argv[argv.indexOf('--exit') + 1];
      if (!logFile || !exitFile) continue;
      const port = Number(env.get('SAGEMAKER_BIND_TO_PORT'));
      const state: ProcState = {
        containerId: `process-${pid}-${stat.startTime}`,
        pid,
        startTime: stat.startTime,
        logFile,
        exitFile,
        hostPort: port > 0 ? port : null,
      };
      found.push({
        kind: kind as WorkKind,
        resourceId: env.get(RESOURCE_ENV) ?? '',
        host: env.get(HOST_ENV) ?? '',
        state: state as unknown as BackendState,
      });
    }
    return found;
  }

  async function kill(st: ProcState, graceMs: number): Promise<void> {
    if (!(await alive(st))) return;
    if (graceMs > 0) {
      signalGroup(st.pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (await alive(st))) await sleep(100);
    }
    if (await alive(st)) {
      signalGroup(st.pid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && (await alive(st))) await sleep(20);
      // The supervisor died with its command and could not say how it ended.
      if ((await readExit(st.exitFile)) === undefined) await writeExit(st.exitFile, KILLED).catch(() => undefined);
    }
  }

  return {
    name: 'process',
    missingImageHint: hint,

    async imageExists(image) {
      return processContainerFor(image) !== undefined;
    },

    // The hosts of a multi-instance job would need to resolve each other by name (algo-1,
    // algo-2, …), which host processes cannot; `start` refuses such jobs instead.
    async ensureNetwork() {},
    async removeNetwork() {},

    async start(spec) {
      const container = processContainerFor(spec.image);
      if (!container) throw new Error(`the image ${spec.image} cannot run here: ${hint}`);
      if (spec.network) {
        throw new Error(
          `the process backend runs a job on one instance (InstanceCount 1): its hosts could not reach each other by name (${spec.host}); the Docker backend runs multi-instance jobs on a private network (bash scripts/docker.sh sets Docker up)`,
        );
      }
      // As the Docker backend replaces a container of the same name: a start redone after a
      // crash must not leave the first process running beside the second.
      for (const old of await liveSupervisors()) {
        if (old.kind === spec.kind && old.resourceId === spec.resourceId && old.host === spec.host) {
          const st = asProcState(old.state)!;
          await kill(st, 0);
          await removeFiles(st);
        }
      }
      const argv = commandFor(spec, deps.python);
      mkdirSync(deps.dir, { recursive: true });
      const base = join(
        deps.dir,
        `${spec.kind.toLowerCase()}-${safeName(spec.resourceId)}-${safeName(spec.host)}-${randomBytes(4).toString('hex')}`,
      );
      const logFile = `${base}.log`;
      const exitFile = `${base}.exit`;
      const hostPort = spec.servePort ? await freePort() : null;
      const rewritten = Object.fromEntries(
        Object.entries(spec.env).map(([k, v]) => [k, rewritePath(v, spec.optMlDir, spec.mounts)]),
      );
      const env: Record<string, string> = {
        PATH: basePath,
        LANG: 'C.UTF-8',
        // The instance's own home, as a container has its own /root: nothing of the server's.
        HOME: spec.optMlDir,
        ...rewritten,
        TESSERA_CONTAINER: container,
        TESSERA_OPT_ML: spec.optMlDir,
        PYTHONPATH: [sourceDir, spec.env.PYTHONPATH].filter(Boolean).join(':'),
        PYTHONUNBUFFERED: '1',
        // No __pycache__ in the checkout's docker/sagemaker/src or in the user's code.
        PYTHONDONTWRITEBYTECODE: '1',
        TESSERA_BIND_HOST: '127.0.0.1',
        ...(hostPort ? { SAGEMAKER_BIND_TO_PORT: String(hostPort) } : {}),
        [KIND_ENV]: spec.kind,
        [RESOURCE_ENV]: spec.resourceId,
        [HOST_ENV]: spec.host,
        [INSTALLATION_ENV]: deps.installation,
      };
      // The supervisor's own stdio goes to the log too: should it fail, the file says why.
      const out = openSync(logFile, 'a');
      const child = spawn(deps.python, ['-m', SUPERVISOR_MODULE, '--log', logFile, '--exit', exitFile, '--', ...argv], {
        cwd: spec.optMlDir,
        detached: true, // its own process group, and it survives this server
        stdio: ['ignore', out, out],
        env,
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
      // Found by `list()` after the process ended too (as an exited container is), so files of a
      // job no row names are removed at start-up.
      await writeFile(
        `${base}.json`,
        JSON.stringify({ kind: spec.kind, resourceId: spec.resourceId, host: spec.host, state }),
      );
      return state as unknown as BackendState;
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

    async followLogs(state, sinceMs, onLines, signal) {
      const st = asProcState(state);
      if (!st) return;
      let handle: FileHandle;
      try {
        handle = await open(st.logFile, 'r');
      } catch {
        return;
      }
      try {
        const decoder = new StringDecoder('utf8');
        const buf = Buffer.alloc(READ_CHUNK);
        let offset = 0;
        let rest = '';
        let since = sinceMs;
        while (!signal?.aborted) {
          // Looked at before reading: once it has ended, reading to the end drains it.
          const ended = (await poll(state)) !== null;
          const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
          if (bytesRead > 0) {
            offset += bytesRead;
            const parsed = parseStampedLines(rest + decoder.write(buf.subarray(0, bytesRead)), since);
            rest = parsed.rest;
            for (let i = 0; i < parsed.lines.length; i += BATCH_LINES) {
              if (signal?.aborted) return;
              await onLines(parsed.lines.slice(i, i + BATCH_LINES));
            }
            if (parsed.lines.length) since = parsed.lines.at(-1)!.timestamp;
            continue;
          }
          if (ended) {
            const last = parseStampedLines(`${rest}${decoder.end()}\n`, since).lines;
            if (last.length && !signal?.aborted) await onLines(last);
            return;
          }
          await sleep(TAIL_MS, signal);
        }
      } finally {
        await handle.close();
      }
    },

    async list() {
      const found = await liveSupervisors();
      const seen = new Set(found.map((w) => String(w.state.logFile)));
      const files = await readdir(deps.dir).catch(() => [] as string[]);
      for (const f of files) {
        if (!f.endsWith('.json')) continue;
        let saved: DiscoveredWork | null = null;
        try {
          saved = JSON.parse(await readFile(join(deps.dir, f), 'utf8')) as DiscoveredWork;
        } catch {
          continue; // removed meanwhile, or cut short by a crash: the live scan covers a running one
        }
        if (!saved?.state || seen.has(String(saved.state.logFile))) continue;
        found.push(saved);
      }
      return found;
    },
  };

  async function removeFiles(st: ProcState) {
    const base = st.logFile.replace(/\.log$/, '');
    await Promise.all(
      [st.logFile, st.exitFile, `${st.exitFile}.tmp`, `${base}.json`].map((f) => rm(f, { force: true })),
    );
  }
}
