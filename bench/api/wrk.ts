// Server capacity without the SDK client's own cost: wrk (C, one thread) replays one request
// signed in advance with the AWS SDK's signer. The signature stays valid for the clock-skew
// window, so replaying it for seconds is what a fast client would send.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export function ensureWrk(): boolean {
  if (existsSync('/usr/bin/wrk')) return true;
  try {
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', 'wrk'], { stdio: 'ignore' });
  } catch {
    // fall through: reported by the caller
  }
  return existsSync('/usr/bin/wrk');
}

export async function wrkScript(
  baseUrl: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  target: string,
  body: object,
): Promise<string> {
  const url = new URL(baseUrl);
  const payload = JSON.stringify(body);
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 'sagemaker',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: payload,
    }),
  );
  const lines = [`wrk.method = "POST"`, `wrk.body = ${JSON.stringify(payload)}`];
  for (const [k, v] of Object.entries(signed.headers))
    if (k !== 'host') lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  const file = join(mkdtempSync(join(tmpdir(), 'tessera-wrk-')), 'request.lua');
  writeFileSync(file, lines.join('\n'));
  return file;
}

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

const ms = (s: string) => {
  const m = /([\d.]+)(us|ms|s)/.exec(s);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
};

/** Asynchronous on purpose: the baseline server lives in this process and must keep answering. */
export async function runWrk(url: string, script: string, connections: number, seconds: number): Promise<WrkResult> {
  const { stdout: out } = await promisify(execFile)(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url],
    { encoding: 'utf8' },
  );
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    // Anchored to the start of a line: "68.50%" in the thread stats must not match "50%".
    p50: ms(/^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    p99: ms(/^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? ''),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
  };
}
