// Tenant networks stay apart even where the engine's own rules do not hold. Docker 20.10 takes its
// isolation jump (FORWARD → DOCKER-ISOLATION-STAGE-1) out and puts it back each time it creates a
// network; a CI run caught a tenant's scan reaching another tenant's endpoint in that gap. This
// test opens the gap on purpose (the injected failure: the jump removed for a few seconds, as root)
// and asserts that a container on one tsr network still cannot connect to one on another, nor to or
// from a container on the engine's default bridge, while containers of one network still reach each other.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolateTenantNetworks } from '../src/runtime/docker/isolation.ts';

const tag = `${process.pid.toString(16)}${Date.now().toString(16).slice(-4)}`.slice(0, 8);
const nets = { a: `tsrt${tag}a`, b: `tsrt${tag}b` };
const image = 'tessera/kernel-minimal:latest';
const server = `tessera-test-listen-${tag}`;
// A container of someone else's on the engine's default bridge (docker0).
const bystander = `tessera-test-bystander-${tag}`;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const iptables = (...args: string[]) => execFileSync('iptables', ['-w', ...args], { encoding: 'utf8' });
const DOCKER_JUMP = ['FORWARD', '-j', 'DOCKER-ISOLATION-STAGE-1'];

/** 'open' or the error, connecting from a new container on `net` to `ip`:8080. */
function connectFrom(net: string, ip: string): string {
  const probe =
    'import socket\ntry:\n socket.create_connection((IP, 8080), timeout=3).close(); print("open")\n' +
    'except OSError as e:\n print("refused", e)';
  return docker('run', '--rm', '--network', net, image, 'python3', '-c', probe.replace('IP', JSON.stringify(ip)));
}

let serverIp = '';
let bystanderIp = '';
beforeAll(() => {
  for (const [i, net] of [nets.a, nets.b].entries())
    docker(
      'network',
      'create',
      '--subnet',
      `10.19${i}.${Number.parseInt(tag.slice(0, 2), 16)}.0/24`,
      '-o',
      `com.docker.network.bridge.name=${net}`,
      net,
    );
  docker('run', '-d', '--name', server, '--network', nets.b, image, 'python3', '-m', 'http.server', '8080');
  serverIp = docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${nets.b}").IPAddress}}`, server);
  docker('run', '-d', '--name', bystander, '--network', 'bridge', image, 'python3', '-m', 'http.server', '8080');
  bystanderIp = docker('inspect', '-f', '{{.NetworkSettings.Networks.bridge.IPAddress}}', bystander);
}, 120_000);

afterAll(() => {
  execFileSync('docker', ['rm', '-f', server, bystander], { stdio: 'ignore' });
  for (const net of [nets.a, nets.b]) execFileSync('docker', ['network', 'rm', net], { stdio: 'ignore' });
});

describe('tenant networks without the engine’s isolation rules', { timeout: 120_000 }, () => {
  it(
    'keeps a container on one tenant network from another’s and from docker0, ' + 'while one network’s talk',
    async () => {
      expect(await isolateTenantNetworks()).toBeUndefined();
      await new Promise((r) => setTimeout(r, 500)); // the server listening
      expect(connectFrom(nets.b, serverIp)).toBe('open');
      expect(connectFrom('bridge', bystanderIp)).toBe('open');

      // Open the gap the engine leaves while it makes a network, for as long as one probe takes.
      let removed = 0;
      try {
        while (removed < 10) {
          try {
            iptables('-D', ...DOCKER_JUMP);
            removed++;
          } catch {
            break;
          }
        }
        expect(removed).toBeGreaterThan(0);
        expect(connectFrom(nets.a, serverIp)).toMatch(/^refused/);
        // Nor between a tenant and the engine's default bridge, either way.
        expect(connectFrom(nets.a, bystanderIp)).toMatch(/^refused/);
        expect(connectFrom('bridge', serverIp)).toMatch(/^refused/);
      } finally {
        for (let i = 0; i < removed; i++) iptables('-I', DOCKER_JUMP[0]!, '1', ...DOCKER_JUMP.slice(1));
      }
    },
  );
});
