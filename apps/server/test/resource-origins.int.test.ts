// Names outlive their owners; what was made from them must not follow the name. Attacks by one
// ordinary user (Bob) on another (Alice), on the Docker backend: Bob recreates the endpoint config
// and model Alice deleted while her endpoint runs, and her endpoint scales out and replaces a
// killed instance on what it was created with; Bob's endpoint of Alice's old name is not scaled
// by her old autoscaling; and a user with no user profile cannot launch instances at all.
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { SAGEMAKER_VARIANT_DIMENSION } from '@tessera/contracts';
import { openDatabase, type Db } from '@tessera/db';
import { adminClients, startServer, testDatabase, waitFor } from '@tessera/test-support';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { giveProfile, otherUser, uniqueName, useCleanups, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser, type WorkUser } from './work-fixture.ts';

const cleanup = useCleanups();
const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const INTERVAL_S = 2; // autoscaling windows, short so a test sees several

// Multiplies its input by the weight in the model directory: an answer says whose model ran.
const INFERENCE = `
import os
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return [float(v) for v in text.split(',')]
def predict_fn(data, w):
    return [x * w for x in data]
def output_fn(prediction, accept):
    return ','.join(str(p) for p in prediction), 'text/csv'
`;

let h: Harness;
let db: Db;
let alice: WorkUser;
let bob: WorkUser;

beforeAll(async () => {
  const database = await testDatabase();
  cleanup(() => database.drop());
  const server = await startServer({
    databaseUrl: database.url,
    env: { TESSERA_BACKEND: 'docker', TESSERA_AUTOSCALING_INTERVAL_SECONDS: String(INTERVAL_S) },
  });
  cleanup(
    () => server.cleanup(),
    () => server.stop(),
  );
  h = { server, ...(await adminClients(server)) } as unknown as Harness;
  const direct = await openDatabase(database.url ?? `file:${join(server.dataDir, 'tessera.db')}`);
  cleanup(() => direct.close());
  db = direct.prisma;
  alice = await workUser(h);
  bob = await workUser(h);
});

async function model(u: WorkUser, name: string, w: number) {
  const data = await u.put(
    `models/${name}-${w}/model.tar.gz`,
    await sourceDir({ 'w.txt': String(w), 'code/x.py': INFERENCE }),
  );
  await u.sagemaker.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: SKLEARN_IMAGE,
        ModelDataUrl: data,
        Environment: { SAGEMAKER_PROGRAM: 'x.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    }),
  );
}

async function config(u: WorkUser, name: string, modelName: string, capture?: string) {
  await u.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: modelName, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
      ],
      ...(capture
        ? {
            DataCaptureConfig: {
              EnableCapture: true,
              InitialSamplingPercentage: 100,
              DestinationS3Uri: capture,
              CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
            },
          }
        : {}),
    }),
  );
}

async function inService(u: WorkUser, name: string, instances = 1): Promise<DescribeEndpointCommandOutput> {
  return waitFor(
    async () => {
      const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
      if (d.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
      const n = d.ProductionVariants?.[0]?.CurrentInstanceCount;
      return d.EndpointStatus === 'InService' && n === instances ? d : undefined;
    },
    `endpoint ${name} InService with ${instances} instance(s)`,
    120_000,
    200,
  );
}

async function gone(u: WorkUser, name: string) {
  await waitFor(
    () =>
      u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })).then(
        () => undefined,
        (e: Error) => (e.name === 'ValidationException' ? true : undefined),
      ),
    `endpoint ${name} deleted`,
    60_000,
    200,
  );
}

const invoke = async (u: WorkUser, endpoint: string, body = '1,2') =>
  Buffer.from(
    (
      await u.runtime.send(
        new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from(body), ContentType: 'text/csv' }),
      )
    ).Body!,
  ).toString();

const containersOf = async (endpoint: string) =>
  docker.listContainers({
    filters: { label: [`tessera.work-kind=Endpoint`, `tessera.work-resource=${endpoint}`], status: ['running'] },
  });

