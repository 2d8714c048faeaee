// InvokeEndpoint through Tessera, through a bare Node proxy, and to the serving container directly,
// in slices that take turns so all three see the same moments of this shared machine. Three
// clients: the AWS SDK's (whose own CPU competes with the server on these cores), a plain
// keep-alive node:http client replaying one pre-signed request, and wrk replaying it (C, next to
// no CPU of its own: closest to the server's own cost).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Credentials } from '@tessera/test-support';
import { runWrk } from '../api/wrk.ts';
import { presignInvoke } from './aws.ts';

export type Call = () => Promise<void>;

export interface Side {
  rps: number;
  p50: number;
  p99: number;
  n: number;
  errors: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function slice(
  callers: number,
  ms: number,
  call: Call,
  latencies: number[],
): Promise<{ seconds: number; errors: number }> {
  let errors = 0;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, errors };
}

/** A process's CPU time in ms, read before and after each of its target's slices. */
export type Meter = (() => number) | undefined;

/**
 * `rounds` rounds of one slice per call, in turn, after a warm-up of each: figures per call over
 * all its slices. meters[i] (the process that serves calls[i], if any) is read around calls[i]'s
 * own slices only, so what that process does while the others are measured is not charged to it;
 * `idleCpuMs` is what meters[i] used during the other calls' slices (its background work).
 */
export async function alternate(
  callers: number,
  rounds: number,
  sliceMs: number,
  calls: Call[],
  meters: Meter[],
): Promise<Measured> {
  for (const call of calls) await slice(callers, 500, call, []);
  const acc = calls.map(() => ({ latencies: [] as number[], seconds: 0, errors: 0 }));
  const cpu = new Cpu(meters);
  for (let r = 0; r < rounds; r++) {
    for (const [i, call] of calls.entries()) {
      const s = await cpu.during(i, () => slice(callers, sliceMs, call, acc[i]!.latencies));
      acc[i]!.seconds += s.seconds;
      acc[i]!.errors += s.errors;
    }
  }
  const sides = acc.map((x) => {
    x.latencies.sort((p, q) => p - q);
    return {
      rps: x.latencies.length / x.seconds,
      p50: quantile(x.latencies, 0.5),
      p99: quantile(x.latencies, 0.99),
      n: x.latencies.length,
      errors: x.errors,
    };
  });
  return { sides, ...cpu.totals() };
}

export interface Measured {
  sides: Side[];
  /** CPU ms of meters[i] during calls[i]'s slices. */
  cpuMs: number[];
  /** CPU ms of meters[i] during the other calls' slices, and how long those lasted (s). */
  idleCpuMs: number[];
  idleSeconds: number[];
}

class Cpu {
  private busy: number[];
  private idle: number[];
  private idleSeconds: number[];
  constructor(private meters: Meter[]) {
    this.busy = meters.map(() => 0);
    this.idle = meters.map(() => 0);
    this.idleSeconds = meters.map(() => 0);
  }
  async during<T>(i: number, work: () => Promise<T>): Promise<T> {
    const before = this.meters.map((m) => m?.() ?? 0);
    const t = performance.now();
    const out = await work();
    const seconds = (performance.now() - t) / 1000;
    this.meters.forEach((m, j) => {
      if (!m) return;
      const used = m() - before[j]!;
      if (j === i) this.busy[j]! += used;
      else {
        this.idle[j]! += used;
        this.idleSeconds[j]! += seconds;
      }
    });
    return out;
  }
  totals() {
    return { cpuMs: this.busy, idleCpuMs: this.idle, idleSeconds: this.idleSeconds };
  }
}

export interface InvokeTarget {
  serverUrl: string;
  /** A bare node:http proxy in front of the same container (bare-proxy.mjs). */
  proxyUrl: string;
  credentials: Credentials;
  endpoint: string;
  containerUrl: string;
  body: Buffer;
  contentType: string;
}

