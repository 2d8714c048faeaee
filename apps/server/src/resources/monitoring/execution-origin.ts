// What a monitoring execution's processing job records of where it came from (Job.origin), as it
// was when it was launched: a schedule deleted or updated later does not change what it was.
import type { Job, MonitoringSchedule } from '@tessera/db';
import type { MonitoringType } from '@tessera/contracts';
import type { MonitoringJob } from './monitoring-job.ts';

export interface MonitoringOrigin {
  monitoring: {
    scheduleName: string;
    scheduleArn: string;
    type: MonitoringType;
    definitionName?: string;
    endpointName?: string;
    /** The window the execution analysed (ISO times). */
    start: string;
    end: string;
  };
}

export function monitoringOf(job: Pick<Job, 'origin'>): MonitoringOrigin['monitoring'] | undefined {
  return (job.origin as Partial<MonitoringOrigin> | null)?.monitoring;
}

/** What an execution of `job` for `schedule` over `window` records, launched or refused alike. */
export function executionOrigin(
  schedule: Pick<MonitoringSchedule, 'name' | 'arn'>,
  job: MonitoringJob,
  definitionName: string | undefined,
  window: { start: Date; end: Date },
): MonitoringOrigin {
  const endpointName = job.input.EndpointInput?.EndpointName;
  return {
    monitoring: {
      scheduleName: schedule.name,
      scheduleArn: schedule.arn,
      type: job.type,
      ...(definitionName ? { definitionName } : {}),
      ...(endpointName ? { endpointName } : {}),
      start: window.start.toISOString(),
      end: window.end.toISOString(),
    },
  };
}
