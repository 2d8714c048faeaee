// kill -9 of the server in the middle of a tuning job: after the restart it goes on from its
// training jobs' rows and ends with exactly MaxNumberOfTrainingJobs jobs, none launched twice and
// none run twice (the ones running at the crash are adopted, not restarted).
import {
  CreateHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
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
import { EPOCHS_PY, tuningEnds } from './tuning-fixture.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser } from './work-fixture.ts';

const cleanup = useCleanups();
const env = { TESSERA_BACKEND: 'docker' };

describe('a tuning job survives kill -9 of the server', { timeout: 300_000 }, () => {
  it('completes with exactly MaxNumberOfTrainingJobs jobs, each launched and run once', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    let server: RunningServer = await startServer({ databaseUrl: db.url, env });
    const first = server;
    cleanup(() => first.cleanup());
    cleanup(() => server.stop());
    const h = { server, ...(await adminClients(server)) } as unknown as Harness;
    const u = await workUser(h);
    const code = await u.put('code/epochs.tar.gz', await sourceDir({ 'epochs.py': EPOCHS_PY }));
    const name = uniqueName('crash').slice(0, 32);
    await u.sagemaker.send(
      new CreateHyperParameterTuningJobCommand({
        HyperParameterTuningJobName: name,
        HyperParameterTuningJobConfig: {
          Strategy: 'Random',
          HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
          ResourceLimits: { MaxNumberOfTrainingJobs: 4, MaxParallelTrainingJobs: 2 },
          ParameterRanges: { ContinuousParameterRanges: [{ Name: 'offset', MinValue: '0', MaxValue: '5' }] },
        },
        TrainingJobDefinition: {
          AlgorithmSpecification: {
            TrainingImage: SKLEARN_IMAGE,
            TrainingInputMode: 'File',
            MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
          },
          StaticHyperParameters: {
            sagemaker_program: '"epochs.py"',
            sagemaker_submit_directory: JSON.stringify(code),
            epochs: '8',
            pause: '1',
          },
          RoleArn: ROLE,
          OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out/` },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 300 },
        },
      }),
    );
    // Crash once the first two run and the last two are still to be launched.
    await waitFor(
      async () => {
        const page = await u.sagemaker.send(
          new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }),
        );
        const jobs = page.TrainingJobSummaries!;
        if (jobs.length !== 2) return undefined;
        const started = await Promise.all(
          jobs.map((j) => u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: j.TrainingJobName }))),
        );
        return started.every((d) => d.SecondaryStatus === 'Training') || undefined;
      },
      'two training jobs training',
      90_000,
      100,
    );
    await server.stop('SIGKILL');
    server = await startServer({ dataDir: server.dataDir, databaseUrl: db.url, env });
    const sm = sageMakerClient(server.url, u.credentials);

    const d = await tuningEnds(sm, name, 200_000);
    expect(d.HyperParameterTuningJobStatus, d.FailureReason).toBe('Completed');
    expect(d.TrainingJobStatusCounters!.Completed).toBe(4);
    const listed = await sm.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name, MaxResults: 100 }),
    );
    const names = listed.TrainingJobSummaries!.map((j) => j.TrainingJobName!).sort();
    expect(names.map((n) => n.slice(name.length + 1, name.length + 4))).toEqual(['001', '002', '003', '004']);
    // Every training job of the account carrying the tuning job's name is one of these four.
    const all = await sm.send(new ListTrainingJobsCommand({ NameContains: name, MaxResults: 100 }));
    expect(all.TrainingJobSummaries!.map((j) => j.TrainingJobName).sort()).toEqual(names);
    for (const n of names) {
      const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: n }));
      expect(job.TrainingJobStatus).toBe('Completed');
      // One run each: the two running at the crash were adopted, not started again.
      expect(job.SecondaryStatusTransitions!.filter((t) => t.Status === 'Training')).toHaveLength(1);
      expect(job.FinalMetricDataList!.find((m) => m.MetricName === 'loss')!.Value).toBeCloseTo(
        Number(job.HyperParameters!.offset) + 1 / 8,
        5,
      );
    }
  });
});
