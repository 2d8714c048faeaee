// reconcileMonitoringSchedule: one step of a schedule. A Scheduled schedule whose time has come
// (the latest cron fire since the last one it ran, or the NOW it was armed with) launches that
// execution as its owner, then records it as run. (schedule, scheduled time) is unique among the
// processing jobs, so a step interrupted by a crash and redone — or a second server — finds the
// execution already there and never runs it twice; fires missed while the server was down are not
// made up, except the latest. An execution that cannot be launched (its endpoint gone, a quota
// full, a bucket no longer the owner's) is recorded as a Failed execution with the reason.
import { randomUUID } from 'node:crypto';
import type { MonitoringScheduleConfig } from '@tessera/contracts';
import type { MonitoringSchedule } from '@tessera/db';
import { ApiError } from '../../platform/errors.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';
import type { Services } from '../services.ts';
import { actingAs } from '../../platform/identity/principal.ts';
import { publishJobStatus } from '../jobs/job-events.ts';
import { checkMonitoringJob } from './check-monitoring-job.ts';
import { executionOrigin } from './execution-origin.ts';
import { executionName, launchExecution } from './launch-execution.ts';
import type { MonitoringJob } from './monitoring-job.ts';
import { lastFire, nextFire, offsetMs, parseSchedule } from './schedule-expression.ts';
import { scheduleJob } from './schedule-job.ts';

type Deps = Pick<Services, 'db' | 'logger' | 'events' | 'reconciler' | 'arns' | 'runtimes' | 'objects'>;

/** Wake at least this often: a clock that jumped, or a missed enqueue, is noticed within it. */
const MAX_SLEEP_MS = 10 * 60_000;

/** When the schedule is next due, or undefined when it has run all it will. */
export function dueTime(schedule: MonitoringSchedule, now: Date): Date | undefined {
  const config = schedule.config as unknown as MonitoringScheduleConfig;
  const parsed = parseSchedule(config.ScheduleConfig!.ScheduleExpression);
  const last = schedule.lastScheduledTime?.getTime() ?? -Infinity;
  if (parsed.kind === 'now')
    return schedule.runOnceAt && schedule.runOnceAt.getTime() > last ? schedule.runOnceAt : undefined;
  const fire = lastFire(parsed, now);
  const since = Math.max(last, schedule.createdAt.getTime());
  return fire.getTime() > since ? fire : nextFire(parsed, new Date(Math.max(since, now.getTime())));
}

/** The window an execution at `at` analyses: the schedule's offsets, else the input's, else the hour before. */
export function windowOf(schedule: MonitoringSchedule, job: MonitoringJob, at: Date): { start: Date; end: Date } {
  const config = (schedule.config as unknown as MonitoringScheduleConfig).ScheduleConfig;
  const input = job.input.EndpointInput;
  const start = config?.DataAnalysisStartTime ?? input?.StartTimeOffset ?? '-PT1H';
  const end = config?.DataAnalysisEndTime ?? input?.EndTimeOffset ?? 'PT0H';
  return {
    start: new Date(at.getTime() + offsetMs(start, 'DataAnalysisStartTime')),
    end: new Date(at.getTime() + offsetMs(end, 'DataAnalysisEndTime')),
  };
}

export function createMonitoringScheduleReconciler(s: Deps) {
  const { db, logger } = s;

  return async function reconcileMonitoringSchedule(id: string): Promise<ReconcileResult> {
    const schedule = await db.monitoringSchedule.findUnique({ where: { id } });
    if (!schedule || schedule.status !== 'Scheduled') return;
    const now = new Date();
    const due = dueTime(schedule, now);
    if (!due) return;
    if (due.getTime() > now.getTime()) return { requeueAfterMs: Math.min(due.getTime() - now.getTime(), MAX_SLEEP_MS) };
    const existing = await db.job.findFirst({ where: { monitoringScheduleId: id, scheduledTime: due } });
    if (!existing) await execute(schedule, due);
    // Recorded only if the schedule is still as read: an Update or Stop meanwhile wins.
    await db.monitoringSchedule.updateMany({
      where: { id, status: 'Scheduled', updatedAt: schedule.updatedAt },
      data: { lastScheduledTime: due },
    });
    return { requeueAfterMs: 0 };
  };

  async function execute(schedule: MonitoringSchedule, due: Date): Promise<void> {
    const owner = schedule.ownerUserId ? await db.user.findUnique({ where: { id: schedule.ownerUserId } }) : null;
    const resolved = await scheduleJob(db, schedule);
    if (!owner || !resolved) {
      await db.monitoringSchedule.updateMany({
        where: { id: schedule.id, status: 'Scheduled' },
        data: {
          status: 'Failed',
          failureReason: !owner ? "the schedule's owner no longer exists" : 'its job definition no longer exists',
        },
      });
      return;
    }
    const principal = actingAs(owner);
    const ctx = { services: s, principal };
    const window = windowOf(schedule, resolved.job, due);
    try {
      const watched = await checkMonitoringJob(ctx, resolved.job, '');
      await launchExecution(ctx, {
        schedule,
        job: resolved.job,
        watched,
        scheduledTime: due,
        window,
        definitionName: resolved.definitionName,
      });
    } catch (err) {
      // Another server launched this very execution first: nothing more to do.
      if (await db.job.findFirst({ where: { monitoringScheduleId: schedule.id, scheduledTime: due } })) return;
      if (!(err instanceof ApiError)) throw err;
      logger.info({ schedule: schedule.name, reason: err.message }, 'monitoring execution could not be launched');
      await recordRefused(schedule, resolved, due, window, err.message);
    }
  }

  /** A Failed execution that never ran: a processing job row that says why, as SageMaker lists one. */
  async function recordRefused(
    schedule: MonitoringSchedule,
    resolved: { job: MonitoringJob; definitionName?: string },
    due: Date,
    window: { start: Date; end: Date },
    reason: string,
  ): Promise<void> {
    const name = executionName(resolved.job.type, due);
    try {
      const job = await db.job.create({
        data: {
          id: randomUUID(),
          kind: 'Processing',
          name,
          arn: s.arns.named('processing-job', name),
          ownerUserId: schedule.ownerUserId,
          // What DescribeProcessingJob shows of a job that never ran: what it would have run.
          spec: {
            ProcessingJobName: name,
            ProcessingResources: { ClusterConfig: resolved.job.cluster },
            AppSpecification: { ImageUri: resolved.job.image },
            RoleArn: resolved.job.roleArn,
          } as never,
          status: 'Failed',
          failureReason: `ClientError: ${reason}`.slice(0, 1024),
          instanceType: resolved.job.cluster.InstanceType,
          instanceCount: resolved.job.cluster.InstanceCount,
          monitoringScheduleId: schedule.id,
          scheduledTime: due,
          origin: executionOrigin(schedule, resolved.job, resolved.definitionName, window) as never,
          endedAt: new Date(),
        },
      });
      publishJobStatus(s, job, 'Failed', { failureReason: job.failureReason! });
    } catch (err) {
      // The unique (schedule, time): another server recorded it first.
      if (!(await db.job.findFirst({ where: { monitoringScheduleId: schedule.id, scheduledTime: due } }))) throw err;
    }
  }
}
