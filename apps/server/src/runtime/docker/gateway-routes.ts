// Per tenant network, where 169.254.170.2:80 leads: to the gateway port of the server that owns
// the network (isolation.ts jumps every tsr bridge's connections to that address here). Several
// servers may share one host (and tests run many), each with its own bridges and port, so the
// chain holds one REDIRECT per bridge; a rule is replaced when its server comes back on another
// port, and rules of bridges that no longer exist are swept. Installing is idempotent.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { GATEWAY_CHAIN } from './isolation.ts';

const run = promisify(execFile);
const RULE_RE = /^-A \S+ -i (\S+) .*--to-ports (\d+)\s*$/;

async function rules(): Promise<{ spec: string; bridge: string; port: number }[]> {
  const { stdout } = await run('iptables', ['-w', '-t', 'nat', '-S', GATEWAY_CHAIN]);
  return stdout
    .split('\n')
    .map((spec) => ({ spec, m: RULE_RE.exec(spec) }))
    .filter((r) => r.m)
    .map((r) => ({ spec: r.spec, bridge: r.m![1]!, port: Number(r.m![2]) }));
}

async function remove(spec: string): Promise<void> {
  const args = spec.replace(/^-A /, '-D ').split(/\s+/);
  await run('iptables', ['-w', '-t', 'nat', ...args]).catch(() => undefined); // gone meanwhile
}

export function createGatewayRoutes(port: () => number) {
  // Bridges routed to the current port by this process, so a start costs no iptables call.
  const routed = new Set<string>();
  let lastPort = 0;
  return {
    /** Makes `bridge`'s 169.254.170.2:80 lead to this server's gateway. */
    async ensure(bridge: string): Promise<void> {
      const to = port();
      if (!to) throw new Error('the control-plane gateway is not listening yet');
      if (to !== lastPort) routed.clear();
      lastPort = to;
      if (routed.has(bridge)) return;
      let right = false;
      for (const r of await rules()) {
        if (r.bridge !== bridge) continue;
        if (r.port === to && !right) right = true;
        else await remove(r.spec);
      }
      if (!right) {
        const spec = ['-i', bridge, '-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(to)];
        await run('iptables', ['-w', '-t', 'nat', '-A', GATEWAY_CHAIN, ...spec]);
      }
      routed.add(bridge);
    },
    /** Forgets a bridge whose network was removed. */
    async release(bridge: string): Promise<void> {
      routed.delete(bridge);
      for (const r of await rules()) if (r.bridge === bridge) await remove(r.spec);
    },
    /** Takes away the rules of bridges that no longer exist (networks removed while no server watched). */
    async sweep(): Promise<void> {
      for (const r of await rules().catch(() => [])) {
        if (!existsSync(`/sys/class/net/${r.bridge}`)) await remove(r.spec);
      }
    },
  };
}

export type GatewayRoutes = ReturnType<typeof createGatewayRoutes>;
