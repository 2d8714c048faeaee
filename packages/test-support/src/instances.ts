// App instances (Jupyter servers) and SageMaker work outlive the Tessera server that started
// them, by design. A test that is done with a data directory stops every instance that works on
// it, so nothing keeps running after the tests: local processes by their environment, containers
// by mounts.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function killInstances(dataDir: string): Promise<number> {
  let killed = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let env: string;
    try {
      env = readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue;
    }
    const vars = env.split('\0');
    const app = vars.some((v) => v.startsWith('TESSERA_APP_ID=')) && vars.some((v) => v.startsWith(`HOME=${dataDir}/`));
    // SageMaker work on the process backend: the supervisor, the container code and what it ran
    // all carry the instance's /opt/ml directory, which is under the data directory.
    const work = vars.some((v) => v.startsWith(`TESSERA_OPT_ML=${dataDir}/`));
    if (!app && !work) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile
    }
  }
  try {
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=tessera.managed=true'], {
      timeout: 10_000,
    });
    for (const id of stdout.split('\n').filter(Boolean)) {
      const { stdout: mounts } = await run('docker', ['inspect', '-f', '{{range .Mounts}}{{.Source}} {{end}}', id], {
        timeout: 10_000,
      });
      if (mounts.split(' ').some((m) => m.startsWith(`${dataDir}/`))) {
        await run('docker', ['rm', '-f', id], { timeout: 30_000 });
        killed++;
      }
    }
  } catch {
    // no Docker here
  }
  return killed;
}
