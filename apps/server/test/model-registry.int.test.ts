// The model registry through @aws-sdk/client-sagemaker, on the process runtime: groups, versions
// numbered 1..n under concurrent creation, listing (filters, sorting, pages), approval as an event,
// and approve → CreateModel from the package → endpoint → invoke. And the attacks: another user's
// groups and packages are absent to them, in every operation and as a model's source.
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteEndpointCommand,
  DeleteModelPackageCommand,
  DeleteModelPackageGroupCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
  type CreateModelPackageCommandInput,
  type ModelPackageSummary,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

// A model that multiplies its input by the weight in its model data.
const INFERENCE = `
import os
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    return [float(v) for v in (body.decode() if isinstance(body, bytes) else body).split(',')]
def predict_fn(data, w):
    return [x * w for x in data]
def output_fn(prediction, accept):
    return ','.join(str(p) for p in prediction), 'text/csv'
`;

let u: WorkUser;
let mallory: WorkUser;
let modelData: string;
const group = uniqueName('Churn');

const version = (extra: Partial<CreateModelPackageCommandInput> = {}): CreateModelPackageCommandInput => ({
  ModelPackageGroupName: group,
  ModelPackageDescription: 'weight 3',
  InferenceSpecification: {
    Containers: [
      {
        Image: SKLEARN_IMAGE,
        ModelDataUrl: modelData,
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    ],
    SupportedContentTypes: ['text/csv'],
    SupportedResponseMIMETypes: ['text/csv'],
  },
  ...extra,
});

async function listAll(input: Record<string, unknown>, who = u): Promise<ModelPackageSummary[]> {
  const out: ModelPackageSummary[] = [];
  let NextToken: string | undefined;
  do {
    const r = await who.sagemaker.send(new ListModelPackagesCommand({ ...input, NextToken }));
    out.push(...(r.ModelPackageSummaryList ?? []));
    NextToken = r.NextToken;
  } while (NextToken);
  return out;
}

beforeAll(async () => {
  u = await workUser(h);
  mallory = await workUser(h);
  modelData = await u.put(
    'registry/model.tar.gz',
    await sourceDir({ 'w.txt': '3', 'code/inference.py': INFERENCE } as Record<string, string>),
  );
});

describe('the model registry', () => {
  let arns: string[] = [];

  it('numbers 20 concurrently created versions 1..20, with no gap and no duplicate', async () => {
    const made = await u.sagemaker.send(
      new CreateModelPackageGroupCommand({ ModelPackageGroupName: group, ModelPackageGroupDescription: 'churn' }),
    );
    expect(made.ModelPackageGroupArn).toMatch(new RegExp(`:model-package-group/${group.toLowerCase()}$`));
    const created = await Promise.all(
      Array.from({ length: 20 }, () => u.sagemaker.send(new CreateModelPackageCommand(version()))),
    );
    // In version order (the calls finish in any order): arns[i] is version i + 1.
    const versionOf = (a: string) => Number(a.split('/').pop());
    arns = created.map((c) => c.ModelPackageArn!).sort((a, b) => versionOf(a) - versionOf(b));
    const versions = arns.map(versionOf);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const d = await u.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arns[0]! }));
    expect(d).toMatchObject({
      ModelPackageGroupName: group,
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: 'PendingManualApproval',
      ModelPackageDescription: 'weight 3',
    });
    expect(d.InferenceSpecification!.Containers![0]!.ModelDataUrl).toBe(modelData);
    const g = await u.sagemaker.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }));
    expect(g).toMatchObject({ ModelPackageGroupStatus: 'Completed', ModelPackageGroupDescription: 'churn' });
    const byArn = await u.sagemaker.send(
      new DescribeModelPackageGroupCommand({ ModelPackageGroupName: made.ModelPackageGroupArn! }),
    );
    expect(byArn.ModelPackageGroupName).toBe(group);
  });

  it('lists versions by name (then version) over pages, by creation time, and by approval status', async () => {
    const byName = await listAll({
      ModelPackageGroupName: group,
      SortBy: 'Name',
      SortOrder: 'Ascending',
      MaxResults: 7,
    });
    expect(byName.map((p) => p.ModelPackageVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const newest = await listAll({ ModelPackageGroupName: group, SortBy: 'CreationTime', SortOrder: 'Descending' });
    const times = newest.map((p) => p.CreationTime!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await u.sagemaker.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arns[4]!, ModelApprovalStatus: 'Approved' }),
    );
    await u.sagemaker.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arns[6]!, ModelApprovalStatus: 'Rejected' }),
    );
    const approved = await listAll({ ModelPackageGroupName: group, ModelApprovalStatus: 'Approved' });
    expect(approved.map((p) => p.ModelPackageArn)).toEqual([arns[4]]);
    const groups = await u.sagemaker.send(new ListModelPackageGroupsCommand({ NameContains: group.slice(0, 10) }));
    expect(groups.ModelPackageGroupSummaryList!.map((x) => x.ModelPackageGroupName)).toEqual([group]);
    expect(await listAll({ ModelPackageGroupName: group, ModelPackageType: 'Unversioned' })).toEqual([]);
  });

  it("approves a version as an event on the owner's events socket, with its note", async () => {
    const heard: { type: string; resourceArn: string; status?: string; detail?: Record<string, unknown> }[] = [];
    const malloryHeard: string[] = [];
    const sockets = await Promise.all(
      [u, mallory].map(async (who, i) => {
        const ws = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
          headers: { cookie: who.session.cookie },
        });
        await new Promise((r) => ws.once('message', r));
        ws.on('message', (m) => (i === 0 ? heard.push(JSON.parse(String(m))) : malloryHeard.push(String(m))));
        return ws;
      }),
    );
    const arn = arns[9]!;
    await u.sagemaker.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: arn,
        ModelApprovalStatus: 'Approved',
        ApprovalDescription: 'AUC 0.91 on the holdout',
        CustomerMetadataProperties: { team: 'growth' },
      }),
    );
    const event = await waitFor(
      async () => heard.find((e) => e.type === 'modelPackage.approval' && e.resourceArn === arn),
      'approval event',
      10_000,
    );
    expect(event.status).toBe('Approved');
    expect(event.detail).toMatchObject({
      group,
      version: 10,
      previous: 'PendingManualApproval',
      description: 'AUC 0.91 on the holdout',
    });
    const d = await u.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(d).toMatchObject({
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'AUC 0.91 on the holdout',
      CustomerMetadataProperties: { team: 'growth' },
    });
    expect(malloryHeard.join('\n')).not.toContain(arn.split('/')[1]);
    for (const ws of sockets) ws.close();
  });

  it('deploys an approved version: CreateModel from its ARN, an endpoint, an invocation', async () => {
    const arn = arns[9]!;
    const model = uniqueName('from-pkg');
    await u.sagemaker.send(
      new CreateModelCommand({ ModelName: model, ExecutionRoleArn: ROLE, PrimaryContainer: { ModelPackageName: arn } }),
    );
    const described = await u.sagemaker.send(new DescribeModelCommand({ ModelName: model }));
    expect(described.PrimaryContainer).toMatchObject({ Image: SKLEARN_IMAGE, ModelDataUrl: modelData });
    const config = uniqueName('pkg-cfg');
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: config,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    const endpoint = uniqueName('pkg-ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: config }));
    await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
        if (d.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
        return d.EndpointStatus === 'InService' || undefined;
      },
      'endpoint InService',
      90_000,
      250,
    );
    const answer = await u.runtime.send(
      new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from('1,2'), ContentType: 'text/csv' }),
    );
    expect(Buffer.from(answer.Body!).toString()).toBe('3.0,6.0');
    await u.sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
  });

  it("keeps one user's registry from another, in every operation and as a model's source", async () => {
    const m = mallory.sagemaker;
    const refusals = [
      m.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group })),
      m.send(new DescribeModelPackageCommand({ ModelPackageName: arns[0]! })),
      m.send(new UpdateModelPackageCommand({ ModelPackageArn: arns[0]!, ModelApprovalStatus: 'Approved' })),
      m.send(new DeleteModelPackageCommand({ ModelPackageName: arns[0]! })),
      m.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: group })),
      m.send(new CreateModelPackageCommand({ ...version(), InferenceSpecification: undefined })),
      m.send(
        new CreateModelCommand({
          ModelName: uniqueName('stolen'),
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { ModelPackageName: arns[9]! },
        }),
      ),
    ];
    for (const r of await Promise.all(refusals.map((p) => p.catch((e) => e)))) {
      expect(r.name, String(r.message)).toBe('ValidationException');
      expect(r.message).toMatch(/does not exist/);
    }
    expect(await listAll({}, mallory)).toEqual([]);
    expect(await listAll({ ModelPackageGroupName: group }, mallory)).toEqual([]);
    const groups = await m.send(new ListModelPackageGroupsCommand({}));
    expect(groups.ModelPackageGroupSummaryList).toEqual([]);
    // A name differing only in case would share the group's ARN: taken.
    const same = await m
      .send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group.toUpperCase() }))
      .catch((e) => e);
    expect(same.name).toBe('ValidationException');
    expect(same.message).toMatch(/already exists/);
    // Nothing moved for the owner.
    const d = await u.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arns[0]! }));
    expect(d.ModelApprovalStatus).toBe('PendingManualApproval');
  });

  it('changes what a version deploys only while it awaits approval; notes change on their own', async () => {
    const spec = version().InferenceSpecification!;
    const approved = await u.sagemaker
      .send(new UpdateModelPackageCommand({ ModelPackageArn: arns[4]!, InferenceSpecification: spec }))
      .catch((e) => e);
    expect(approved.name).toBe('ValidationException');
    expect(approved.message).toMatch(/is Approved: its InferenceSpecification can change only while/);
    await u.sagemaker.send(new UpdateModelPackageCommand({ ModelPackageArn: arns[0]!, InferenceSpecification: spec }));
    const stolen = await u.sagemaker
      .send(
        new UpdateModelPackageCommand({
          ModelPackageArn: arns[0]!,
          InferenceSpecification: {
            ...spec,
            Containers: [{ ...spec.Containers![0]!, ModelDataUrl: `s3://${mallory.bucket}/model.tar.gz` }],
          },
        }),
      )
      .catch((e) => e);
    expect(stolen.name).toMatch(/ValidationException|AccessDenied/);
    await u.sagemaker.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arns[4]!, ApprovalDescription: 'checked by two people' }),
    );
    const d = await u.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arns[4]! }));
    expect(d).toMatchObject({ ModelApprovalStatus: 'Approved', ApprovalDescription: 'checked by two people' });
    // Names are one regardless of case, as their ARNs are.
    const lower = await u.sagemaker.send(
      new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group.toLowerCase() }),
    );
    expect(lower.ModelPackageGroupName).toBe(group);
  });

  it('refuses what the registry cannot be asked, with the reason', async () => {
    const noGroup = await u.sagemaker
      .send(new CreateModelPackageCommand({ ...version(), ModelPackageGroupName: undefined }))
      .catch((e) => e);
    expect(noGroup.name).toBe('ValidationException');
    expect(noGroup.message).toMatch(/ModelPackageGroupName/);
    const notEmpty = await u.sagemaker
      .send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: group }))
      .catch((e) => e);
    expect(notEmpty.message).toMatch(/holds 20 model package version/);
    const otherBucket = await u.sagemaker
      .send(new CreateModelPackageCommand(version({ SamplePayloadUrl: `s3://${mallory.bucket}/x.csv` })))
      .catch((e) => e);
    expect(otherBucket.name).toMatch(/ValidationException|AccessDenied/);
  });

  it('deletes versions and then the group without reusing a number; the name is free for anyone', async () => {
    await u.sagemaker.send(new DeleteModelPackageCommand({ ModelPackageName: arns[19]! }));
    const next = await u.sagemaker.send(new CreateModelPackageCommand(version()));
    expect(next.ModelPackageArn!.split('/').pop()).toBe('21');
    for (const p of await listAll({ ModelPackageGroupName: group }))
      await u.sagemaker.send(new DeleteModelPackageCommand({ ModelPackageName: p.ModelPackageArn! }));
    await u.sagemaker.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: group }));
    const gone = await u.sagemaker
      .send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: group }))
      .catch((e) => e);
    expect(gone.name).toBe('ValidationException');
    await mallory.sagemaker.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
    const theirs = await mallory.sagemaker.send(
      new CreateModelPackageCommand({ ModelPackageGroupName: group, ModelPackageDescription: 'mine' }),
    );
    // The counter outlives the group: no version ARN ever names two packages (the old owner's
    // models and logs still name …/1 to …/21).
    expect(theirs.ModelPackageArn!.split('/').pop()).toBe('22');
    expect((await listAll({ ModelPackageGroupName: group }, mallory)).map((p) => p.ModelPackageDescription)).toEqual([
      'mine',
    ]);
  });
});
