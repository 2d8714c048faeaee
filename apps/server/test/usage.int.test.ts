// The usage meter over real work: a KernelGateway app in a container and a two-instance
// training job are metered in instance-seconds and priced from the (admin-edited) price table;
// the JSON report, its totals and the CSV export agree with what the SDK says ran.
import {
  CreateAppCommand,
  CreateTrainingJobCommand,
  DeleteAppCommand,
  DescribeAppCommand,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, trainingEnds, workUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });
const today = () => new Date().toISOString().slice(0, 10);

interface Row {
  day: string;
  username: string | null;
  resourceKind: string;
  resourceName: string;
  instanceType: string;
  instanceSeconds: number;
  cost: number;
}

describe('usage metering', { timeout: 240_000 }, () => {
  it('meters an app and a two-instance training job, prices them, and exports the same figures as CSV', async () => {
    // Round prices make the arithmetic checkable: 36 $/h is 1 cent a second.
    expect((await h.session.rest('PATCH', '/api/v1/prices/ml.c5.xlarge', { pricePerHour: 36 })).status).toBe(200);
    expect((await h.session.rest('PATCH', '/api/v1/prices/ml.t3.xlarge', { pricePerHour: 7.2 })).body).toMatchObject({
      instanceType: 'ml.t3.xlarge',
      pricePerHour: 7.2,
    });

    const s = await studioUser(h);
    const w = await workUser(h, { profile: false });
    // The job runs as a user with a profile of their own, so it is attributed to it.
    expect(
      (
        await h.session.rest('POST', `/api/v1/domains/${s.DomainId}/user-profiles`, {
          UserProfileName: `${w.username}-p`,
          OwnerUsername: w.username,
        })
      ).status,
    ).toBe(200);

    const app = {
      DomainId: s.DomainId,
      UserProfileName: s.UserProfileName,
      AppType: 'KernelGateway' as const,
      AppName: 'metered',
    };
    await s.sagemaker.send(new CreateAppCommand({ ...app, ResourceSpec: { InstanceType: 'ml.t3.xlarge' } }));
    await waitFor(
      async () => ((await s.sagemaker.send(new DescribeAppCommand(app))).Status === 'InService' ? true : undefined),
      'app InService',
      120_000,
      250,
    );

    const code = await w.put('code/sourcedir.tar.gz', await sourceDir({ 'sleep.py': 'import time\ntime.sleep(3)\n' }));
    const job = uniqueName('metered');
    await w.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"sleep.py"', sagemaker_submit_directory: JSON.stringify(code) },
        OutputDataConfig: { S3OutputPath: `s3://${w.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 2, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 120 },
      }),
    );
    const done = await trainingEnds(w.sagemaker, job);
    expect(done.TrainingJobStatus).toBe('Completed');
    const ranMs = done.TrainingEndTime!.getTime() - done.TrainingStartTime!.getTime();

    await s.sagemaker.send(new DeleteAppCommand(app));
    await waitFor(
      async () => ((await s.sagemaker.send(new DescribeAppCommand(app))).Status === 'Deleted' ? true : undefined),
      'app Deleted',
      60_000,
      250,
    );
    const appDescribed = await s.sagemaker.send(new DescribeAppCommand(app));
    const appUpperBoundS = (Date.now() - appDescribed.CreationTime!.getTime()) / 1000;

    const r = await h.session.rest('GET', `/api/v1/usage?from=${today()}&to=${today()}`);
    expect(r.status).toBe(200);
    const rows = r.body.rows as Row[];
    const jobRow = rows.find((x) => x.resourceName === job)!;
    expect(jobRow).toMatchObject({
      day: today(),
      username: w.username,
      resourceKind: 'TrainingJob',
      instanceType: 'ml.c5.xlarge',
    });
    // Two instances, each from the job's start to its end (the times DescribeTrainingJob shows).
    expect(jobRow.instanceSeconds).toBeCloseTo((2 * ranMs) / 1000, 0);
    expect(jobRow.cost).toBeCloseTo(jobRow.instanceSeconds * 0.01, 5);

    // Apps are billed by instance: the profile's ml.t3.xlarge instance, whatever apps ran on it.
    const appRows = rows.filter((x) => x.resourceKind === 'App' && x.instanceType === 'ml.t3.xlarge');
    expect(appRows.map((x) => x.resourceName)).toEqual([`${s.UserProfileName}/ml.t3.xlarge`]);
    const appRow = appRows[0]!;
    expect(appRow).toMatchObject({ username: s.username, instanceType: 'ml.t3.xlarge' });
    expect(appRow.instanceSeconds).toBeGreaterThan(0);
    expect(appRow.instanceSeconds).toBeLessThanOrEqual(appUpperBoundS);
    expect(appRow.cost).toBeCloseTo((appRow.instanceSeconds / 3600) * 7.2, 5);

    // The totals are the sums of the rows, per user, per domain and per day.
    const sum = (xs: Row[], f: (x: Row) => number) => xs.reduce((n, x) => n + f(x), 0);
    expect(r.body.total.cost).toBeCloseTo(
      sum(rows, (x) => x.cost),
      5,
    );
    const byUser = new Map((r.body.byUser as { username: string; cost: number }[]).map((u) => [u.username, u.cost]));
    expect(byUser.get(w.username)).toBeCloseTo(jobRow.cost, 5);
    expect(byUser.get(s.username)).toBeCloseTo(
      sum(
        rows.filter((x) => x.username === s.username),
        (x) => x.cost,
      ),
      5,
    );
    const domain = (r.body.byDomain as { domainId: string; instanceSeconds: number }[]).find(
      (d) => d.domainId === s.DomainId,
    )!;
    expect(domain.instanceSeconds).toBeCloseTo(
      jobRow.instanceSeconds +
        sum(
          rows.filter((x) => x.username === s.username),
          (x) => x.instanceSeconds,
        ),
      3,
    );
    expect(r.body.byDay).toEqual([expect.objectContaining({ day: today() })]);
    expect(r.body.byDay[0].cost).toBeCloseTo(r.body.total.cost, 5);

    // Nothing stays open once the work has stopped: asking again later gives the same seconds.
    await new Promise((res) => setTimeout(res, 1_500));
    const again = await h.session.rest('GET', `/api/v1/usage?from=${today()}&to=${today()}`);
    expect((again.body.rows as Row[]).find((x) => x.resourceName === job)!.instanceSeconds).toBe(
      jobRow.instanceSeconds,
    );
    expect((again.body.rows as Row[]).find((x) => x.resourceName === appRow.resourceName)!.instanceSeconds).toBe(
      appRow.instanceSeconds,
    );

    const csv = await fetch(`${h.server.url}/api/v1/usage.csv?from=${today()}&to=${today()}`, {
      headers: { cookie: h.session.cookie },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="tessera-usage-/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'day,username,domainId,userProfileName,resourceKind,resourceName,instanceType,instanceSeconds,pricePerHour,cost',
    );
    const jobLine = lines.find((l) => l.includes(`,${job},`))!.split(',');
    expect(jobLine.slice(0, 2)).toEqual([today(), w.username]);
    expect(Number(jobLine[7])).toBeCloseTo(jobRow.instanceSeconds, 2);
    expect(Number(jobLine[8])).toBe(36);
    expect(Number(jobLine[9])).toBeCloseTo(jobRow.cost, 5);
    expect(lines).toHaveLength(rows.length + 1);
  });

  it('keeps usage and prices to administrators, and checks its input', async () => {
    const s = await studioUser(h);
    for (const [method, path] of [
      ['GET', '/api/v1/usage'],
      ['GET', '/api/v1/usage.csv'],
      ['GET', '/api/v1/prices'],
      ['PATCH', '/api/v1/prices/ml.t3.medium'],
    ] as const) {
      const r = await s.session.rest(method, path, method === 'PATCH' ? { pricePerHour: 0 } : undefined);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('AccessDeniedException');
    }
    expect((await fetch(`${h.server.url}/api/v1/usage`)).status).toBe(401);
    const backwards = await h.session.rest('GET', '/api/v1/usage?from=2026-02-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/must not be after/);
    expect((await h.session.rest('GET', '/api/v1/usage?from=2020-01-01&to=2026-01-01')).body.error.message).toMatch(
      /at most 366 days/,
    );
    expect((await h.session.rest('PATCH', '/api/v1/prices/ml.q9.huge', { pricePerHour: 1 })).status).toBe(404);
    expect((await h.session.rest('PATCH', '/api/v1/prices/ml.t3.medium', { pricePerHour: -1 })).status).toBe(400);
    const prices = await h.session.rest('GET', '/api/v1/prices');
    expect(prices.body.prices).toEqual(
      expect.arrayContaining([expect.objectContaining({ instanceType: 'ml.t3.medium', vcpu: 2, memoryGiB: 4 })]),
    );
  });
});
