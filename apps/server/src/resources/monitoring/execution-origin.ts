// What a monitoring execution's processing job records of where it came from (Job.origin), as it
// was when it was launched: a schedule deleted or updated later does not change what it was.
import type { Job } from '@tessera/db';
import type { MonitoringType } from '@tessera/contracts';

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
