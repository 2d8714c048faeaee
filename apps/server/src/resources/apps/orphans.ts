// At start-up, before apps are reconciled: every instance a backend runs for Tessera must
// belong to a live app row and be the instance that row records. Anything else (an app deleted
// while the server was down, a duplicate started before a crash) is stopped, so nothing is
// left orphaned or duplicated.
import type { BackendState } from '../../runtime/backend.ts';
import type { Services } from '../services.ts';

const sameInstance = (a: BackendState, b: BackendState) =>
  ['pid', 'containerId'].every((k) => a[k] === undefined || b[k] === undefined || a[k] === b[k]);

export async function stopOrphans(s: Pick<Services, 'db' | 'backends' | 'logger'>): Promise<number> {
  let stopped = 0;
  for (const backend of s.backends.all()) {
    const instances = await backend.list();
    if (!instances.length) continue;
    const rows = await s.db.app.findMany({ where: { id: { in: instances.map((i) => i.appId) } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const instance of instances) {
      const row = byId.get(instance.appId);
      const live =
        row &&
        row.desiredState === 'Present' &&
        (row.status === 'Pending' || row.status === 'InService') &&
        row.backend === backend.name;
      const recorded = row?.backendState as BackendState | null | undefined;
      if (live && (!recorded || sameInstance(recorded, instance.state))) continue;
      s.logger.warn(
        {
          appId: instance.appId,
          backend: backend.name,
          reason: row ? 'not the recorded instance of a live app' : 'no such app',
        },
        'stopping orphaned instance',
      );
      await backend.stop(instance.state, { graceMs: 2_000 });
      stopped++;
    }
  }
  return stopped;
}
