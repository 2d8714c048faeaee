// Model Monitor on the Docker backend through the AWS SDK: a baseline suggested from a data set, a
// data-quality schedule over a live endpoint's captured traffic — quiet for traffic drawn from the
// baseline's distribution, a violation naming the feature that shifted — job definitions, the
// schedule's life (stop, start, update, delete), refusals with their reasons, and what another
// user gets.
import {
  CreateDataQualityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  DeleteDataQualityJobDefinitionCommand,
  DeleteMonitoringScheduleCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  ListDataQualityJobDefinitionsCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  StartMonitoringScheduleCommand,
  StopMonitoringScheduleCommand,
  UpdateMonitoringScheduleCommand,
  type CreateDataQualityJobDefinitionCommandInput,
  type MonitoringScheduleConfig,
} from '@aws-sdk/client-sagemaker';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import {
  baselineCsv,
  captured,
  capturingEndpoint,
  executionEnds,
  featureRows,
  MONITOR_IMAGE,
  sendTraffic,
  suggestBaseline,
} from './monitor-fixture.ts';
import { ROLE, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
let endpoint: string;
let baseline: string;

function dataQualityDefinition(name: string, extra: Partial<CreateDataQualityJobDefinitionCommandInput> = {}) {
  return {
    JobDefinitionName: name,
    DataQualityBaselineConfig: {
      ConstraintsResource: { S3Uri: `${baseline}/constraints.json` },
      StatisticsResource: { S3Uri: `${baseline}/statistics.json` },
    },
    DataQualityAppSpecification: { ImageUri: MONITOR_IMAGE },
    DataQualityJobInput: { EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' } },
    DataQualityJobOutputConfig: {
      MonitoringOutputs: [
        { S3Output: { S3Uri: `s3://${u.bucket}/monitoring`, LocalPath: '/opt/ml/processing/output' } },
      ],
    },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
    RoleArn: ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    ...extra,
  } satisfies CreateDataQualityJobDefinitionCommandInput;
}

const nowSchedule = (definition: string, start = '-PT1H', end = '-PT0H'): MonitoringScheduleConfig => ({
  ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: start, DataAnalysisEndTime: end },
  MonitoringJobDefinitionName: definition,
  MonitoringType: 'DataQuality',
});

beforeAll(async () => {
  u = await workUser(h);
  ({ endpoint } = await capturingEndpoint(u));
  const dataset = await u.put('baseline/data/train.csv', baselineCsv(featureRows(2000, 11)));
  baseline = `s3://${u.bucket}/baseline/results`;
  await suggestBaseline(u, dataset, baseline);
}, 240_000);

describe('Model Monitor: data quality', { timeout: 300_000 }, () => {
  it('suggests a baseline in Model Monitor formats: statistics.json and constraints.json', async () => {
    const stats = JSON.parse((await u.get('baseline/results/statistics.json')).toString());
    expect(stats.version).toBe(0);
    expect(stats.dataset.item_count).toBe(2000);
    const byName = Object.fromEntries(stats.features.map((f: { name: string }) => [f.name, f]));
    expect(Object.keys(byName)).toEqual(['prediction', 'x', 'y', 'c']);
    expect(byName.x.inferred_type).toBe('Fractional');
    expect(Math.abs(byName.x.numerical_statistics.mean)).toBeLessThan(0.1);
    expect(byName.x.numerical_statistics.distribution.kll.buckets).toHaveLength(10);
    expect(byName.c.inferred_type).toBe('String');
    expect(byName.c.string_statistics.distinct_count).toBe(3);
    const constraints = JSON.parse((await u.get('baseline/results/constraints.json')).toString());
    expect(constraints.monitoring_config.distribution_constraints.comparison_threshold).toBe(0.1);
    const c = constraints.features.find((f: { name: string }) => f.name === 'c');
    expect([...c.string_constraints.domains].sort()).toEqual(['a', 'b', 'c']);
  });

  it('finds no violation in traffic like the baseline, and names the feature that shifted', async () => {
    const definition = uniqueName('dq');
    const created = await u.sagemaker.send(
      new CreateDataQualityJobDefinitionCommand(dataQualityDefinition(definition)),
    );
    expect(created.JobDefinitionArn).toMatch(/:data-quality-job-definition\//);

    await sendTraffic(u, endpoint, featureRows(300, 23));
    await captured(u, endpoint, 6);
    const schedule = uniqueName('dq-schedule');
    const t0 = Date.now();
    await u.sagemaker.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: schedule,
        MonitoringScheduleConfig: nowSchedule(definition),
      }),
    );
    const quiet = await executionEnds(u.sagemaker, schedule);
    const first = quiet.LastMonitoringExecutionSummary!;
    expect(first.MonitoringExecutionStatus, first.FailureReason).toBe('Completed');
    expect(first.MonitoringType).toBe('DataQuality');
    expect(first.EndpointName).toBe(endpoint);
    expect(first.MonitoringJobDefinitionName).toBe(definition);
    const job = await u.sagemaker.send(
      new DescribeProcessingJobCommand({ ProcessingJobName: first.ProcessingJobArn!.split('/').pop()! }),
    );
    expect(job.MonitoringScheduleArn).toBe(quiet.MonitoringScheduleArn);
    expect(job.ExitMessage).toMatch(/^Completed/);

    // Traffic with x shifted by two standard deviations, analysed on its own (a window from t1 on).
    const t1 = Date.now();
    await sendTraffic(u, endpoint, featureRows(300, 29, 2));
    await captured(u, endpoint, 12);
    const seconds = Math.ceil((Date.now() - t1) / 1000) + 1;
    await u.sagemaker.send(
      new UpdateMonitoringScheduleCommand({
        MonitoringScheduleName: schedule,
        MonitoringScheduleConfig: nowSchedule(definition, `-PT${seconds}S`),
      }),
    );
    const loud = await executionEnds(u.sagemaker, schedule, t1);
    const second = loud.LastMonitoringExecutionSummary!;
    expect(second.MonitoringExecutionStatus, second.FailureReason).toBe('CompletedWithViolations');
    const out = `monitoring/${endpoint}/${schedule}/`;
    const { Contents } = await u.s3.send(
      new (await import('@aws-sdk/client-s3')).ListObjectsV2Command({ Bucket: u.bucket, Prefix: out }),
    );
    const keys = (Contents ?? []).map((o) => o.Key!);
    const violationsKey = keys
      .filter((k) => k.endsWith('constraint_violations.json'))
      .sort()
      .pop()!;
    const { violations } = JSON.parse((await u.get(violationsKey)).toString());
    const drift = violations.filter(
      (v: { constraint_check_type: string }) => v.constraint_check_type === 'baseline_drift_check',
    );
    // x moved (the prediction, x + y, moved by less than y's spread); y and c did not.
    const named = drift.map((v: { feature_name: string }) => v.feature_name);
    expect(named).toContain('x');
    expect(named).not.toContain('y');
    expect(named).not.toContain('c');
    expect(
      violations.every((v: { constraint_check_type: string }) => v.constraint_check_type === 'baseline_drift_check'),
    ).toBe(true);

    const executions = await u.sagemaker.send(
      new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule, SortOrder: 'Ascending' }),
    );
    expect(executions.MonitoringExecutionSummaries!.map((e) => e.MonitoringExecutionStatus)).toEqual([
      'Completed',
      'CompletedWithViolations',
    ]);
    expect(executions.MonitoringExecutionSummaries![0]!.ScheduledTime!.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    const filtered = await u.sagemaker.send(
      new ListMonitoringExecutionsCommand({ EndpointName: endpoint, StatusEquals: 'CompletedWithViolations' }),
    );
    expect(filtered.MonitoringExecutionSummaries!.map((e) => e.ProcessingJobArn)).toEqual([second.ProcessingJobArn]);

    // Stop, start, delete: a deleted schedule's executions stay listed as processing jobs.
    await u.sagemaker.send(new StopMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
    const stopped = await u.sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
    expect(stopped.MonitoringScheduleStatus).toBe('Stopped');
    await u.sagemaker.send(new StartMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
    const listed = await u.sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: endpoint }));
    expect(listed.MonitoringScheduleSummaries!.find((s) => s.MonitoringScheduleName === schedule)).toMatchObject({
      MonitoringScheduleStatus: 'Scheduled',
      MonitoringType: 'DataQuality',
      MonitoringJobDefinitionName: definition,
    });
    await expect(
      u.sagemaker.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: definition })),
    ).rejects.toMatchObject({ name: 'ResourceInUse', message: expect.stringContaining(schedule) });
    await u.sagemaker.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
    await u.sagemaker.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: definition }));
    await expect(
      u.sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: schedule })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
    const job2 = await u.sagemaker.send(
      new DescribeProcessingJobCommand({ ProcessingJobName: second.ProcessingJobArn!.split('/').pop()! }),
    );
    expect(job2.ProcessingJobStatus).toBe('Completed');
  });

  it('job definitions are described as created and listed by endpoint', async () => {
    const name = uniqueName('dq-def');
    await u.sagemaker.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition(name)));
    const d = await u.sagemaker.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name }));
    expect(d.JobDefinitionName).toBe(name);
    expect(d.DataQualityJobInput!.EndpointInput!.EndpointName).toBe(endpoint);
    expect(d.DataQualityBaselineConfig!.ConstraintsResource!.S3Uri).toBe(`${baseline}/constraints.json`);
    expect(d.CreationTime).toBeInstanceOf(Date);
    const listed = await u.sagemaker.send(new ListDataQualityJobDefinitionsCommand({ EndpointName: endpoint }));
    expect(listed.JobDefinitionSummaries!.map((s) => s.MonitoringJobDefinitionName)).toContain(name);
    await expect(
      u.sagemaker.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition(name))),
    ).rejects.toMatchObject({ name: 'ResourceInUse' });
    await u.sagemaker.send(new DeleteDataQualityJobDefinitionCommand({ JobDefinitionName: name }));
    await expect(
      u.sagemaker.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  it('holds a user to 100 monitoring schedules (ResourceLimitExceeded)', async () => {
    const definition = uniqueName('dq-many');
    await u.sagemaker.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition(definition)));
    // Daily, twelve hours from now: none fires while the test runs.
    const daily: MonitoringScheduleConfig = {
      ScheduleConfig: { ScheduleExpression: `cron(0 ${(new Date().getUTCHours() + 12) % 24} ? * * *)` },
      MonitoringJobDefinitionName: definition,
      MonitoringType: 'DataQuality',
    };
    const existing = await u.sagemaker.send(new ListMonitoringSchedulesCommand({ MaxResults: 100 }));
    const names: string[] = [];
    for (let i = existing.MonitoringScheduleSummaries!.length; i < 100; i++) {
      names.push(uniqueName('many'));
      await u.sagemaker.send(
        new CreateMonitoringScheduleCommand({ MonitoringScheduleName: names.at(-1)!, MonitoringScheduleConfig: daily }),
      );
    }
    await expect(
      u.sagemaker.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: uniqueName('one-too-many'),
          MonitoringScheduleConfig: daily,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceLimitExceeded',
      message: expect.stringContaining('100 monitoring schedules'),
    });
    for (const n of names) await u.sagemaker.send(new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: n }));
  });

  it('refuses what cannot run, saying why', async () => {
    const definition = uniqueName('dq-ok');
    await u.sagemaker.send(new CreateDataQualityJobDefinitionCommand(dataQualityDefinition(definition)));
    const schedule = (config: MonitoringScheduleConfig) => () =>
      u.sagemaker.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: uniqueName('bad'),
          MonitoringScheduleConfig: config,
        }),
      );
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        schedule({ ...nowSchedule(definition), ScheduleConfig: { ScheduleExpression: 'rate(5 minutes)' } }),
        /ScheduleExpression "rate\(5 minutes\)" is not supported: use NOW, cron\(0 \* \? \* \* \*\)/,
      ],
      [
        schedule({ ...nowSchedule(definition), ScheduleConfig: { ScheduleExpression: 'cron(30 * ? * * *)' } }),
        /is not supported/,
      ],
      [
        schedule({ ...nowSchedule(definition), ScheduleConfig: { ScheduleExpression: 'NOW' } }),
        /A NOW schedule needs ScheduleConfig.DataAnalysisStartTime and DataAnalysisEndTime/,
      ],
      [schedule(nowSchedule(definition, '-PT1H', '-PT2H')), /DataAnalysisStartTime must come before/],
      [schedule(nowSchedule(definition, '-P2D', '-PT0H')), /at most 24 hours/],
      [schedule(nowSchedule(definition, 'soon', '-PT0H')), /"soon" is not an ISO-8601 duration/],
      [schedule({ ...nowSchedule(definition), MonitoringType: undefined }), /MonitoringType is required/],
      [schedule(nowSchedule('no-such-definition')), /Could not find data quality job definition no-such-definition/],
      [
        () =>
          u.sagemaker.send(
            new CreateDataQualityJobDefinitionCommand(
              dataQualityDefinition(uniqueName('d'), {
                DataQualityJobInput: { EndpointInput: { EndpointName: 'no-such-endpoint', LocalPath: '/opt/ml/x' } },
              }),
            ),
          ),
        /Could not find endpoint "no-such-endpoint"/,
      ],
      [
        () =>
          u.sagemaker.send(
            new CreateDataQualityJobDefinitionCommand(
              dataQualityDefinition(uniqueName('d'), {
                DataQualityJobInput: {
                  BatchTransformInput: {
                    DataCapturedDestinationS3Uri: `s3://${u.bucket}/bt`,
                    DatasetFormat: { Csv: { Header: false } },
                    LocalPath: '/opt/ml/processing/input',
                  },
                },
              }),
            ),
          ),
        /BatchTransformInput is not supported/,
      ],
      [
        () =>
          u.sagemaker.send(
            new CreateModelQualityJobDefinitionCommand({
              JobDefinitionName: uniqueName('mq'),
              ModelQualityAppSpecification: { ImageUri: MONITOR_IMAGE },
              ModelQualityJobInput: {
                EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
                GroundTruthS3Input: { S3Uri: `s3://${u.bucket}/ground-truth` },
              },
              ModelQualityJobOutputConfig: dataQualityDefinition('x').DataQualityJobOutputConfig,
              JobResources: dataQualityDefinition('x').JobResources,
              RoleArn: ROLE,
            }),
          ),
        /ProblemType is required/,
      ],
      [
        () =>
          u.sagemaker.send(
            new CreateDataQualityJobDefinitionCommand(
              dataQualityDefinition(uniqueName('d'), {
                JobResources: {
                  ClusterConfig: {
                    InstanceCount: 1,
                    InstanceType: 'ml.nope.large' as 'ml.m5.large',
                    VolumeSizeInGB: 1,
                  },
                },
              }),
            ),
          ),
        /ml\.nope\.large/,
      ],
    ];
    for (const [call, message] of cases) {
      await expect(call()).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringMatching(message),
      });
    }
  });
});
