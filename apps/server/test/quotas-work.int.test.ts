// Quotas decide in one place for apps, jobs and endpoints: instances of a type held by any of
// them count against the same domain, group and user-profile limits.
import {
  CreateAppCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DeleteAppCommand,
  DeleteEndpointCommand,
  DescribeTrainingJobCommand,
  DescribeUserProfileCommand,
  StopTrainingJobCommand,
  CreateHyperParameterTuningJobCommand as CreateTuningJob,
  ListTrainingJobsForHyperParameterTuningJobCommand as ListTuningJobs,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { createDomain, uniqueName, useHarness, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, trainingEnds, workUser } from './work-fixture.ts';
import { EPOCHS_PY, tuningEnds } from './tuning-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

async function ok(r: Promise<{ status: number; body: any }>) {
  const res = await r;
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A work user with a user profile of their own in `domainId`. */
async function member(harness: Harness, domainId: string) {
  const u = await workUser(harness, { profile: false });
  const profile = `${u.username}-p`;
  await ok(
    harness.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
      UserProfileName: profile,
      OwnerUsername: u.username,
    }),
  );
  const described = await waitFor(async () => {
    const p = await harness.sagemaker.send(
      new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: profile }),
    );
    return p.Status === 'InService' ? p : undefined;
  }, 'profile InService');
  return { ...u, profile, profileArn: described.UserProfileArn! };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

