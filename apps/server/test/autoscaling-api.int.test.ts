// The Application Auto Scaling API against a real server (child process) with the AWS SDK's
// client and boto3.
//
// Endpoints: when this test was written the SageMaker API could not create endpoints yet, so it
// inserts Endpoint and EndpointConfig rows straight into the database the server uses (shaped as
// CreateEndpoint's copy of the config, which the variant check reads). Once CreateEndpoint exists,
// switch setup to CreateModel/CreateEndpointConfig/CreateEndpoint through the SageMaker API.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
  type ScalableDimension,
  type ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import { openDatabase, type Db } from '@tessera/db';
import { adminClients, startServer, testDatabase, type Credentials, type RunningServer } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAutoscaler } from '../src/resources/autoscaling/autoscaler.ts';
import { createLogger } from '../src/platform/logger.ts';
import { otherUser, useCleanups, type Harness } from './harness.ts';

const run = promisify(execFile);
const cleanup = useCleanups();
const DIMENSION = 'sagemaker:variant:DesiredInstanceCount';

let server: RunningServer;
let db: Db;
let accountId: string;
let adminScaling: ApplicationAutoScalingClient;
let alice: Awaited<ReturnType<typeof otherUser>> & { id: string; scaling: ApplicationAutoScalingClient };
let bob: Awaited<ReturnType<typeof otherUser>> & { id: string; scaling: ApplicationAutoScalingClient };

const scalingClient = (credentials: Credentials) =>
  new ApplicationAutoScalingClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const target = (endpoint: string, variant = 'AllTraffic') => ({
  ServiceNamespace: 'sagemaker' as const,
  ResourceId: `endpoint/${endpoint}/variant/${variant}`,
  ScalableDimension: DIMENSION as ScalableDimension,
});
const tracking = (TargetValue: number) => ({
  PolicyType: 'TargetTrackingScaling' as const,
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue,
    PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' as const },
    ScaleInCooldown: 600,
    ScaleOutCooldown: 120,
    DisableScaleIn: false,
  },
});

async function insertEndpoint(name: string, ownerUserId: string, variants: string[]) {
  const arn = (type: string) => `arn:aws:sagemaker:us-east-1:${accountId}:${type}/${name}`;
  const spec = {
    EndpointConfigName: `${name}-config`,
    ProductionVariants: variants.map((VariantName) => ({
      VariantName,
      ModelName: 'm',
      InitialInstanceCount: 1,
      InstanceType: 'ml.m5.large',
    })),
  };
  await db.endpointConfig.create({ data: { name: `${name}-config`, arn: arn('endpoint-config'), ownerUserId, spec } });
  // As CreateEndpoint stores it: the copy of the config it was created with (what the variant check reads).
  const desiredOrigin = {
    id: `${name}-origin`,
    configName: `${name}-config`,
    configArn: arn('endpoint-config'),
    config: spec,
    models: {},
    takenAt: new Date().toISOString(),
  };
  await db.endpoint.create({
    data: { name, arn: arn('endpoint'), ownerUserId, configName: `${name}-config`, desiredOrigin, status: 'InService' },
  });
}

beforeAll(async () => {
  const database = await testDatabase();
  cleanup(() => database.drop());
  server = await startServer({ databaseUrl: database.url });
  cleanup(
    () => server.cleanup(),
    () => server.stop(),
  );
  const admin = await adminClients(server);
  adminScaling = scalingClient(admin.credentials);
  const h = { server, session: admin.session } as Harness;
  const user = async (name: string) => {
    const u = await otherUser(h, name);
    const me = await u.session.rest('GET', '/api/v1/me');
    return { ...u, id: me.body.user.id as string, scaling: scalingClient(u.credentials) };
  };
  alice = await user(`alice-${process.pid}`);
  bob = await user(`bob-${process.pid}`);
  const direct = await openDatabase(database.url ?? `file:${join(server.dataDir, 'tessera.db')}`);
  cleanup(() => direct.close());
  db = direct.prisma;
  accountId = (await db.setting.findUniqueOrThrow({ where: { key: 'accountId' } })).value;
  await insertEndpoint('churn', alice.id, ['AllTraffic', 'Canary']);
  await insertEndpoint('bobs-endpoint', bob.id, ['AllTraffic']);
});

