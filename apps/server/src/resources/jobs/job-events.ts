// The one shape of a job's status event, seen by admins and the job's owner. A tuning job's training
// jobs name it (tuningJobArn), so its page follows them.
import type { Job } from '@tessera/db';
import type { Services } from '../services.ts';

export function publishJobStatus(
  s: Pick<Services, 'events'>,
  job: Pick<Job, 'arn' | 'kind' | 'name' | 'ownerUserId'> & Partial<Pick<Job, 'origin'>>,
  status: string,
  detail: Record<string, unknown> = {},
): void {
  const tuning = (job.origin as { tuningJob?: { arn: string } } | null | undefined)?.tuningJob;
  s.events.publish({
    type: `${job.kind.charAt(0).toLowerCase()}${job.kind.slice(1)}Job.status`,
    resourceArn: job.arn,
    status,
    detail: { name: job.name, ...(tuning ? { tuningJobArn: tuning.arn } : {}), ...detail },
    audienceUserIds: job.ownerUserId ? [job.ownerUserId] : [],
  });
}
