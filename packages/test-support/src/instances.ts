// App instances (Jupyter servers) and SageMaker work outlive the Tessera server that started
// them, by design. A test that is done with a data directory stops every instance that works on
// it, so nothing keeps running after the tests: local processes by their environment, containers
// by mounts (and their networks with them), and the instances' volumes mounted under it.
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
    // Instances of the process runtime (the supervisor and all it runs carry the labels) whose
    // home or /opt/ml is under the data directory.
    const ours =
      vars.some((v) => v.startsWith('TESSERA_INSTALLATION=')) &&
      vars.some((v) => v.startsWith(`HOME=${dataDir}/`) || v.startsWith(`TESSERA_OPT_ML=${dataDir}/`));
    if (!ours) continue;
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
    const networks = new Set<string>();
    for (const id of stdout.split('\n').filter(Boolean)) {
      // One container at a time: another test file's cleanup may remove one between the listing and
      // the inspection, which must not leave the rest of ours running.
      try {
        const { stdout: facts } = await run(
          'docker',
          [
            'inspect',
            '-f',
            '{{range .Mounts}}{{.Source}} {{end}}|{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}',
            id,
          ],
          { timeout: 10_000 },
        );
        const [mounts = '', nets = ''] = facts.trim().split('|');
        if (mounts.split(' ').some((m) => m.startsWith(`${dataDir}/`))) {
          await run('docker', ['rm', '-f', id], { timeout: 30_000 });
          for (const n of nets.split(' ').filter((n) => n.startsWith('tsr'))) networks.add(n);
          killed++;
        }
      } catch {
        // gone meanwhile
      }
    }
    // Fails for a network another instance still uses: that one is not ours to remove.
    for (const n of networks) await run('docker', ['network', 'rm', n], { timeout: 30_000 }).catch(() => undefined);
  } catch {
    // no Docker here
  }
  await unmountUnder(dataDir);
  return killed;
}

/** Volumes (loop-mounted file systems) of instances under the data directory, deepest first. */
async function unmountUnder(dataDir: string): Promise<void> {
  let table = '';
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return;
  }
  const points = table
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => !!p && p.startsWith(`${dataDir}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) await run('umount', ['-l', p], { timeout: 10_000 }).catch(() => undefined);
}