describe('Application Auto Scaling: scalable targets', () => {
  it('registers, updates, describes with paging, and deregisters a variant', async () => {
    const registered = await alice.scaling.send(
      new RegisterScalableTargetCommand({ ...target('churn'), MinCapacity: 1, MaxCapacity: 4 }),
    );
    expect(registered.ScalableTargetARN).toMatch(
      new RegExp(`^arn:aws:application-autoscaling:us-east-1:${accountId}:scalable-target/[0-9a-f]{32}$`),
    );
    const again = await alice.scaling.send(
      new RegisterScalableTargetCommand({
        ...target('churn'),
        MaxCapacity: 6,
        SuspendedState: { DynamicScalingInSuspended: true },
      }),
    );
    expect(again.ScalableTargetARN).toBe(registered.ScalableTargetARN);
    await alice.scaling.send(
      new RegisterScalableTargetCommand({ ...target('churn', 'Canary'), MinCapacity: 2, MaxCapacity: 2 }),
    );

    const described = await alice.scaling.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: 'sagemaker',
        ResourceIds: ['endpoint/churn/variant/AllTraffic'],
      }),
    );
    expect(described.ScalableTargets).toHaveLength(1);
    const [t] = described.ScalableTargets!;
    expect(t).toMatchObject({
      ...target('churn'),
      MinCapacity: 1,
      MaxCapacity: 6,
      RoleARN:
        `arn:aws:iam::${accountId}` +
        ':role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/' +
        'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      SuspendedState: {
        DynamicScalingInSuspended: true,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
      ScalableTargetARN: registered.ScalableTargetARN,
    });
    expect(t!.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(t!.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);

    const first = await alice.scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', MaxResults: 1 }),
    );
    const second = await alice.scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', MaxResults: 1, NextToken: first.NextToken }),
    );
    expect([...first.ScalableTargets!, ...second.ScalableTargets!].map((x) => x.ResourceId)).toEqual([
      'endpoint/churn/variant/AllTraffic',
      'endpoint/churn/variant/Canary',
    ]);
    expect(second.NextToken).toBeUndefined();
    const badToken = await alice.scaling
      .send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker', NextToken: 'bm9wZQ' }))
      .catch((e) => e);
    expect(badToken.name).toBe('InvalidNextTokenException');
    expect(
      (await alice.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }))).ScalableTargets,
    ).toEqual([]);

    await alice.scaling.send(new DeregisterScalableTargetCommand(target('churn', 'Canary')));
    const left = await alice.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(left.ScalableTargets!.map((x) => x.ResourceId)).toEqual(['endpoint/churn/variant/AllTraffic']);
    const gone = await alice.scaling
      .send(new DeregisterScalableTargetCommand(target('churn', 'Canary')))
      .catch((e) => e);
    expect(gone).toBeInstanceOf(ObjectNotFoundException);
    expect(gone.message).toBe(
      'No scalable target registered for service namespace: sagemaker, resource ID: endpoint/churn/variant/Canary, ' +
        `scalable dimension: ${DIMENSION}`,
    );
  });

  it(
    'refuses what it cannot scale with ValidationException ' + 'and unknown endpoints with ObjectNotFoundException',
    async () => {
      const attempt = (input: Record<string, unknown>) =>
        alice.scaling
          .send(
            new RegisterScalableTargetCommand({
              ...target('churn'),
              MinCapacity: 1,
              MaxCapacity: 2,
              ...input,
            } as never),
          )
          .catch((e) => e);
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency' },
          /Unsupported scalable dimension sagemaker:variant:DesiredProvisionedConcurrency/,
        ],
        [
          { ScalableDimension: 'ecs:service:DesiredCount' },
          /^Unsupported service namespace, resource type or scalable dimension/,
        ],
        [
          { ServiceNamespace: 'ecs' as ServiceNamespace },
          /^Unsupported service namespace, resource type or scalable dimension/,
        ],
        [
          { ScalableDimension: 'sagemaker:variant:Nope' },
          new RegExp(
            "Value 'sagemaker:variant:Nope' at 'scalableDimension' failed to satisfy constraint: " +
              'Member must satisfy enum value set',
          ),
        ],
        [
          { ResourceId: 'churn/AllTraffic' },
          /Unsupported resource ID churn\/AllTraffic: .* endpoint\/<EndpointName>\/variant\/<VariantName>/,
        ],
        [{ MinCapacity: 5, MaxCapacity: 2 }, /^Minimum capacity cannot be greater than maximum capacity$/],
        [{ MinCapacity: 0 }, /at least 1 instance/],
        [
          { ResourceId: 'endpoint/churn/variant/Canary', MaxCapacity: undefined },
          /MinCapacity and MaxCapacity are required/,
        ],
      ];
      for (const [input, message] of cases) {
        const err = await attempt(input);
        expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationException);
        expect(err.message, JSON.stringify(input)).toMatch(message);
      }
      const noEndpoint = await attempt({ ResourceId: 'endpoint/nowhere/variant/AllTraffic' });
      expect(noEndpoint).toBeInstanceOf(ObjectNotFoundException);
      expect(noEndpoint.message).toMatch(/Endpoint nowhere does not exist/);
      const noVariant = await attempt({ ResourceId: 'endpoint/churn/variant/Shadow' });
      expect(noVariant).toBeInstanceOf(ObjectNotFoundException);
      expect(noVariant.message).toMatch(/Variant Shadow does not exist in endpoint churn/);
    },
  );
});

