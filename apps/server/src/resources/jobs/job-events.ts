// The one shape of a job's status event, seen by admins and the job's owner.
import type { Job } from '@tessera/db';
import type { Services } from '../services.ts';

export function publishJobStatus(
  s: Pick<Services, 'events'>,
  job: Pick<Job, 'arn' | 'kind' | 'name' | 'ownerUserId'>,
  status: string,
  detail: Record<string, unknown> = {},
): void {
  s.events.publish({
    type: `${job.kind.charAt(0).toLowerCase()}${job.kind.slice(1)}Job.status`,
    resourceArn: job.arn,
    status,
    detail: { name: job.name, ...detail },
    audienceUserIds: job.ownerUserId ? [job.ownerUserId] : [],
  });
}
