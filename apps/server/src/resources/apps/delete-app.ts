// Asks for an app to go: `Deleting` at once (as SageMaker answers DeleteApp), the instance is
// stopped by the reconciler, then `Deleted`. Used by DeleteApp and Studio's stop button (idle
// shutdown does the same from inside the reconciler).
import type { App } from '@tessera/db';
import type { Services } from '../services.ts';
import { publishAppStatus } from './app-events.ts';

export async function markAppForDeletion(
  s: Pick<Services, 'db' | 'reconciler' | 'events'>,
  app: App,
): Promise<boolean> {
  const { count } = await s.db.app.updateMany({
    where: { id: app.id, status: { not: 'Deleted' } },
    data: { desiredState: 'Deleted', status: 'Deleting' },
  });
  if (count) {
    await publishAppStatus(s, app, 'Deleting');
    s.reconciler.enqueue('app', app.id);
  }
  return count > 0;
}