describe('Application Auto Scaling: policies and activities', () => {
  it('puts, updates, describes and deletes a target-tracking policy', async () => {
    const missing = await alice.scaling
      .send(new PutScalingPolicyCommand({ PolicyName: 'p', ...target('churn', 'Canary'), ...tracking(70) }))
      .catch((e) => e);
    expect(missing).toBeInstanceOf(ObjectNotFoundException);

    const put = await alice.scaling.send(
      new PutScalingPolicyCommand({ PolicyName: 'invocations', ...target('churn'), ...tracking(70) }),
    );
    expect(put.PolicyARN).toMatch(
      new RegExp(
        `^arn:aws:autoscaling:us-east-1:${accountId}` +
          ':scalingPolicy:[0-9a-f-]{36}:resource/sagemaker/endpoint/churn/variant/' +
          `AllTraffic:policyName/invocations$`,
      ),
    );
    expect(put.Alarms).toEqual([]);
    const updated = await alice.scaling.send(
      new PutScalingPolicyCommand({ PolicyName: 'invocations', ...target('churn'), ...tracking(100) }),
    );
    expect(updated.PolicyARN).toBe(put.PolicyARN);

    const described = await alice.scaling.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: 'sagemaker',
        ResourceId: 'endpoint/churn/variant/AllTraffic',
      }),
    );
    expect(described.ScalingPolicies).toHaveLength(1);
    expect(described.ScalingPolicies![0]).toMatchObject({
      PolicyARN: put.PolicyARN,
      PolicyName: 'invocations',
      ...target('churn'),
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: tracking(100).TargetTrackingScalingPolicyConfiguration,
    });
    expect(described.ScalingPolicies![0]!.CreationTime).toBeInstanceOf(Date);
    expect(
      (
        await alice.scaling.send(
          new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker', PolicyNames: ['other'] }),
        )
      ).ScalingPolicies,
    ).toEqual([]);

    await alice.scaling.send(new DeleteScalingPolicyCommand({ PolicyName: 'invocations', ...target('churn') }));
    expect(
      (await alice.scaling.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'sagemaker' }))).ScalingPolicies,
    ).toEqual([]);
    const twice = await alice.scaling
      .send(new DeleteScalingPolicyCommand({ PolicyName: 'invocations', ...target('churn') }))
      .catch((e) => e);
    expect(twice).toBeInstanceOf(ObjectNotFoundException);
    expect(twice.message).toMatch(
      new RegExp(
        '^No scaling policy found for service namespace: sagemaker, ' +
          'resource ID: endpoint\\/churn\\/variant\\/AllTraffic, .*policy name: invocations$',
      ),
    );
  });

  it('refuses policies it cannot run, naming what is unsupported', async () => {
    const put = (extra: Record<string, unknown>) =>
      alice.scaling
        .send(new PutScalingPolicyCommand({ PolicyName: 'bad', ...target('churn'), ...extra } as never))
        .catch((e) => e);
    const step = await put({
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        StepAdjustments: [{ ScalingAdjustment: 1 }],
      },
    });
    expect(step.message).toMatch(/PolicyType StepScaling is not supported/);
    const custom = await put({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        CustomizedMetricSpecification: {
          MetricName: 'CPUUtilization',
          Namespace: '/aws/sagemaker/Endpoints',
          Statistic: 'Average',
        },
      },
    });
    expect(custom).toBeInstanceOf(ValidationException);
    expect(custom.message).toMatch(/CustomizedMetricSpecification is not supported/);
    const metric = await put({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    expect(metric.message).toMatch(/Unsupported PredefinedMetricType ECSServiceAverageCPUUtilization/);
  });

  it('deregistering a target deletes its policies but keeps its activities', async () => {
    await alice.scaling.send(
      new RegisterScalableTargetCommand({ ...target('churn', 'Canary'), MinCapacity: 1, MaxCapacity: 3 }),
    );
    await alice.scaling.send(
      new PutScalingPolicyCommand({ PolicyName: 'canary', ...target('churn', 'Canary'), ...tracking(10) }),
    );
    // The endpoint runtime's side: it asks the autoscaler with what it observed (here, in this process, on the
    // server's database).
    const autoscaler = createAutoscaler({ db, logger: createLogger('silent') });
    expect(await autoscaler.evaluate('churn', 'Canary', 1, 25)).toBe(3);
    const activities = await alice.scaling.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: 'sagemaker',
        ResourceId: 'endpoint/churn/variant/Canary',
      }),
    );
    expect(activities.ScalingActivities).toHaveLength(1);
    expect(activities.ScalingActivities![0]).toMatchObject({
      ...target('churn', 'Canary'),
      Description: 'Setting desired instance count to 3.',
      StatusCode: 'Successful',
      StatusMessage: 'Successfully set desired instance count to 3. Change successfully fulfilled by sagemaker.',
    });
    expect(activities.ScalingActivities![0]!.Cause).toMatch(
      new RegExp(
        'SageMakerVariantInvocationsPerInstance 25 vs target 10 \\(policy canary\\) is above target: ' +
          'scaling out from 1 to 3',
      ),
    );
    expect(activities.ScalingActivities![0]!.StartTime).toBeInstanceOf(Date);

    await alice.scaling.send(new DeregisterScalableTargetCommand(target('churn', 'Canary')));
    expect(
      (
        await alice.scaling.send(
          new DescribeScalingPoliciesCommand({
            ServiceNamespace: 'sagemaker',
            ResourceId: 'endpoint/churn/variant/Canary',
          }),
        )
      ).ScalingPolicies,
    ).toEqual([]);
    expect(
      (
        await alice.scaling.send(
          new DescribeScalingActivitiesCommand({
            ServiceNamespace: 'sagemaker',
            ResourceId: 'endpoint/churn/variant/Canary',
          }),
        )
      ).ScalingActivities,
    ).toHaveLength(1);
  });
});

