// Tenant networks end at the bridge. Docker keeps bridge networks apart from each other, but not
// from the host: a container reaches every service this host listens on through its network's
// gateway address (and the host's other addresses), and link-local addresses such as a cloud's
// metadata service through the host's routes. Every Tessera network's bridge is named `tsr…`
// (networks.ts), so two chains cover them all, however many networks come and go:
//   INPUT  -i tsr+ → TESSERA-INPUT:   replies to connections the host opened pass; the rest drops
//   DOCKER-USER -i tsr+ → TESSERA-FORWARD: link-local destinations drop (Docker's own chain
//                                       for rules of its users, consulted before its own)
// The same for IPv6 where ip6tables exists. Installing is idempotent (each rule is checked before
// it is added), so several installations on one host, or a restart, leave one copy.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BRIDGE_PREFIX = 'tsr';
const IFACE = `${BRIDGE_PREFIX}+`;

type Table = 'iptables' | 'ip6tables';

async function rule(bin: Table, chain: string, spec: string[], position: 'append' | 'first'): Promise<void> {
  try {
    await run(bin, ['-w', '-C', chain, ...spec]);
  } catch {
    await run(bin, ['-w', position === 'first' ? '-I' : '-A', chain, ...(position === 'first' ? ['1'] : []), ...spec]);
  }
}

async function chain(bin: Table, name: string): Promise<void> {
  await run(bin, ['-w', '-N', name]).catch(() => undefined); // exists already
}

async function install(bin: Table): Promise<void> {
  await chain(bin, 'TESSERA-INPUT');
  await rule(bin, 'TESSERA-INPUT', ['-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'RETURN'], 'append');
  await rule(bin, 'TESSERA-INPUT', ['-j', 'DROP'], 'append');
  await rule(bin, 'INPUT', ['-i', IFACE, '-j', 'TESSERA-INPUT'], 'first');
  await chain(bin, 'TESSERA-FORWARD');
  const linkLocal = bin === 'iptables' ? '169.254.0.0/16' : 'fe80::/10';
  await rule(bin, 'TESSERA-FORWARD', ['-d', linkLocal, '-j', 'DROP'], 'append');
  // DOCKER-USER exists once the engine manages iptables; without it the engine forwards nothing
  // for us to guard.
  await chain(bin, 'DOCKER-USER');
  await rule(bin, 'DOCKER-USER', ['-i', IFACE, '-j', 'TESSERA-FORWARD'], 'first');
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
