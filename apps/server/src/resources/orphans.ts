// At start-up, before anything is reconciled: every instance a runtime holds for this installation
// must be one a live row records. Anything else — an app deleted while the server was down, a
// duplicate started before a crash, a container started but never recorded — is stopped and
// removed, so nothing is left running unaccounted for (and unmetered).
import type { App } from '@tessera/db';
import type { DiscoveredInstance, InstanceState } from '../runtime/contract.ts';
import type { Fleet } from './endpoints/fleet-shape.ts';
import type { Services } from './services.ts';

type Deps = Pick<Services, 'db' | 'runtimes' | 'logger'>;

const sameInstance = (a: InstanceState, b: InstanceState) =>
  ['pid', 'containerId'].every((k) => a[k] === undefined || b[k] === undefined || a[k] === b[k]);

/** One runtime may answer to two names (the swarm runtime holds this host's docker instances too). */
function sameRuntime(s: Deps, a: string, b: string): boolean {
  try {
    return s.runtimes.of(a) === s.runtimes.of(b);
  } catch {
    return false; // a runtime not available here
  }
}

async function appLive(s: Deps, runtime: string, i: DiscoveredInstance): Promise<boolean> {
  const row: App | null = await s.db.app.findUnique({ where: { id: i.resourceId } });
  if (!row || row.desiredState !== 'Present' || !['Pending', 'InService'].includes(row.status)) return false;
  if (row.backend && !sameRuntime(s, row.backend, runtime)) return false;
  const recorded = row.backendState as InstanceState | null;
  return !recorded || sameInstance(recorded, i.state);
}

async function endpointLive(s: Deps, i: DiscoveredInstance): Promise<boolean> {
  const e = await s.db.endpoint.findUnique({ where: { name: i.resourceId } });
  if (!e) return false;
  const fleets = [e.variants, (e.backendState as { fleet?: Fleet } | null)?.fleet] as (Fleet | null | undefined)[];
  return fleets.some((f) => f?.variants.some((v) => v.instances.some((x) => x.id === i.host)));
}

async function jobLive(s: Deps, i: DiscoveredInstance): Promise<boolean> {
  const job = await s.db.job.findUnique({ where: { id: i.resourceId } });
  return !!job && ['InProgress', 'Stopping'].includes(job.status);
}

/**
 * `heldByPeer`: whether another live server is working on a resource (its reconcile key): an instance
 * it has just started, or is draining, is not yet (or no longer) on the row, and is not an orphan.
 */
export async function removeOrphans(
  s: Deps,
  heldByPeer: (key: string) => Promise<boolean> = async () => false,
): Promise<number> {
  let removed = 0;
  for (const runtime of s.runtimes.all()) {
    for (const i of await runtime.list()) {
      if (await heldByPeer(`${i.kind.charAt(0).toLowerCase()}${i.kind.slice(1)}/${i.resourceId}`)) continue;
      const live =
        i.kind === 'App'
          ? await appLive(s, runtime.name, i)
          : i.kind === 'Endpoint'
            ? await endpointLive(s, i)
            : await jobLive(s, i);
      if (live) continue;
      s.logger.warn(
        { runtime: runtime.name, kind: i.kind, resource: i.resourceId, host: i.host },
        'removing an instance no live row records',
      );
      await runtime.stop(i.state, { graceMs: 2_000 }).catch(() => undefined);
      await runtime.remove(i.state).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
