// `docker exec` through the engine's API: a command in a running container, its output
// demultiplexed, cut at maxBytes, killed at the timeout (the exec's process is left to the
// container; the caller gets an answer in time).
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecResult } from '../contract.ts';

export async function dockerExec(
  docker: Docker,
  container: Docker.Container,
  cmd: string[],
  opts: { env: Record<string, string>; cwd: string; maxBytes: number; timeoutMs: number },
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: cmd,
    Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: opts.cwd,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outBytes = 0;
  let truncated = false;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => {
    if (outBytes >= opts.maxBytes) return void (truncated = true);
    out.push(c);
    outBytes += c.length;
  });
  stderr.on('data', (c: Buffer) => void (err.reduce((n, b) => n + b.length, 0) < 64 * 1024 && err.push(c)));
  docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`${cmd[0]} did not finish within ${opts.timeoutMs / 1000} s`));
    }, opts.timeoutMs);
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const { ExitCode } = await exec.inspect();
  const text = Buffer.concat(out).toString('utf8');
  return {
    stdout: truncated ? text.slice(0, opts.maxBytes) : text,
    stderr: Buffer.concat(err).toString('utf8'),
    code: ExitCode ?? -1,
    truncated,
  };
}
