// What the process runtime learns about its processes from /proc, and the signals it sends them.
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

export interface Stat {
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks after boot: the same pid with another start time is another process. */
  startTime: number;
}

export async function statOf(pid: number): Promise<Stat | undefined> {
  if (!(pid > 0)) return undefined;
  const raw = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!raw) return undefined;
  // After the command name (which may hold spaces and parentheses): state ppid pgrp … starttime (22nd field).
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return { state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), startTime: Number(f[19]) };
}

/** The process with this pid and start time still runs (not a zombie, not a recycled pid). */
export async function alive(pid: number, startTime: number): Promise<boolean> {
  const stat = await statOf(pid);
  return !!stat && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === startTime;
}

/** The environment of a live process, or undefined when it is gone or not ours to read. */
export async function environOf(pid: number): Promise<Map<string, string> | undefined> {
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

export async function pids(): Promise<number[]> {
  return (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
}

/** `root` and every process descended from it. */
export async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const pid of await pids()) {
    const stat = await statOf(pid);
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid)!.push(pid);
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

/** CPU seconds (user + system) and resident bytes of the processes. */
export async function cpuAndRss(list: number[]): Promise<{ cpuSeconds: number; rssBytes: number }> {
  let ticks = 0;
  let rssBytes = 0;
  for (const pid of list) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]); // utime + stime
    rssBytes += Number(f[21]) * PAGE_BYTES;
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes };
}

export function signalGroup(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