const keys = async (u: WorkUser, prefix: string) =>
  ((await u.s3.send(new ListObjectsV2Command({ Bucket: u.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);

const scaling = (u: { credentials: { accessKeyId: string; secretAccessKey: string } }) =>
  new ApplicationAutoScalingClient({
    endpoint: h.server.url,
    region: 'us-east-1',
    credentials: u.credentials,
    maxAttempts: 1,
  });

describe('what endpoints were made from', { timeout: 300_000 }, () => {
  // Alice's endpoint scales out and has an instance killed after Bob recreated her config and model.
  it("keeps serving Alice's model and capturing to her bucket, whatever Bob makes of the names", async () => {
    const [m, c, ep] = [uniqueName('m'), uniqueName('c'), uniqueName('ep')];
    await model(alice, m, 2);
    await config(alice, c, m, `s3://${alice.bucket}/capture`);
    await alice.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: c }));
    await inService(alice, ep);
    expect(await invoke(alice, ep)).toBe('2.0,4.0');

    // Alice deletes the config and the model her endpoint runs; Bob takes both names for his own.
    await alice.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: c }));
    await alice.sagemaker.send(new DeleteModelCommand({ ModelName: m }));
    await model(bob, m, 7);
    await config(bob, c, m, `s3://${bob.bucket}/stolen`);

    // Scale-out: the new instance runs the model the endpoint was created with.
    await alice.sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: ep,
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 2 }],
      }),
    );
    await inService(alice, ep, 2);
    const before = (await containersOf(ep)).map((ct) => ct.Id);
    expect(before).toHaveLength(2);
    for (let i = 0; i < 6; i++) expect(await invoke(alice, ep)).toBe('2.0,4.0');

    // An instance dies; its replacement too runs Alice's model.
    await docker.getContainer(before[0]!).kill();
    await waitFor(
      async () => {
        const now = (await containersOf(ep)).map((ct) => ct.Id);
        return now.length === 2 && !now.includes(before[0]!) ? true : undefined;
      },
      'the killed instance replaced',
      120_000,
      500,
    );
    const d = await inService(alice, ep, 2);
    for (let i = 0; i < 6; i++) expect(await invoke(alice, ep)).toBe('2.0,4.0');

    // DescribeEndpoint names the config as given and the capture Alice configured.
    expect(d.EndpointConfigName).toBe(c);
    expect(d.DataCaptureConfig?.DestinationS3Uri).toBe(`s3://${alice.bucket}/capture`);
    await waitFor(async () => ((await keys(alice, `capture/${ep}/`)).length ? true : undefined), 'capture', 30_000);
    await new Promise((r) => setTimeout(r, 3_000)); // past another flush of the capture buffers
    expect(await keys(bob, 'stolen/')).toEqual([]);

    await alice.sagemaker.send(new DeleteEndpointCommand({ EndpointName: ep }));
    await gone(alice, ep);
    expect(await containersOf(ep)).toEqual([]);
  });

  // Bob's endpoint of Alice's old name is scaled neither by her old target nor by one left behind.
  it("deletes an endpoint's autoscaling with it", async () => {
    const ep = uniqueName('churn');
    const resourceId = `endpoint/${ep}/variant/AllTraffic`;
    const target = {
      ServiceNamespace: 'sagemaker' as const,
      ResourceId: resourceId,
      ScalableDimension: SAGEMAKER_VARIANT_DIMENSION as never,
    };
    const [am, ac] = [uniqueName('am'), uniqueName('ac')];
    await model(alice, am, 2);
    await config(alice, ac, am);
    await alice.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: ac }));
    await inService(alice, ep);
    const aliceScaling = scaling(alice);
    await aliceScaling.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 3 }));
    const policy = {
      ...target,
      PolicyName: 'eager',
      PolicyType: 'TargetTrackingScaling' as const,
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 1, // one invocation per instance per minute: any traffic scales out
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' as const },
        ScaleOutCooldown: 0,
        ScaleInCooldown: 600,
      },
    };
    await aliceScaling.send(new PutScalingPolicyCommand(policy));

    await alice.sagemaker.send(new DeleteEndpointCommand({ EndpointName: ep }));
    await gone(alice, ep);
    const described = { ServiceNamespace: 'sagemaker' as const, ResourceIds: [resourceId] };
    expect((await aliceScaling.send(new DescribeScalableTargetsCommand(described))).ScalableTargets).toEqual([]);
    expect(
      (await aliceScaling.send(new DescribeScalingPoliciesCommand({ ...described, PolicyNames: ['eager'] })))
        .ScalingPolicies,
    ).toEqual([]);
    expect((await scaling(h).send(new DescribeScalableTargetsCommand(described))).ScalableTargets).toEqual([]);

    // Bob's endpoint of the same name, busy for several autoscaling windows, keeps its one instance.
    const [bm, bc] = [uniqueName('bm'), uniqueName('bc')];
    await model(bob, bm, 5);
    await config(bob, bc, bm);
    await bob.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: bc }));
    await inService(bob, ep);
    const busy = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) expect(await invoke(bob, ep)).toBe('5.0,10.0');
    };
    await busy(INTERVAL_S * 3 * 1000);
    let d = await bob.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }));
    expect(d.EndpointStatus).toBe('InService');
    expect(d.ProductionVariants?.[0]?.DesiredInstanceCount).toBe(1);

    // Defence in depth: a target of Alice's for this resource, as a server before this change left
    // behind, is not applied to Bob's endpoint either.
    const aliceId = (await alice.session.rest('GET', '/api/v1/me')).body.user.id as string;
    const id = randomBytes(16).toString('hex');
    await db.scalableTarget.create({
      data: {
        id,
        serviceNamespace: 'sagemaker',
        resourceId,
        scalableDimension: SAGEMAKER_VARIANT_DIMENSION,
        minCapacity: 1,
        maxCapacity: 3,
        ownerUserId: aliceId,
        policies: {
          create: {
            id: randomBytes(16).toString('hex'),
            arn: `arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:${id}:policyName/eager`,
            name: 'eager',
            policyType: 'TargetTrackingScaling',
            config: policy.TargetTrackingScalingPolicyConfiguration,
          },
        },
      },
    });
    await busy(INTERVAL_S * 3 * 1000);
    d = await bob.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }));
    expect(d.EndpointStatus).toBe('InService');
    expect(d.ProductionVariants?.[0]?.DesiredInstanceCount).toBe(1);
    expect((await containersOf(ep)).length).toBe(1);
    const activities = await scaling(h).send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: resourceId }),
    );
    expect(activities.ScalingActivities).toEqual([]);

    await db.scalableTarget.delete({ where: { id } });
    await bob.sagemaker.send(new DeleteEndpointCommand({ EndpointName: ep }));
    await gone(bob, ep);
  });
});

