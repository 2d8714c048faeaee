// kill -9 of the server while a monitoring execution runs: after the restart the execution is
// adopted and completes, once — the schedule launches no second execution for the same time, and
// the processing container ran once.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDataQualityJobDefinitionCommand, CreateMonitoringScheduleCommand } from '@aws-sdk/client-sagemaker';
import {
  DescribeProcessingJobCommand,
  ListMonitoringExecutionsCommand,
  ListProcessingJobsCommand,
} from '@aws-sdk/client-sagemaker';
import {
  adminClients,
  sageMakerClient,
  startServer,
  testDatabase,
  waitFor,
  type RunningServer,
} from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { uniqueName, useCleanups, type Harness } from './harness.ts';
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
import { ROLE, workUser } from './work-fixture.ts';

const cleanup = useCleanups();
const env = { TESSERA_BACKEND: 'docker' };

describe('a monitoring execution survives kill -9 of the server', { timeout: 400_000 }, () => {
  it('completes once', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    let server: RunningServer = await startServer({ databaseUrl: db.url, env });
    const first = server;
    cleanup(() => first.cleanup());
    cleanup(() => server.stop());
    const h = { server, ...(await adminClients(server)) } as unknown as Harness;
    const u = await workUser(h);
    const { endpoint } = await capturingEndpoint(u);
    const dataset = await u.put('baseline/data/train.csv', baselineCsv(featureRows(1000, 5)));
    const baseline = `s3://${u.bucket}/baseline/results`;
    await suggestBaseline(u, dataset, baseline);
    await sendTraffic(u, endpoint, featureRows(200, 7));
    await captured(u, endpoint, 4);

    const preprocessor = await u.put(
      'code/slow_preprocessor.py',
      [
        'import time',
        'time.sleep(8)',
        '',
        '',
        'def preprocess_handler(inference_record):',
        '    ins = inference_record.endpoint_input.data.strip().splitlines()',
        '    outs = inference_record.endpoint_output.data.strip().splitlines()',
        '    rows = [(o, i.split(",")) for o, i in zip(outs, ins)]',
        '    return [[float(o), float(i[0]), float(i[1]), i[2]] for o, i in rows]',
        '',
      ].join('\n'),
    );
    const definition = uniqueName('dq');
    await u.sagemaker.send(
      new CreateDataQualityJobDefinitionCommand({
        JobDefinitionName: definition,
        DataQualityBaselineConfig: {
          ConstraintsResource: { S3Uri: `${baseline}/constraints.json` },
          StatisticsResource: { S3Uri: `${baseline}/statistics.json` },
        },
        // A record preprocessor that takes its time to load, so the crash lands while the container runs.
        DataQualityAppSpecification: { ImageUri: MONITOR_IMAGE, RecordPreprocessorSourceUri: preprocessor },
        DataQualityJobInput: {
          EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
        },
        DataQualityJobOutputConfig: {
          MonitoringOutputs: [
            { S3Output: { S3Uri: `s3://${u.bucket}/monitoring`, LocalPath: '/opt/ml/processing/output' } },
          ],
        },
        JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
        RoleArn: ROLE,
      }),
    );
    const schedule = uniqueName('crash');
    await u.sagemaker.send(
      new CreateMonitoringScheduleCommand({
        MonitoringScheduleName: schedule,
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H', DataAnalysisEndTime: '-PT0H' },
          MonitoringJobDefinitionName: definition,
          MonitoringType: 'DataQuality',
        },
      }),
    );
    const running = await waitFor(
      async () => {
        const page = await u.sagemaker.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule }));
        const e = page.MonitoringExecutionSummaries![0];
        if (!e) return undefined;
        const job = await u.sagemaker.send(
          new DescribeProcessingJobCommand({ ProcessingJobName: e.ProcessingJobArn!.split('/').pop()! }),
        );
        return job.ProcessingStartTime ? job : undefined;
      },
      'the execution running',
      60_000,
      100,
    );
    await server.stop('SIGKILL');
    server = await startServer({ dataDir: server.dataDir, databaseUrl: db.url, env });
    const sm = sageMakerClient(server.url, u.credentials);

    const d = await executionEnds(sm, schedule, 0, 150_000);
    expect(
      d.LastMonitoringExecutionSummary!.MonitoringExecutionStatus,
      d.LastMonitoringExecutionSummary!.FailureReason,
    ).toBe('Completed');
    const executions = await sm.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule }));
    expect(executions.MonitoringExecutionSummaries!.map((e) => e.ProcessingJobArn)).toEqual([running.ProcessingJobArn]);
    // No other processing job of this kind was started for it, and its container ran once.
    const all = await sm.send(new ListProcessingJobsCommand({ NameContains: 'model-monitoring-', MaxResults: 100 }));
    expect(
      all.ProcessingJobSummaries!.filter(
        (j) => j.ProcessingJobArn !== running.ProcessingJobArn && j.CreationTime! >= running.CreationTime!,
      ),
    ).toEqual([]);
    const logsClient = new CloudWatchLogsClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: u.credentials,
      maxAttempts: 1,
    });
    const logs = await logsClient.send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/sagemaker/ProcessingJobs',
        logStreamNamePrefix: running.ProcessingJobName,
      }),
    );
    const starts = (logs.events ?? []).filter((e) => /tessera-sagemaker model-monitor: processing/.test(e.message!));
    expect(starts).toHaveLength(1);
  });
});
