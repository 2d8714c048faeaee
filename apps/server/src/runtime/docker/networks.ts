// Tenant networks: one bridge network per key (a job's hosts, an endpoint's instances, a user
// profile's apps), named `tsr` + 12 hex digits of the key's hash — which is also its bridge
// interface's name, so isolation.ts's rules cover it. Docker keeps bridge networks apart from
// each other; nothing of one tenant is on another's network, and no container of Tessera's is on
// the default bridge. A network is created with its first container and removed with its last.
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { BRIDGE_PREFIX } from './isolation.ts';
import { installationLabel, managedLabel, statusOf } from './engine.ts';

const keyLabel = 'tessera.network-key';

/** The engine's name (and bridge name, ≤ 15 characters) of a tenant network. */
export const networkName = (installation: string, key: string) =>
  `${BRIDGE_PREFIX}${createHash('sha256').update(`${installation}\0${key}`).digest('hex').slice(0, 12)}`;

/** A tenant network's own address on the host (its bridge's, .1 of the /24 ensureNetwork picks). */
export const isTenantGatewayAddress = (address: string) => /^10\.2[0-4]\d\.\d{1,3}\.1$/.test(address);

/** Two IPv4 addresses in one /24 (a tenant network). */
export const sameSubnet24 = (a: string, b: string) =>
  /^\d+\.\d+\.\d+\.\d+$/.test(b) && a.slice(0, a.lastIndexOf('.')) === b.slice(0, b.lastIndexOf('.'));

export interface TenantNetwork {
  name: string;
  /** `10.x.y` of its /24: hosts that must resolve each other get fixed addresses in it. */
  prefix: string;
}

export async function ensureNetwork(
  docker: Docker,
  installation: string,
  key: string,
  opts: { isolated: boolean },
): Promise<TenantNetwork> {
  const name = networkName(installation, key);
  for (let attempt = 0; ; attempt++) {
    const existing = await inspect(docker, name);
    if (existing) return existing;
    // The subnet is chosen here, not by the engine: fixed addresses need a user-configured one,
    // and the engine's default pools run out after a few dozen networks.
    const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`;
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        // Isolated (EnableNetworkIsolation): no route out; the hosts still talk to each other.
        Internal: opts.isolated,
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
        Options: {
          'com.docker.network.bridge.name': name,
          // The instances of one tenant talk to each other (a job's hosts find their peers).
          'com.docker.network.bridge.enable_icc': 'true',
        },
        Labels: { [managedLabel]: 'true', [installationLabel]: installation, [keyLabel]: key },
      });
    } catch (err) {
      // Created meanwhile by another start: 409, or 403 "networks have same bridge name" (the
      // bridge name is what makes two creates of one key collide instead of both succeeding).
      if (statusOf(err) === 409 || /same bridge name|already exists/i.test(String((err as Error).message))) continue;
      // "Pool overlaps": try another subnet.
      if (attempt >= 10 || !/overlap/i.test(String((err as Error).message))) throw err;
    }
  }
}

async function inspect(docker: Docker, name: string): Promise<TenantNetwork | undefined> {
  try {
    const info = (await docker.getNetwork(name).inspect()) as { IPAM?: { Config?: { Subnet?: string }[] } };
    const subnet = info.IPAM?.Config?.[0]?.Subnet ?? '';
    const prefix = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnet)?.[1];
    if (!prefix) throw new Error(`network ${name} has no /24 subnet to give its hosts fixed addresses`);
    return { name, prefix };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** host → its fixed address: the n-th peer gets .(10 + n), so a peer resolves even after it exits. */
export function peerAddresses(network: TenantNetwork, peers: string[]): Record<string, string> {
  return Object.fromEntries(peers.map((h, i) => [h, `${network.prefix}.${10 + i}`]));
}

/** Removes the network once no container is attached (answers true then); a network still in use stays. */
export async function releaseNetwork(docker: Docker, name: string): Promise<boolean> {
  try {
    const info = (await docker.getNetwork(name).inspect()) as { Containers?: Record<string, unknown> };
    if (Object.keys(info.Containers ?? {}).length) return false;
    await docker.getNetwork(name).remove();
    return true;
  } catch (err) {
    // Gone already, or a container joined between the look and the removal.
    if (statusOf(err) === 404) return true;
    if (statusOf(err) !== 403 && statusOf(err) !== 409) throw err;
    return false;
  }
}
