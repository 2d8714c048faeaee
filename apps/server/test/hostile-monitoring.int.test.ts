// Model Monitor against hostile tenants, on the Docker backend through the AWS SDK and Studio's REST
// routes: analysis windows that would have the server list years of hours; an execution's container
// writing far-off metric times, links where its metrics and message belong, and more metric lines
// than a chart needs; results files nested deeper, or larger in all, than an answer can hold; and a
// second user trying every way into the first one's schedules, executions, results and metrics.
import {
  CreateDataQualityJobDefinitionCommand,
  CreateModelQualityJobDefinitionCommand,
  CreateMonitoringScheduleCommand,
  CreateProcessingJobCommand,
  DeleteMonitoringScheduleCommand,
  DescribeDataQualityJobDefinitionCommand,
  DescribeMonitoringScheduleCommand,
  DescribeProcessingJobCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  StartMonitoringScheduleCommand,
  StopMonitoringScheduleCommand,
  UpdateMonitoringScheduleCommand,
  type CreateDataQualityJobDefinitionCommandInput,
  type MonitoringScheduleConfig,
} from '@aws-sdk/client-sagemaker';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { capturingEndpoint, executionEnds, MONITOR_IMAGE, processingEnds } from './monitor-fixture.ts';
import { ROLE, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser; // the victim: an endpoint that captures, schedules over it
let m: WorkUser; // the attacker: a user of the same server
let endpoint: string;
let script: string;

/**
 * What an execution's container does instead of analysing (its ContainerEntrypoint runs the script
 * the definition names as its record preprocessor), by HOSTILE_MODE.
 */
const HOSTILE = `
import json, os, time
out = '/opt/ml/output'
metrics = out + '/metrics/cloudwatch'
os.makedirs(metrics, exist_ok=True)
now = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
def line(name, ts=now):
    return json.dumps({'MetricName': name, 'Value': 1.0, 'Timestamp': ts}) + '\\n'
mode = os.environ['HOSTILE_MODE']
if mode == 'times':
    with open(metrics + '/metrics.jsonl', 'w') as f:
        f.write(line('sane'))
        f.write(line('ancient', -8640000000000000))
        f.write(line('before-christ', '-005000-01-01T00:00:00Z'))
        f.write(line('far-future', '+020000-01-01T00:00:00Z'))
        f.write(line('end-of-time', 8640000000000000))
elif mode == 'links':
    with open(out + '/real.jsonl', 'w') as f:
        f.write(line('through-a-link'))
    os.symlink('../../real.jsonl', metrics + '/metrics.jsonl')
    with open(out + '/claimed', 'w') as f:
        f.write('CompletedWithViolations: through a hard link\\n')
    os.link(out + '/claimed', out + '/message')
    results = '/opt/ml/processing/output'
    os.makedirs(results, exist_ok=True)
    os.symlink('../../../../../../../../etc/passwd', results + '/statistics.json')
    os.symlink('/etc/hostname', results + '/analysis.json')
    os.link(out + '/real.jsonl', results + '/constraint_violations.json')
elif mode == 'flood':
    with open(metrics + '/metrics.jsonl', 'w') as f:
        f.writelines(line('flood-%d' % i) for i in range(5000))
`;

function definition(name: string, mode: string, extra: Partial<CreateDataQualityJobDefinitionCommandInput> = {}) {
  return {
    JobDefinitionName: name,
    DataQualityAppSpecification: {
      ImageUri: MONITOR_IMAGE,
      ContainerEntrypoint: [
        'python3',
        '-c',
        "import os, runpy; runpy.run_path(os.environ['record_preprocessor_script'])",
      ],
      RecordPreprocessorSourceUri: script,
      Environment: { HOSTILE_MODE: mode },
    },
    DataQualityJobInput: { EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' } },
    DataQualityJobOutputConfig: {
      MonitoringOutputs: [
        { S3Output: { S3Uri: `s3://${u.bucket}/monitoring`, LocalPath: '/opt/ml/processing/output' } },
      ],
    },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
    RoleArn: ROLE,
    StoppingCondition: { MaxRuntimeInSeconds: 120 },
    ...extra,
  } satisfies CreateDataQualityJobDefinitionCommandInput;
}

const now = (name: string): MonitoringScheduleConfig => ({
  ScheduleConfig: { ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H', DataAnalysisEndTime: '-PT0H' },
  MonitoringJobDefinitionName: name,
  MonitoringType: 'DataQuality',
});

/** A NOW schedule of a new definition in `mode`; its first execution, ended. */
async function runHostile(mode: string, timeoutMs = 120_000) {
  const name = uniqueName(mode);
  await u.sagemaker.send(new CreateDataQualityJobDefinitionCommand(definition(name, mode)));
  await u.sagemaker.send(
    new CreateMonitoringScheduleCommand({ MonitoringScheduleName: name, MonitoringScheduleConfig: now(name) }),
  );
  const d = await executionEnds(u.sagemaker, name, 0, timeoutMs);
  return { schedule: name, last: d.LastMonitoringExecutionSummary!, job: jobOf(d.LastMonitoringExecutionSummary!) };
}

/** A processing job that writes nothing, its output at s3://<bucket>/<prefix>, ended. */
async function quietJob(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await u.sagemaker.send(
    new CreateProcessingJobCommand({
      ProcessingJobName: name,
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: 'out',
            S3Output: {
              S3Uri: `s3://${u.bucket}/${prefix}`,
              LocalPath: '/opt/ml/processing/output',
              S3UploadMode: 'EndOfJob',
            },
          },
        ],
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
      AppSpecification: { ImageUri: MONITOR_IMAGE, ContainerEntrypoint: ['python3', '-c', 'pass'] },
      RoleArn: ROLE,
    }),
  );
  const ended = await processingEnds(u.sagemaker, name, 120_000);
  expect(ended.ProcessingJobStatus, ended.FailureReason).toBe('Completed');
  return name;
}

const jobOf = (e: { ProcessingJobArn?: string | undefined }) => e.ProcessingJobArn!.split('/').pop()!;

interface Series {
  EndpointName: string;
  Truncated?: boolean;
  Series: { MetricName: string; Points: { Timestamp: string; ProcessingJobName: string }[] }[];
}
const metricsOf = async (who: WorkUser, ep = endpoint) =>
  who.session.rest<Series>('GET', `/api/v1/studio/endpoints/${ep}/monitoring-metrics`);

beforeAll(async () => {
  u = await workUser(h);
  m = await workUser(h);
  ({ endpoint } = await capturingEndpoint(u));
  script = await u.put('code/hostile.py', HOSTILE);
}, 240_000);

describe('Model Monitor against hostile tenants', { timeout: 400_000 }, () => {
  it('refuses analysis windows that would have the server list years of hours', async () => {
    const refused = async (call: Promise<unknown>, message: RegExp) =>
      expect(call).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(message) });
    // Each hour of the window (and of the ground truth, until the execution) is listed in the
    // object store: -P999999W is 168 million hours, more Dates than the server's heap holds.
    const input = (StartTimeOffset: string, EndTimeOffset?: string) => ({
      DataQualityJobInput: {
        EndpointInput: {
          EndpointName: endpoint,
          LocalPath: '/opt/ml/processing/input/endpoint',
          StartTimeOffset,
          ...(EndTimeOffset ? { EndTimeOffset } : {}),
        },
      },
    });
    await refused(
      u.sagemaker.send(
        new CreateDataQualityJobDefinitionCommand(definition(uniqueName('far'), 'x', input('-P999999W'))),
      ),
      /DataQualityJobInput\.EndpointInput\.StartTimeOffset "-P999999W" reaches more than 31 days before the scheduled/,
    );
    await refused(
      u.sagemaker.send(
        new CreateDataQualityJobDefinitionCommand(definition(uniqueName('ahead'), 'x', input('-PT1H', 'P9999W'))),
      ),
      /EndTimeOffset "P9999W" is after the scheduled time/,
    );
    // A day-long window, but 99999 weeks ago: a model quality execution lists every hour of ground
    // truth from the window's start until it runs.
    const quality = uniqueName('mq');
    await u.sagemaker.send(
      new CreateModelQualityJobDefinitionCommand({
        JobDefinitionName: quality,
        ModelQualityAppSpecification: { ImageUri: MONITOR_IMAGE, ProblemType: 'Regression' },
        ModelQualityJobInput: {
          EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
          GroundTruthS3Input: { S3Uri: `s3://${u.bucket}/ground-truth` },
        },
        ModelQualityJobOutputConfig: definition('x', 'x').DataQualityJobOutputConfig,
        JobResources: definition('x', 'x').JobResources,
        RoleArn: ROLE,
      }),
    );
    const schedule = (start: string, end: string, expression = 'NOW') =>
      u.sagemaker.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: uniqueName('window'),
          MonitoringScheduleConfig: {
            ScheduleConfig: { ScheduleExpression: expression, DataAnalysisStartTime: start, DataAnalysisEndTime: end },
            MonitoringJobDefinitionName: quality,
            MonitoringType: 'ModelQuality',
          },
        }),
      );
    await refused(schedule('-P99999W', '-P99998W6D'), /DataAnalysisStartTime "-P99999W" reaches more than 31 days/);
    await refused(schedule('-PT1H', 'PT1H'), /DataAnalysisEndTime "PT1H" is after the scheduled time/);
    // Windows days back are still fine (a cron schedule: nothing runs before the next hour).
    const ok = await schedule('-P2D', '-P1D', 'cron(0 * ? * * *)');
    await u.sagemaker.send(
      new DeleteMonitoringScheduleCommand({ MonitoringScheduleName: ok.MonitoringScheduleArn!.split('/').pop()! }),
    );
  });

  it("a container's far-off metric times neither wedge its execution nor reach the charts", async () => {
    // PostgreSQL refuses years outside 4713 BC..294276 AD (its driver anything past 9999): the
    // insert failed, the step was retried forever and the execution never ended.
    const { last, job } = await runHostile('times', 90_000);
    expect(last.MonitoringExecutionStatus, last.FailureReason).toBe('Completed');
    const { status, body } = await metricsOf(u);
    expect(status).toBe(200);
    const mine = body.Series.flatMap((s) => s.Points.map((p) => ({ name: s.MetricName, ...p }))).filter(
      (p) => p.ProcessingJobName === job,
    );
    expect(mine.map((p) => p.name).sort()).toEqual(['ancient', 'before-christ', 'end-of-time', 'far-future', 'sane']);
    const day = 24 * 3_600_000;
    for (const p of mine) expect(Math.abs(Date.parse(p.Timestamp) - Date.now()), p.name).toBeLessThan(day);
  });

  it('links where the metrics and the message belong are not followed', async () => {
    const { last, job, schedule } = await runHostile('links');
    // The hard-linked message ("CompletedWithViolations") is refused, not believed.
    expect(last.MonitoringExecutionStatus, last.FailureReason).toBe('Completed');
    const { body } = await metricsOf(u);
    expect(body.Series.flatMap((s) => s.Points).filter((p) => p.ProcessingJobName === job)).toEqual([]);
    expect(body.Series.map((s) => s.MetricName)).not.toContain('through-a-link');
    // Nor the links among its results: nothing of the host (or of a second name) is uploaded.
    const listed = await u.s3.send(
      new ListObjectsV2Command({ Bucket: u.bucket, Prefix: `monitoring/${endpoint}/${schedule}/` }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([]);
    const results = await u.session.rest('GET', `/api/v1/studio/jobs/processing/${job}/results`);
    expect(results.body.Outputs).toEqual({});
  });

  it("an endpoint's metric series stays bounded however many lines executions write", async () => {
    // 5,000 points an execution (the most one records), 500 executions charted: 2.5 million points
    // read into memory and written out on every visit to the Monitoring tab.
    const { schedule } = await runHostile('flood');
    let newest = '';
    for (let i = 0; i < 4; i++) {
      const t = Date.now();
      await u.sagemaker.send(
        new UpdateMonitoringScheduleCommand({
          MonitoringScheduleName: schedule,
          MonitoringScheduleConfig: now(schedule),
        }),
      );
      const d = await executionEnds(u.sagemaker, schedule, t);
      expect(d.LastMonitoringExecutionSummary!.MonitoringExecutionStatus).toBe('Completed');
      newest = jobOf(d.LastMonitoringExecutionSummary!);
    }
    const { status, body } = await metricsOf(u);
    expect(status).toBe(200);
    const points = body.Series.flatMap((s) => s.Points);
    expect(points.length).toBeLessThanOrEqual(20_000);
    expect(body.Truncated).toBe(true);
    // The newest are the ones kept, oldest first within each series.
    expect(points.filter((p) => p.ProcessingJobName === newest)).toHaveLength(5000);
    for (const s of body.Series)
      expect(s.Points.map((p) => p.Timestamp)).toEqual(s.Points.map((p) => p.Timestamp).sort());
  });

  it('a results file nested deeper than an answer can be written is answered with a note', async () => {
    const name = await quietJob('deep');
    const depth = 200_000;
    await u.put('deep/statistics.json', '['.repeat(depth) + ']'.repeat(depth));
    await u.put('deep/constraint_violations.json', JSON.stringify({ violations: [] }));
    const { status, body } = await u.session.rest('GET', `/api/v1/studio/jobs/processing/${name}/results`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.Outputs['constraint_violations.json']).toEqual({ violations: [] });
    expect(body.Outputs['statistics.json'].error).toMatch(/nested more than 100 levels deep; read it from s3:\/\//);
  });

  it("a job's results are answered within one bound, however many large files it has", async () => {
    // Each file was allowed 8 MB, five of them an answer: 40 MB parsed and written out again on
    // the server's one thread, half a second of it blocked for everyone, at every request.
    const name = await quietJob('large');
    const big = (key: string) => JSON.stringify({ violations: [], features: [], pad: key.repeat(5_000_000) });
    for (const file of ['constraint_violations.json', 'statistics.json', 'analysis.json'])
      await u.put(`large/${file}`, big('x'));
    const r = await fetch(`${h.server.url}/api/v1/studio/jobs/processing/${name}/results`, {
      headers: { cookie: u.session.cookie, 'x-requested-with': 'tessera-test' },
    });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text.length).toBeLessThan(8.5 * 1024 * 1024);
    const { Outputs } = JSON.parse(text) as { Outputs: Record<string, { error?: string; pad?: string }> };
    expect(Outputs['constraint_violations.json']!.pad).toHaveLength(5_000_000);
    for (const file of ['statistics.json', 'analysis.json'])
      expect(Outputs[file]!.error).toMatch(
        /too large to show here \(the results of a job are shown up to 8 MB in all\)/,
      );
  });

  it("another user reaches none of a user's schedules, definitions, executions, results or metrics", async () => {
    const { schedule: victimSchedule, job: victimJob } = await runHostile('quiet');
    const victimDefinition = victimSchedule;
    const notFound = { name: 'ResourceNotFound' };
    const byName = { MonitoringScheduleName: victimSchedule };
    await expect(m.sagemaker.send(new DescribeMonitoringScheduleCommand(byName))).rejects.toMatchObject(notFound);
    await expect(m.sagemaker.send(new StopMonitoringScheduleCommand(byName))).rejects.toMatchObject(notFound);
    await expect(m.sagemaker.send(new StartMonitoringScheduleCommand(byName))).rejects.toMatchObject(notFound);
    await expect(
      m.sagemaker.send(
        new UpdateMonitoringScheduleCommand({ ...byName, MonitoringScheduleConfig: now(victimDefinition) }),
      ),
    ).rejects.toMatchObject(notFound);
    await expect(m.sagemaker.send(new DeleteMonitoringScheduleCommand(byName))).rejects.toMatchObject(notFound);
    await expect(
      m.sagemaker.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: victimDefinition })),
    ).rejects.toMatchObject(notFound);
    await expect(
      m.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: victimJob })),
    ).rejects.toMatchObject(notFound);
    // Listing by the victim's names finds nothing, and says nothing of whether they exist.
    for (const filter of [byName, { EndpointName: endpoint }, { MonitoringJobDefinitionName: victimDefinition }]) {
      const listed = await m.sagemaker.send(new ListMonitoringExecutionsCommand(filter));
      expect(listed.MonitoringExecutionSummaries, JSON.stringify(filter)).toEqual([]);
    }
    const schedules = await m.sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: endpoint }));
    expect(schedules.MonitoringScheduleSummaries).toEqual([]);
    // Nothing can be built on the victim's definition, endpoint or buckets.
    await expect(
      m.sagemaker.send(
        new CreateMonitoringScheduleCommand({
          MonitoringScheduleName: uniqueName('squat'),
          MonitoringScheduleConfig: now(victimDefinition),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`Could not find data quality job definition ${victimDefinition}`),
    });
    const steal = definition(uniqueName('steal'), 'x', {
      DataQualityAppSpecification: { ImageUri: MONITOR_IMAGE },
      DataQualityJobOutputConfig: {
        MonitoringOutputs: [{ S3Output: { S3Uri: `s3://${m.bucket}/loot`, LocalPath: '/opt/ml/processing/output' } }],
      },
    });
    await expect(m.sagemaker.send(new CreateDataQualityJobDefinitionCommand(steal))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`Could not find endpoint "${endpoint}"`),
    });
    await expect(
      m.sagemaker.send(
        new CreateModelQualityJobDefinitionCommand({
          JobDefinitionName: uniqueName('truth'),
          ModelQualityAppSpecification: { ImageUri: MONITOR_IMAGE, ProblemType: 'Regression' },
          ModelQualityJobInput: {
            EndpointInput: { EndpointName: endpoint, LocalPath: '/opt/ml/processing/input/endpoint' },
            GroundTruthS3Input: { S3Uri: `s3://${u.bucket}/ground-truth` },
          },
          ModelQualityJobOutputConfig: steal.DataQualityJobOutputConfig,
          JobResources: steal.JobResources,
          RoleArn: ROLE,
        }),
      ),
    ).rejects.toMatchObject({ message: expect.stringMatching(/GroundTruthS3Input: you may not use the bucket/) });
    // Studio's routes answer as DescribeProcessingJob and DescribeEndpoint do.
    const results = await m.session.rest('GET', `/api/v1/studio/jobs/processing/${victimJob}/results`);
    expect(results.status).toBe(404);
    expect(results.body).not.toHaveProperty('Outputs');
    const metrics = await metricsOf(m);
    expect(metrics.status).toBe(404);
    expect(metrics.body).not.toHaveProperty('Series');
    // The victim's endpoint cannot be invoked (and so its capture not written) under any InferenceId.
    await expect(
      m.runtime.send(
        new InvokeEndpointCommand({ EndpointName: endpoint, ContentType: 'text/csv', InferenceId: 'x', Body: '1,2,a' }),
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining(`Endpoint ${endpoint} of account`) });
    await expect(
      u.runtime.send(
        new InvokeEndpointCommand({
          EndpointName: endpoint,
          ContentType: 'text/csv',
          InferenceId: 'x'.repeat(65),
          Body: '1,2,a',
        }),
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('Inference-Id must be 1 to 64 printable ASCII') });
  });
});