describe('Application Auto Scaling: who may scale what', () => {
  it("lets only the endpoint's owner and admins register, change and see its targets", async () => {
    await alice.scaling.send(new RegisterScalableTargetCommand({ ...target('churn'), MinCapacity: 1, MaxCapacity: 4 }));
    for (const cmd of [
      new RegisterScalableTargetCommand({ ...target('churn'), MinCapacity: 1, MaxCapacity: 40 }),
      new PutScalingPolicyCommand({ PolicyName: 'mine-now', ...target('churn'), ...tracking(1) }),
      new DeregisterScalableTargetCommand(target('churn')),
      new DeleteScalingPolicyCommand({ PolicyName: 'any', ...target('churn') }),
    ]) {
      const err = await bob.scaling.send(cmd as never).catch((e) => e);
      expect(err.name, cmd.constructor.name).toBe('AccessDeniedException');
      expect(err.message).toContain(bob.username);
    }
    expect(
      (await bob.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))).ScalableTargets,
    ).toEqual([]);
    expect(
      (await bob.scaling.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker' })))
        .ScalingActivities,
    ).toEqual([]);

    await bob.scaling.send(
      new RegisterScalableTargetCommand({ ...target('bobs-endpoint'), MinCapacity: 1, MaxCapacity: 2 }),
    );
    expect(
      (
        await bob.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }))
      ).ScalableTargets!.map((t) => t.ResourceId),
    ).toEqual(['endpoint/bobs-endpoint/variant/AllTraffic']);
    const all = await adminScaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' }));
    expect(all.ScalableTargets!.map((t) => t.ResourceId).sort()).toEqual([
      'endpoint/bobs-endpoint/variant/AllTraffic',
      'endpoint/churn/variant/AllTraffic',
    ]);
    await adminScaling.send(new RegisterScalableTargetCommand({ ...target('churn'), MaxCapacity: 5 }));
    expect(
      (await alice.scaling.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'sagemaker' })))
        .ScalableTargets![0]!.MaxCapacity,
    ).toBe(5);
  });
});

describe('Application Auto Scaling with boto3', () => {
  it('runs the README snippet unchanged', async () => {
    const script = fileURLToPath(new URL('./boto3_autoscaling.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], {
      env: {
        PATH: process.env.PATH,
        TESSERA_URL: server.url,
        ENDPOINT_NAME: 'bobs-endpoint',
        AWS_ACCESS_KEY_ID: bob.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: bob.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.targets).toEqual([
      { ResourceId: 'endpoint/bobs-endpoint/variant/AllTraffic', MinCapacity: 1, MaxCapacity: 4 },
    ]);
    expect(seen.policies).toEqual([['invocations-per-instance', 70.0]]);
    expect(seen.activities).toEqual([]);
    expect(seen.validation).toBe('ValidationException');
  });
});
