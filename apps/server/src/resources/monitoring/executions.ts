// A monitoring execution is its processing job: its status is the job's, with Completed split by
// what the analyzer said in its exit message ("CompletedWithViolations: ..."), as SageMaker reports it.
import type { ExecutionStatus } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import { epochSeconds } from '../domains/views.ts';
import { monitoringOf } from './execution-origin.ts';

export type ExecutionJob = Pick<
  Job,
  'id' | 'arn' | 'status' | 'exitMessage' | 'failureReason' | 'createdAt' | 'updatedAt' | 'origin' | 'scheduledTime'
>;

export const EXECUTION_COLUMNS = {
  id: true,
  arn: true,
  name: true,
  status: true,
  exitMessage: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  origin: true,
  scheduledTime: true,
  monitoringScheduleId: true,
} as const;

export function executionStatus(job: Pick<Job, 'status' | 'exitMessage'>): ExecutionStatus {
  if (job.status === 'Completed')
    return job.exitMessage?.startsWith('CompletedWithViolations') ? 'CompletedWithViolations' : 'Completed';
  if (job.status === 'InProgress' || job.status === 'Failed' || job.status === 'Stopping' || job.status === 'Stopped')
    return job.status;
  return 'Pending';
}

export function executionSummary(job: ExecutionJob) {
  const m = monitoringOf(job)!;
  return {
    MonitoringScheduleName: m.scheduleName,
    ScheduledTime: epochSeconds(job.scheduledTime ?? job.createdAt),
    CreationTime: epochSeconds(job.createdAt),
    LastModifiedTime: epochSeconds(job.updatedAt),
    MonitoringExecutionStatus: executionStatus(job),
    ProcessingJobArn: job.arn,
    ...(m.endpointName ? { EndpointName: m.endpointName } : {}),
    ...(job.failureReason ? { FailureReason: job.failureReason } : {}),
    ...(m.definitionName ? { MonitoringJobDefinitionName: m.definitionName } : {}),
    MonitoringType: m.type,
  };
}
