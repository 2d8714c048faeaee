// At start-up, before reconciling: work containers that no live row names are removed — a crash
// between starting a container and recording it leaves one, and nothing else would stop it.
import type { Fleet } from '../endpoints/fleet-shape.ts';
import type { Services } from '../services.ts';

export async function removeWorkOrphans(s: Pick<Services, 'db' | 'work' | 'logger'>): Promise<number> {
  const found = await s.work.list();
  let removed = 0;
  for (const c of found) {
    let live = false;
    if (c.kind === 'Endpoint') {
      const e = await s.db.endpoint.findUnique({ where: { name: c.resourceId } });
      const ids = [e?.variants, (e?.backendState as { fleet?: Fleet } | null)?.fleet].flatMap((f) =>
        ((f ?? { variants: [] }) as Fleet).variants.flatMap((v) => v.instances.map((i) => i.id)),
      );
      live = !!e && ids.includes(c.host);
    } else {
      const job = await s.db.job.findUnique({ where: { id: c.resourceId } });
      live = !!job && ['InProgress', 'Stopping'].includes(job.status);
    }
    if (!live) {
      await s.work.remove(c.state).catch(() => undefined);
      removed++;
    }
  }
  if (removed) s.logger.info({ removed }, 'removed work containers no live job or endpoint names');
  return removed;
}
