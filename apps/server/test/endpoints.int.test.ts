// Models, endpoint configs and endpoints on the Docker backend, invoked through the real
// SageMaker Runtime client: weighted variants, TargetVariant, ModelError, payload limit, data
// capture, logs, blue/green UpdateEndpoint under continuous load with zero failures, a failed
// update rolled back, capacity changes.
import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  ListEndpointsCommand,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser, type WorkUser } from './work-fixture.ts';

// Autoscaling evaluates every 3 s here (60 s by default, CloudWatch's period) so the test sees it act.
const h = useHarness({ TESSERA_BACKEND: 'docker', TESSERA_AUTOSCALING_INTERVAL_SECONDS: '3' });

// A model that multiplies its input by a weight read from the model directory, so an answer
// says which model (variant) computed it.
const INFERENCE = `
import os, json
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    if text.strip() == 'boom':
        raise ValueError('the model cannot read "boom"')
    return [float(v) for v in (json.loads(text) if content_type == 'application/json' else text.split(','))]
def predict_fn(data, w):
    return [x * w for x in data]
def output_fn(prediction, accept):
    if accept == 'application/json':
        return json.dumps({'predictions': prediction}), accept
    return ','.join(str(p) for p in prediction), 'text/csv'
`;

let u: WorkUser;

async function modelWithWeight(w: number, program = 'inference.py') {
  const name = uniqueName(`m${w}`);
  const data = await u.put(
    `models/${name}/model.tar.gz`,
    await sourceDir({ 'w.txt': String(w), 'code/inference.py': INFERENCE } as Record<string, string>),
  );
  await u.sagemaker.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: SKLEARN_IMAGE,
        ModelDataUrl: data,
        Environment: { SAGEMAKER_PROGRAM: program, SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    }),
  );
  return name;
}

async function config(variants: { name: string; model: string; weight?: number; count?: number }[], capture?: string) {
  const name = uniqueName('cfg');
  await u.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: variants.map((v) => ({
        VariantName: v.name,
        ModelName: v.model,
        InstanceType: 'ml.m5.large',
        InitialInstanceCount: v.count ?? 1,
        InitialVariantWeight: v.weight ?? 1,
      })),
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
  return name;
}

