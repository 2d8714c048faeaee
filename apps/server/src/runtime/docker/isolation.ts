// Tenant networks end at the bridge. Docker keeps bridge networks apart from each other, but not
// from the host: a container reaches every service this host listens on through its network's
// gateway address (and the host's other addresses), and link-local addresses such as a cloud's
// metadata service through the host's routes. And Docker's own rules between bridges have gaps:
// each time the engine creates a network it takes its isolation jump out of FORWARD and puts it
// back, and a packet routed in between reaches another network (seen here: a tenant's scan found
// another tenant's endpoint while other networks were being made). So Tessera keeps its own rules
// where the engine never writes. Every Tessera network's bridge is named `tsr…` (networks.ts), so
// two chains cover them all, however many networks come and go:
//   filter INPUT    -i tsr+ → TESSERA-INPUT:   replies to connections the host opened pass; the rest drops
//   mangle FORWARD  → TESSERA-FORWARD: nothing is routed into a tenant network but replies (traffic
//                   bridged within one network passes: it is not routed), and nothing out of one to
//                   the engine's other bridges or to a link-local address
//   nat PREROUTING  -i tsr+ to 169.254.170.2:80 → TESSERA-GATEWAY: the control plane's gateway (the
//                   AWS container-credentials address every SDK accepts over plain HTTP), redirected
//                   per network to the port of the server that owns it (gateway-routes.ts); filter
//                   INPUT lets exactly those redirected connections in
// The mangle table's FORWARD runs before the filter table's, and the engine leaves it alone.
// The same for IPv6 where ip6tables exists. Installing is idempotent (each rule is checked before
// it is added), so several installations on one host, or a restart, leave one copy.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BRIDGE_PREFIX = 'tsr';
/** Where an instance finds the control plane: ECS's credentials address, which SDKs trust over HTTP. */
export const GATEWAY_ADDRESS = '169.254.170.2';
export const GATEWAY_CHAIN = 'TESSERA-GATEWAY';
const IFACE = `${BRIDGE_PREFIX}+`;

type Table = 'iptables' | 'ip6tables';

async function rule(
  bin: Table,
  table: 'filter' | 'mangle' | 'nat',
  chain: string,
  spec: string[],
  position: 'append' | 'first',
): Promise<void> {
  try {
    await run(bin, ['-w', '-t', table, '-C', chain, ...spec]);
  } catch {
    const where = position === 'first' ? ['-I', chain, '1'] : ['-A', chain];
    await run(bin, ['-w', '-t', table, ...where, ...spec]);
  }
}

async function chain(bin: Table, table: 'filter' | 'mangle' | 'nat', name: string): Promise<void> {
  await run(bin, ['-w', '-t', table, '-N', name]).catch(() => undefined); // exists already
}

async function install(bin: Table): Promise<void> {
  await chain(bin, 'filter', 'TESSERA-INPUT');
  if (bin === 'iptables') {
    // The gateway: connections a TESSERA-GATEWAY rule redirected are let in, whichever port they went to.
    await chain(bin, 'nat', GATEWAY_CHAIN);
    const toGateway = ['-d', `${GATEWAY_ADDRESS}/32`, '-p', 'tcp', '--dport', '80'];
    await rule(bin, 'nat', 'PREROUTING', ['-i', IFACE, ...toGateway, '-j', GATEWAY_CHAIN], 'first');
    const redirected = [
      '-m',
      'conntrack',
      '--ctstate',
      'DNAT',
      '--ctorigdst',
      GATEWAY_ADDRESS,
      '--ctorigdstport',
      '80',
    ];
    await rule(bin, 'filter', 'TESSERA-INPUT', ['-p', 'tcp', ...redirected, '-j', 'ACCEPT'], 'first');
  }
  const established = ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'RETURN'];
  await rule(bin, 'filter', 'TESSERA-INPUT', established, 'append');
  await rule(bin, 'filter', 'TESSERA-INPUT', ['-j', 'DROP'], 'append');
  await rule(bin, 'filter', 'INPUT', ['-i', IFACE, '-j', 'TESSERA-INPUT'], 'first');

  await chain(bin, 'mangle', 'TESSERA-FORWARD');
  // Into a tenant network, from another one, docker0 or anywhere else, only replies are routed: no
  // instance serves anything but the control plane on the host (whose packets are not forwarded).
  // Within one network traffic is bridged, which br_netfilter shows here as such.
  const routedIn = ['-o', IFACE, '-m', 'physdev', '!', '--physdev-is-bridged'];
  const notReply = ['-m', 'conntrack', '!', '--ctstate', 'ESTABLISHED,RELATED'];
  await rule(bin, 'mangle', 'TESSERA-FORWARD', [...routedIn, ...notReply, '-j', 'DROP'], 'append');
  for (const other of ['docker0', 'br-+'])
    await rule(bin, 'mangle', 'TESSERA-FORWARD', ['-i', IFACE, '-o', other, '-j', 'DROP'], 'append');
  const linkLocal = bin === 'iptables' ? '169.254.0.0/16' : 'fe80::/10';
  await rule(bin, 'mangle', 'TESSERA-FORWARD', ['-i', IFACE, '-d', linkLocal, '-j', 'DROP'], 'append');
  await rule(bin, 'mangle', 'FORWARD', ['-j', 'TESSERA-FORWARD'], 'first');
  // Earlier forms of these rules, replaced by the ones above.
  const old = [
    ['-t', 'mangle', '-D', 'FORWARD', '-i', IFACE, '-j', 'TESSERA-FORWARD'],
    ['-t', 'mangle', '-D', 'TESSERA-FORWARD', ...routedIn, '-j', 'DROP'],
    ['-t', 'mangle', '-D', 'TESSERA-FORWARD', '-d', linkLocal, '-j', 'DROP'],
  ];
  for (const args of old) await run(bin, ['-w', ...args]).catch(() => undefined);
  // Earlier versions hung TESSERA-FORWARD on the engine's DOCKER-USER chain: take that away.
  await run(bin, ['-w', '-D', 'DOCKER-USER', '-i', IFACE, '-j', 'TESSERA-FORWARD']).catch(() => undefined);
  await run(bin, ['-w', '-F', 'TESSERA-FORWARD']).catch(() => undefined);
  await run(bin, ['-w', '-X', 'TESSERA-FORWARD']).catch(() => undefined);
}

/** Installs the rules; answers why they could not be, or undefined when they are in place. */
export async function isolateTenantNetworks(): Promise<string | undefined> {
  try {
    await install('iptables');
  } catch (err) {
    return (
      'the firewall rules that keep containers off this host could not be installed: ' +
      `${(err as Error).message.split('\n')[0]}`
    );
  }
  // IPv6 is best effort: without ip6tables the kernel has no IPv6 filtering to configure, and
  // containers get IPv6 disabled on their interfaces anyway (docker-runtime.ts).
  await install('ip6tables').catch(() => undefined);
  return undefined;
}
