// The swarm tests' and bench's cluster: scripts/swarm-cluster.sh builds a manager and two workers,
// each a Docker Engine in namespaces of its own on this machine, with a registry and shared storage.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/swarm-cluster.sh', import.meta.url));
export const SWARM_DIR = '/tmp/tessera-swarm';

export interface SwarmClusterEnv {
  /** SWARM_MANAGER_HOST, SWARM_W1_HOST, SWARM_W2_HOST, SWARM_REGISTRY, SWARM_PUSH_REGISTRY, … */
  vars: Record<string, string>;
  /** What a server needs to run work on the cluster (TESSERA_BACKEND=swarm). */
  serverEnv: Record<string, string>;
  down(): Promise<void>;
}

/** Builds the cluster afresh (taking down what a crashed run left) and reads what it wrote. */
export async function swarmClusterUp(): Promise<SwarmClusterEnv> {
  const env = { ...process.env, SWP: SWARM_DIR };
  await run('bash', [script, 'down'], { env });
  await run('bash', [script, 'up'], { env, timeout: 180_000 });
  const vars = Object.fromEntries(
    readFileSync(`${SWARM_DIR}/cluster.env`, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    vars,
    serverEnv: {
      TESSERA_BACKEND: 'swarm',
      TESSERA_SWARM_MANAGER: vars.SWARM_MANAGER_HOST!,
      TESSERA_SWARM_REGISTRY: vars.SWARM_REGISTRY!,
      TESSERA_SWARM_PUSH_REGISTRY: vars.SWARM_PUSH_REGISTRY!,
      TESSERA_SWARM_GATEWAY_ADDRESS: vars.SWARM_GATEWAY_ADDRESS!,
    },
    async down() {
      await run('bash', [script, 'down'], { env });
    },
  };
}
