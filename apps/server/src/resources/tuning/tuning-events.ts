// A tuning job's status event, seen by its owner (and admins): Studio's tuning page redraws on it,
// and on its training jobs' own status events.
import type { TuningJob } from '@tessera/db';
import type { Services } from '../services.ts';

export function publishTuningStatus(
  s: Pick<Services, 'events'>,
  t: Pick<TuningJob, 'arn' | 'name' | 'status' | 'ownerUserId' | 'failureReason'>,
): void {
  s.events.publish({
    type: 'hyperParameterTuningJob.status',
    resourceArn: t.arn,
    status: t.status,
    detail: { name: t.name, ...(t.failureReason ? { failureReason: t.failureReason } : {}) },
    audienceUserIds: t.ownerUserId ? [t.ownerUserId] : [],
  });
}
