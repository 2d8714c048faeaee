// Boots the real server as a child process (exactly as `pnpm start` runs it) on a random port,
// with its own data directory and database, and stops it again. Used by integration tests and
// benchmarks alike.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { killInstances } from './instances.ts';

const serverDir = fileURLToPath(new URL('../../../apps/server/', import.meta.url));

export interface ServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  env?: Record<string, string>;
  adminPassword?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  adminPassword: string;
  process: ChildProcess;
  /** Every line the server printed, for assertions on its logs. */
  output: string[];
  /** SIGTERM and wait (graceful); `kill('SIGKILL')` simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops the app instances working on the data directory and removes it (call after stop). */
  cleanup(): Promise<void>;
}

export const ADMIN_PASSWORD = 'test-admin-password-0123';

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const adminPassword = opts.adminPassword ?? ADMIN_PASSWORD;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      TESSERA_DATA_DIR: dataDir,
      TESSERA_ADMIN_PASSWORD: adminPassword,
      TESSERA_VALIDATE_RESPONSES: '1',
      LOG_LEVEL: 'info',
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output.join('\n')}`)), 60_000);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line).port);
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output.join('\n')}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    adminPassword,
    process: child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
    async cleanup() {
      if (opts.dataDir) return;
      await killInstances(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