async function status(name: string, want: string, timeoutMs = 120_000): Promise<DescribeEndpointCommandOutput> {
  return waitFor(
    async () => {
      const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
      if (d.EndpointStatus === 'Failed' && want !== 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
      return d.EndpointStatus === want ? d : undefined;
    },
    `endpoint ${name} ${want}`,
    timeoutMs,
    200,
  );
}

async function invoke(
  endpoint: string,
  body: string,
  extra: { ContentType?: string; Accept?: string; TargetVariant?: string } = {},
) {
  const r = await u.runtime.send(
    new InvokeEndpointCommand({
      EndpointName: endpoint,
      Body: Buffer.from(body),
      ContentType: extra.ContentType ?? 'text/csv',
      Accept: extra.Accept ?? 'text/csv',
      ...(extra.TargetVariant ? { TargetVariant: extra.TargetVariant } : {}),
    }),
  );
  return { variant: r.InvokedProductionVariant!, body: Buffer.from(r.Body!).toString(), contentType: r.ContentType };
}

let endpoint: string;

beforeAll(async () => {
  u = await workUser(h);
});

describe('endpoints on Docker', { timeout: 180_000 }, () => {
  it(
    'serves two weighted variants: weights honoured, ' + 'TargetVariant, content types, ModelError, payload limit',
    async () => {
      const [a, b] = [await modelWithWeight(2), await modelWithWeight(3)];
      const cfg = await config(
        [
          { name: 'A', model: a, weight: 3 },
          { name: 'B', model: b, weight: 1 },
        ],
        `s3://${u.bucket}/capture`,
      );
      endpoint = uniqueName('ep');
      await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: cfg }));
      expect((await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }))).EndpointStatus).toBe(
        'Creating',
      );
      const early = await invoke(endpoint, '1').catch((e) => e);
      expect(early.name).toBe('ValidationError');
      const live = await status(endpoint, 'InService');
      expect(live.ProductionVariants!.map((v) => [v.VariantName, v.CurrentWeight, v.CurrentInstanceCount])).toEqual([
        ['A', 3, 1],
        ['B', 1, 1],
      ]);
      expect(live.ProductionVariants![0]!.DeployedImages![0]!.SpecifiedImage).toBe(SKLEARN_IMAGE);

      const seen = { A: 0, B: 0 } as Record<string, number>;
      for (let round = 0; round < 25; round++) {
        const answers = await Promise.all(Array.from({ length: 16 }, () => invoke(endpoint, '1.5,2')));
        for (const r of answers) {
          seen[r.variant]!++;
          expect(r.body).toBe(r.variant === 'A' ? '3.0,4.0' : '4.5,6.0');
          expect(r.contentType).toBe('text/csv');
        }
      }
      const share = seen.A! / (seen.A! + seen.B!);
      expect(share).toBeGreaterThan(0.65);
      expect(share).toBeLessThan(0.85);

      for (let i = 0; i < 10; i++) expect((await invoke(endpoint, '1', { TargetVariant: 'B' })).variant).toBe('B');
      const json = await invoke(endpoint, '[1, 2]', { ContentType: 'application/json', Accept: 'application/json' });
      expect(JSON.parse(json.body).predictions.length).toBe(2);
      expect(json.contentType).toBe('application/json');

      const modelError = await invoke(endpoint, 'boom').catch((e) => e);
      expect(modelError.name).toBe('ModelError');
      expect(modelError.$metadata.httpStatusCode).toBe(424);
      expect(modelError.message).toMatch(/the model cannot read/);
      expect(modelError.OriginalStatusCode).toBeGreaterThanOrEqual(400);
      const unknown = await invoke('no-such-endpoint', '1').catch((e) => e);
      expect(unknown.name).toBe('ValidationError');
      expect(unknown.message).toMatch(/Endpoint no-such-endpoint of account \d{12} not found/);
      const badVariant = await invoke(endpoint, '1', { TargetVariant: 'Z' }).catch((e) => e);
      expect(badVariant.message).toMatch(/variant Z does not exist/);
      const big = await invoke(endpoint, 'x'.repeat(6 * 1024 * 1024 + 1)).catch((e) => e);
      expect(big.name).toBe('ValidationError');
      expect(big.message).toMatch(/larger than 6 MB/);

      // Data capture: JSON lines under <destination>/<endpoint>/<variant>/yyyy/mm/dd/hh/.
      const captured = await waitFor(
        async () => {
          const l = await u.s3.send(new ListObjectsV2Command({ Bucket: u.bucket, Prefix: `capture/${endpoint}/` }));
          return l.KeyCount ? l.Contents! : undefined;
        },
        'captured records',
        15_000,
        250,
      );
      expect(captured[0]!.Key).toMatch(new RegExp(`^capture/${endpoint}/(A|B)/\\d{4}/\\d{2}/\\d{2}/\\d{2}/`));
      const record = JSON.parse((await u.get(captured[0]!.Key!)).toString().split('\n')[0]!);
      expect(record.captureData.endpointInput).toMatchObject({
        mode: 'INPUT',
        encoding: 'CSV',
        observedContentType: 'text/csv',
      });
      expect(record.captureData.endpointOutput).toMatchObject({ mode: 'OUTPUT' });
      expect(record.eventMetadata.eventId).toBeTruthy();

      const streams = await u.logs.send(
        new DescribeLogStreamsCommand({ logGroupName: `/aws/sagemaker/Endpoints/${endpoint}` }),
      );
      expect(streams.logStreams!.map((s) => s.logStreamName!.split('/')[0]).sort()).toEqual(['A', 'B']);
    },
  );

  it('updates blue/green under continuous load with zero failed invocations, and the old fleet stops', async () => {
    const c = await modelWithWeight(5);
    const cfg = await config([{ name: 'C', model: c }]);
    let stop = false;
    const results: { ok: boolean; variant?: string; error?: string }[] = [];
    const load = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const r = await invoke(endpoint, '1');
          results.push({ ok: true, variant: r.variant });
        } catch (e) {
          results.push({ ok: false, error: `${(e as Error).name}: ${(e as Error).message}` });
        }
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    await u.sagemaker.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: cfg }));
    expect((await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }))).EndpointStatus).toBe(
      'Updating',
    );
    const done = await status(endpoint, 'InService');
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(load);
    expect(done.EndpointConfigName).toBe(cfg);
    expect(done.ProductionVariants!.map((v) => v.VariantName)).toEqual(['C']);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
    const variants = new Set(results.map((r) => r.variant));
    expect(variants.has('C')).toBe(true);
    expect(variants.has('A') || variants.has('B')).toBe(true);
    expect((await invoke(endpoint, '1')).body).toBe('5.0');
  });

  it('rolls a failed update back: the endpoint stays InService on the old fleet with the reason', async () => {
    const broken = await modelWithWeight(7, 'missing_module.py');
    const cfg = await config([{ name: 'D', model: broken }]);
    const before = (await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }))).EndpointConfigName;
    await u.sagemaker.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: cfg }));
    const after = await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
        return d.EndpointStatus === 'InService' && d.FailureReason ? d : undefined;
      },
      'rollback',
      120_000,
      250,
    );
    expect(after.EndpointConfigName).toBe(before);
    expect(after.FailureReason).toMatch(new RegExp(`Update to ${cfg} failed and was rolled back`));
    expect((await invoke(endpoint, '1')).body).toBe('5.0');
    // Studio's page tells the story: the update asked, and the rollback with its reason.
    const history = await fetch(`${h.server.url}/api/v1/studio/endpoints/${endpoint}/history`, {
      headers: { cookie: u.session.cookie, 'x-requested-with': 'test' },
    }).then((r) => r.json());
    const [asked, rolledBack] = history.Events.slice(-2);
    expect(asked).toMatchObject({
      Status: 'Updating',
      Change: `Update from ${before} to ${cfg}`,
      EndpointConfigName: cfg,
    });
    expect(rolledBack).toMatchObject({ Status: 'InService', EndpointConfigName: before });
    expect(rolledBack.Reason).toBe(after.FailureReason);
  });

  it('changes weights and capacities with UpdateEndpointWeightsAndCapacities', async () => {
    await u.sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: endpoint,
        DesiredWeightsAndCapacities: [{ VariantName: 'C', DesiredInstanceCount: 2 }],
      }),
    );
    const scaled = await status(endpoint, 'InService');
    expect(scaled.ProductionVariants![0]).toMatchObject({
      VariantName: 'C',
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => invoke(endpoint, '2')));
    expect(answers.every((a) => a.body === '10.0')).toBe(true);
    const bad = await u.sagemaker
      .send(
        new UpdateEndpointWeightsAndCapacitiesCommand({
          EndpointName: endpoint,
          DesiredWeightsAndCapacities: [{ VariantName: 'nope', DesiredWeight: 1 }],
        }),
      )
      .catch((e) => e);
    expect(bad.name).toBe('ValidationException');
  });

  it('scales a variant out under load through Application Auto Scaling target tracking', async () => {
    const aas = new ApplicationAutoScalingClient({
      endpoint: h.server.url,
      region: 'us-east-1',
      credentials: u.credentials,
      maxAttempts: 1,
    });
    const target = {
      ServiceNamespace: 'sagemaker' as const,
      ResourceId: `endpoint/${endpoint}/variant/C`,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
    };
    await aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 3 }));
    await aas.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'invocations',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 30,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
          ScaleOutCooldown: 0,
          ScaleInCooldown: 600,
        },
      }),
    );
    let stop = false;
    const load = Array.from({ length: 4 }, async () => {
      while (!stop) await invoke(endpoint, '1').catch(() => undefined);
    });
    try {
      const scaled = await waitFor(
        async () => {
          const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
          return d.EndpointStatus === 'InService' && d.ProductionVariants![0]!.CurrentInstanceCount === 3
            ? d
            : undefined;
        },
        'scale out to 3',
        90_000,
        500,
      );
      expect(scaled.ProductionVariants![0]!.DesiredInstanceCount).toBe(3);
    } finally {
      stop = true;
      await Promise.all(load);
    }
    const activities = await aas.send(
      new DescribeScalingActivitiesCommand({ ServiceNamespace: 'sagemaker', ResourceId: target.ResourceId }),
    );
    expect(activities.ScalingActivities![0]!.Description).toMatch(/Setting desired instance count to 3/);
    const history = await fetch(`${h.server.url}/api/v1/studio/endpoints/${endpoint}/history`, {
      headers: { cookie: u.session.cookie, 'x-requested-with': 'test' },
    }).then((r) => r.json());
    const changes = history.Events.map((e: { Change?: string }) => e.Change).filter(Boolean);
    expect(changes).toContain('C: 2 → 3 instances (autoscaling)');
  });

  it('keeps endpoints private and deletes them', async () => {
    const other = await workUser(h);
    const hidden = await other.runtime
      .send(new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from('1'), ContentType: 'text/csv' }))
      .catch((e) => e);
    expect(hidden.name).toBe('ValidationError');
    expect((await other.sagemaker.send(new ListEndpointsCommand({}))).Endpoints).toEqual([]);
    await u.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
    await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint })).catch((e) => e);
        return d.name === 'ValidationException' ? d : undefined;
      },
      'endpoint gone',
      60_000,
      250,
    );
    const gone = await invoke(endpoint, '1').catch((e) => e);
    expect(gone.name).toBe('ValidationError');
  });
});