describe('instances need a user profile', { timeout: 240_000 }, () => {
  it('refuses training jobs and endpoints to an ordinary user without one, not to an administrator', async () => {
    const carol = await otherUser(h);
    const s3 = new S3Client({
      endpoint: h.server.url,
      region: 'us-east-1',
      credentials: carol.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const bucket = uniqueName('carol').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: Error) => e,
      );
    const job = uniqueName('unbounded');
    const trained = await refusal(
      carol.sagemaker.send(
        new CreateTrainingJobCommand({
          TrainingJobName: job,
          RoleArn: ROLE,
          AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: `s3://${bucket}/out` },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 4, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 60 },
        }),
      ),
    );
    expect(trained?.name).toBe('ResourceLimitExceeded');
    expect(trained?.message).toMatch(/^Launching ml\.m5\.large instances needs a user profile: .* you have none\./);
    expect((await refusal(carol.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))))?.name).toBe(
      'ResourceNotFound',
    );

    const [m, c, ep] = [uniqueName('m'), uniqueName('c'), uniqueName('ep')];
    await carol.sagemaker.send(
      new CreateModelCommand({ ModelName: m, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: SKLEARN_IMAGE } }),
    );
    await carol.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: c,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: m, InstanceType: 'ml.m5.large', InitialInstanceCount: 2 },
        ],
      }),
    );
    const endpoint = await refusal(
      carol.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: c })),
    );
    expect(endpoint?.name).toBe('ResourceLimitExceeded');
    expect(endpoint?.message).toContain('Launching ml.m5.large instances needs a user profile');
    expect((await refusal(carol.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }))))?.name).toBe(
      'ValidationException',
    );

    // An administrator, with no profile either, is not refused.
    const [am, ac, aep] = [uniqueName('m'), uniqueName('c'), uniqueName('ep')];
    await h.sagemaker.send(
      new CreateModelCommand({ ModelName: am, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: SKLEARN_IMAGE } }),
    );
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: ac,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: am, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    await h.sagemaker.send(new CreateEndpointCommand({ EndpointName: aep, EndpointConfigName: ac }));
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: aep }));

    // Once an administrator gives Carol a profile, her endpoint is accepted.
    await giveProfile(h, carol.username);
    await carol.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: c }));
    await carol.sagemaker.send(new DeleteEndpointCommand({ EndpointName: ep }));
  });
});
