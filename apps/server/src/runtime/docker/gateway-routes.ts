// Per tenant network, where 169.254.170.2:80 leads: to the gateway port of the server that owns
// the network (isolation.ts jumps every tsr bridge's connections to that address here). Several
// servers may share one host (and tests run many), each with its own bridges and port, so the
// chain holds one REDIRECT per bridge; a rule is replaced when its server comes back on another
// port, and rules of bridges that no longer exist are swept. Installing is idempotent.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
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

/** Whether a server's gateway still listens on `port` here (a dead server's port refuses). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (live: boolean) => {
      socket.destroy();
      resolve(live);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export function createGatewayRoutes(port: () => number) {
  // Bridges routed to the current port by this process, so a start costs no iptables call.
  const routed = new Set<string>();
  let lastPort = 0;
  /** Makes `bridge`'s 169.254.170.2:80 lead to this server's gateway. */
  async function ensure(bridge: string): Promise<void> {
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
  }

  return {
    ensure,
    /**
     * Makes each bridge lead to a live gateway: left alone when it leads to another live server's
     * (servers sharing a host share the networks) — one that says so in the database (`peers`) and
     * still listens — else pointed at this server's. A port is never trusted for merely listening: a
     * process that took a dead server's port must not receive instances' tokens.
     */
    async adopt(bridges: string[], peers: ReadonlySet<number>): Promise<void> {
      const to = port();
      const current = await rules();
      const live = new Map<number, Promise<boolean>>([[to, Promise.resolve(true)]]);
      const alive = (p: number) =>
        live.get(p) ?? live.set(p, peers.has(p) ? listening(p) : Promise.resolve(false)).get(p)!;
      for (const bridge of bridges) {
        const ports = current.filter((r) => r.bridge === bridge).map((r) => r.port);
        if (ports.length === 1 && (await alive(ports[0]!))) continue;
        routed.delete(bridge);
        await ensure(bridge);
      }
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