describe('quotas across apps, jobs and endpoints', { timeout: 240_000 }, () => {
  it("counts an app, a training job's instances and an endpoint's against one domain quota", async () => {
    const domainId = await createDomain(h.sagemaker);
    const alice = await member(h, domainId);
    await ok(
      h.session.rest('POST', '/api/v1/quotas', {
        Scope: 'Domain',
        DomainId: domainId,
        InstanceType: 'ml.c5.xlarge',
        MaxInstances: 2,
      }),
    );

    const app = {
      DomainId: domainId,
      UserProfileName: alice.profile,
      AppType: 'KernelGateway' as const,
      AppName: 'c5',
    };
    await alice.sagemaker.send(new CreateAppCommand({ ...app, ResourceSpec: { InstanceType: 'ml.c5.xlarge' } }));

    const code = await alice.put(
      'code/sourcedir.tar.gz',
      await sourceDir({ 'sleep.py': 'import time\ntime.sleep(60)\n' }),
    );
    const job = (name: string, count: number) =>
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"sleep.py"', sagemaker_submit_directory: JSON.stringify(code) },
        OutputDataConfig: { S3OutputPath: `s3://${alice.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: count, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 120 },
      });
    const big = uniqueName('big');
    const tooMany = await refusal(alice.sagemaker.send(job(big, 2)));
    expect(tooMany?.name).toBe('ResourceLimitExceeded');
    expect(tooMany?.message).toContain(`Domain ${domainId} may run 2 ml.c5.xlarge instances`);
    expect(tooMany?.message).toContain(
      `1 is running (${alice.profile}: apps); training job ${big} (2 instances) needs 2 more`,
    );
    // A refused job leaves nothing behind: its name is free.
    expect((await refusal(alice.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: big }))))?.name).toBe(
      'ResourceNotFound',
    );

    const small = uniqueName('small');
    await alice.sagemaker.send(job(small, 1)); // the second of two slots

    const model = uniqueName('m');
    await alice.sagemaker.send(
      new CreateModelCommand({ ModelName: model, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: SKLEARN_IMAGE } }),
    );
    const config = uniqueName('ec');
    await alice.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: config,
        ProductionVariants: [
          { VariantName: 'v', ModelName: model, InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 1 },
        ],
      }),
    );
    const endpoint = uniqueName('ep');
    const full = await refusal(
      alice.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: config })),
    );
    expect(full?.name).toBe('ResourceLimitExceeded');
    expect(full?.message).toContain(
      `2 are running (${alice.profile}: apps; ${alice.profile}: training job ${small}); ` +
        `endpoint ${endpoint} needs 1 more`,
    );

    // Once the job has stopped, its instance is free for the endpoint.
    await alice.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: small }));
    expect((await trainingEnds(alice.sagemaker, small)).TrainingJobStatus).toBe('Stopped');
    await alice.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: config }));
    const listed = await ok(h.session.rest('GET', `/api/v1/quotas?domainId=${domainId}`));
    expect(listed.Quotas).toEqual([expect.objectContaining({ Scope: 'Domain', MaxInstances: 2, InUse: 2 })]);
    await alice.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
    await alice.sagemaker.send(new DeleteAppCommand(app));
  });

  it(
    "caps a group's members together, and a job counts against the profile it is tagged with, " +
      "which must be the caller's",
    async () => {
      const domainId = await createDomain(h.sagemaker);
      const [alice, bob, carol] = [await member(h, domainId), await member(h, domainId), await member(h, domainId)];
      const group = uniqueName('team');
      await ok(h.session.rest('POST', '/api/v1/groups', { name: group }));
      for (const u of [alice, bob])
        await ok(h.session.rest('POST', `/api/v1/groups/${group}/members`, { username: u.username }));
      const quota = await ok(
        h.session.rest('POST', '/api/v1/quotas', {
          Scope: 'Group',
          DomainId: domainId,
          GroupName: group,
          InstanceType: 'ml.m5.xlarge',
          MaxInstances: 1,
        }),
      );
      expect(quota).toMatchObject({ Scope: 'Group', GroupName: group, InUse: 0 });

      const appOf = (u: { profile: string }) => ({
        DomainId: domainId,
        UserProfileName: u.profile,
        AppType: 'KernelGateway' as const,
        AppName: 'm5x',
        ResourceSpec: { InstanceType: 'ml.m5.xlarge' as const },
      });
      await alice.sagemaker.send(new CreateAppCommand(appOf(alice)));
      const bobRefused = await refusal(bob.sagemaker.send(new CreateAppCommand(appOf(bob))));
      expect(bobRefused?.name).toBe('ResourceLimitExceeded');
      expect(bobRefused?.message).toContain(`Group ${group} in domain ${domainId} may run 1 ml.m5.xlarge instance`);
      expect(bobRefused?.message).toContain(`(${alice.profile}: apps)`);
      await carol.sagemaker.send(new CreateAppCommand(appOf(carol))); // not in the group

      // Bob cannot launch work as Alice's profile, and a job tagged with his own counts for the group.
      const code = await bob.put('code/sourcedir.tar.gz', await sourceDir({ 'noop.py': 'print(1)\n' }));
      const tagged = (name: string, arn: string) =>
        new CreateTrainingJobCommand({
          TrainingJobName: name,
          RoleArn: ROLE,
          AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
          HyperParameters: { sagemaker_program: '"noop.py"', sagemaker_submit_directory: JSON.stringify(code) },
          OutputDataConfig: { S3OutputPath: `s3://${bob.bucket}/out` },
          ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 60 },
          Tags: [{ Key: 'sagemaker:user-profile-arn', Value: arn }],
        });
      const impersonating = await refusal(bob.sagemaker.send(tagged(uniqueName('as-alice'), alice.profileArn)));
      expect(impersonating?.name).toBe('AccessDeniedException');
      expect(impersonating?.message).toMatch(/not their user profile/);
      const own = await refusal(bob.sagemaker.send(tagged(uniqueName('as-bob'), bob.profileArn)));
      expect(own?.name).toBe('ResourceLimitExceeded');
      expect(own?.message).toContain(`Group ${group}`);

      await alice.sagemaker.send(
        new DeleteAppCommand({
          DomainId: domainId,
          UserProfileName: alice.profile,
          AppType: 'KernelGateway',
          AppName: 'm5x',
        }),
      );
      await carol.sagemaker.send(
        new DeleteAppCommand({
          DomainId: domainId,
          UserProfileName: carol.profile,
          AppType: 'KernelGateway',
          AppName: 'm5x',
        }),
      );
    },
  );

  it("holds a tuning job's parallel training jobs to the quota: they wait for room, and all run", async () => {
    const domainId = await createDomain(h.sagemaker);
    const bob = await member(h, domainId);
    await ok(
      h.session.rest('POST', '/api/v1/quotas', {
        Scope: 'UserProfile',
        DomainId: domainId,
        UserProfileName: bob.profile,
        InstanceType: 'ml.c5.xlarge',
        MaxInstances: 1,
      }),
    );
    const code = await bob.put('code/epochs.tar.gz', await sourceDir({ 'epochs.py': EPOCHS_PY }));
    const name = uniqueName('quota').slice(0, 32);
    await bob.sagemaker.send(
      new CreateTuningJob({
        HyperParameterTuningJobName: name,
        HyperParameterTuningJobConfig: {
          Strategy: 'Random',
          HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
          ResourceLimits: { MaxNumberOfTrainingJobs: 3, MaxParallelTrainingJobs: 3 },
          ParameterRanges: { ContinuousParameterRanges: [{ Name: 'offset', MinValue: '0', MaxValue: '1' }] },
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
            epochs: '3',
            pause: '0.3',
          },
          RoleArn: ROLE,
          OutputDataConfig: { S3OutputPath: `s3://${bob.bucket}/out/` },
          ResourceConfig: { InstanceType: 'ml.c5.xlarge', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 300 },
        },
      }),
    );
    let most = 0;
    const watch = setInterval(() => {
      void bob.sagemaker
        .send(new ListTuningJobs({ HyperParameterTuningJobName: name, MaxResults: 100 }))
        .then((r) => {
          const running = r.TrainingJobSummaries!.filter((j) => j.TrainingJobStatus === 'InProgress').length;
          most = Math.max(most, running);
        })
        .catch(() => undefined);
    }, 150);
    const d = await tuningEnds(bob.sagemaker, name, 200_000).finally(() => clearInterval(watch));
    expect(d.HyperParameterTuningJobStatus, d.FailureReason).toBe('Completed');
    expect(d.TrainingJobStatusCounters!.Completed).toBe(3);
    expect(most).toBe(1);
  });
});