/** The SDK client through Tessera, through the bare proxy, and sent to the container's /invocations. */
export function sdkCalls(t: InvokeTarget): { tessera: Call; proxy: Call; direct: Call } {
  const opts = { region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 };
  const viaTessera = new SageMakerRuntimeClient({ ...opts, endpoint: t.serverUrl });
  const viaProxy = new SageMakerRuntimeClient({ ...opts, endpoint: t.proxyUrl });
  const straight = new SageMakerRuntimeClient({ ...opts, endpoint: t.containerUrl });
  // Same serialisation, signing and parsing on both sides; only the path differs, because the
  // container serves SageMaker's container contract (POST /invocations), not the runtime API.
  straight.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { path: string }).path = '/invocations';
      return next(args);
    },
    { step: 'build', name: 'benchContainerPath' },
  );
  const command = () =>
    new InvokeEndpointCommand({
      EndpointName: t.endpoint,
      Body: t.body,
      ContentType: t.contentType,
      Accept: t.contentType,
    });
  return {
    tessera: async () => {
      await viaTessera.send(command());
    },
    proxy: async () => {
      await viaProxy.send(command());
    },
    direct: async () => {
      await straight.send(command());
    },
  };
}

function post(agent: Agent, url: string, headers: Record<string, string>, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      },
    );
    req.setNoDelay(true);
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Plain keep-alive node:http: one request signed in advance through Tessera (and the bare proxy), unsigned to the
 * container.
 */
export async function plainCalls(
  t: InvokeTarget,
  callers: number,
): Promise<{ tessera: Call; proxy: Call; direct: Call; close(): void }> {
  const signed = await presignInvoke(t.serverUrl, t.credentials, t.endpoint, t.body, t.contentType);
  const agents = [0, 1, 2].map(() => new Agent({ keepAlive: true, maxSockets: callers }));
  const tesseraUrl = `${t.serverUrl}/endpoints/${t.endpoint}/invocations`;
  const proxyUrl = `${t.proxyUrl}/endpoints/${t.endpoint}/invocations`;
  const directUrl = `${t.containerUrl}/invocations`;
  const plain = { 'content-type': t.contentType, accept: t.contentType };
  return {
    tessera: () => post(agents[0]!, tesseraUrl, signed, t.body),
    proxy: () => post(agents[1]!, proxyUrl, signed, t.body),
    direct: () => post(agents[2]!, directUrl, plain, t.body),
    close: () => agents.forEach((a) => a.destroy()),
  };
}

/** A wrk script that sends one request as given (headers signed in advance, or none needed). */
export function wrkInvokeScript(headers: Record<string, string>, body: Buffer): string {
  const lines = [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(body.toString('latin1'))}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  const file = join(mkdtempSync(join(tmpdir(), 'tessera-wrk-')), 'invoke.lua');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/**
 * wrk (C, one thread) in `rounds` runs of `seconds` per target, taking turns: the server's own
 * cost with a client that costs next to nothing. Per target: the mean of its runs' req/s, and the
 * median of their p50 and p99 (wrk reports percentiles per run); CPU as in `alternate`.
 */
export async function alternateWrk(
  connections: number,
  rounds: number,
  seconds: number,
  targets: { url: string; script: string }[],
  meters: Meter[],
): Promise<Measured> {
  const runs = targets.map(() => [] as Awaited<ReturnType<typeof runWrk>>[]);
  for (const t of targets) await runWrk(t.url, t.script, connections, 1);
  const cpu = new Cpu(meters);
  for (let r = 0; r < rounds; r++) {
    for (const [i, t] of targets.entries())
      runs[i]!.push(await cpu.during(i, () => runWrk(t.url, t.script, connections, seconds)));
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const sides = runs.map((rs) => {
    const rps = rs.reduce((sum, x) => sum + x.rps, 0) / rs.length;
    return {
      rps,
      p50: mid(rs.map((x) => x.p50)),
      p99: mid(rs.map((x) => x.p99)),
      n: Math.round(rps * seconds * rs.length),
      errors: rs.reduce((sum, x) => sum + x.non2xx, 0),
    };
  });
  return { sides, ...cpu.totals() };
}
