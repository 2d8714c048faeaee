// Identity inside containers, as SageMaker gives it: a Studio kernel and a training container call
// the AWS APIs with no endpoint_url and no credentials in their code — AWS_ENDPOINT_URL and the
// container-credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI + token) lead them to the
// control plane's gateway on their own network — and act as their owner: their owner's buckets and
// jobs, nobody else's. The gateway serves nothing but the AWS APIs, and an instance token buys
// nothing once its job has ended. Debian's boto3 (botocore 1.29) runs in the kernel image; the
// newest boto3 (the tests' Python's) runs in the training container from an input channel.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTrainingJobCommand, DescribeDomainCommand } from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { jobLogs, shellTraining, tagged, TRAINING_LOGS } from './hostile-fixture.ts';
import { openStudio, studioUser } from './studio-fixture.ts';
import { trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let victim: WorkUser;
const SECRET_KEY = 'private/secret.txt';

beforeAll(async () => {
  victim = await workUser(h);
  await victim.put(SECRET_KEY, 'the victim’s data');
});

/** The newest boto3 on this machine (the tests' Python), botocore cut to the services used here. */
function newestBoto3Tarball(): Buffer {
  const site = execFileSync(
    'python3',
    ['-c', 'import boto3,os;print(os.path.dirname(os.path.dirname(boto3.__file__)))'],
    {
      encoding: 'utf8',
    },
  ).trim();
  const dir = mkdtempSync(join(tmpdir(), 'boto3-'));
  try {
    const keep = ['sts', 's3', 'sagemaker', 'sagemaker-runtime', 'logs'];
    const excludes = execFileSync('ls', [join(site, 'botocore', 'data')], { encoding: 'utf8' })
      .split('\n')
      .filter((n) => n && !n.includes('.') && !keep.includes(n))
      .map((n) => `--exclude=botocore/data/${n}`);
    const out = join(dir, 'libs.tar.gz');
    execFileSync('tar', [
      '-czf',
      out,
      '-C',
      site,
      '--exclude=__pycache__',
      ...excludes,
      'boto3',
      'botocore',
      's3transfer',
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('identity inside containers (docker runtime)', () => {
  it(
    "a Studio kernel acts as its profile's owner through the gateway, with Debian's boto3 and no endpoint_url; " +
      'the gateway serves the AWS APIs only',
    async () => {
      const a = await studioUser(h);
      const domain = await h.sagemaker.send(new DescribeDomainCommand({ DomainId: a.DomainId }));
      const account = domain.DomainArn!.split(':')[4]!;
      await openStudio(a);
      const jupyter = jupyterManagers(jupyterSettings(a.jupyterBase, { cookie: a.session.cookie }));
      const session = await jupyter.sessions.startNew({
        path: 'identity.ipynb',
        name: 'identity.ipynb',
        type: 'notebook',
        kernel: { name: 'minimal__ml.t3.medium' },
      });
      try {
        const code = `
import json, os, urllib.request, urllib.error
import boto3, botocore
from botocore.exceptions import ClientError
out = {"botocore": botocore.__version__}
def err(f):
    try:
        f(); return "succeeded"
    except ClientError as e:
        return e.response["Error"]["Code"]
def status(path, headers={}):
    try:
        return urllib.request.urlopen(urllib.request.Request("http://169.254.170.2" + path, headers=headers), timeout=10).status
    except urllib.error.HTTPError as e:
        return e.code
out["env"] = sorted(k for k in os.environ if k.startswith("AWS_"))
out["identity"] = boto3.client("sts").get_caller_identity()
out["identity"].pop("ResponseMetadata")
s3 = boto3.client("s3")
meta = json.load(open("/opt/ml/metadata/resource-metadata.json"))
out["metadata"] = meta
config = open("/etc/xdg/sagemaker/config.yaml").read()
out["config"] = config
bucket = [l.split("'")[1] for l in config.splitlines() if "DefaultS3Bucket" in l][0]
s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"from the kernel")
out["own"] = s3.get_object(Bucket=bucket, Key="hello.txt")["Body"].read().decode()
out["victim"] = err(lambda: s3.get_object(Bucket=${JSON.stringify(victim.bucket)}, Key=${JSON.stringify(SECRET_KEY)}))
out["victim_put"] = err(lambda: s3.put_object(Bucket=${JSON.stringify(victim.bucket)}, Key="x", Body=b"x"))
sm = boto3.client("sagemaker")
out["profile_role"] = sm.describe_domain(DomainId=meta["DomainId"])["DefaultUserSettings"].get("ExecutionRole")
out["profiles"] = [p["UserProfileName"] for p in sm.list_user_profiles()["UserProfiles"]]
out["admin_only"] = err(lambda: sm.create_domain(DomainName="x", AuthMode="IAM", DefaultUserSettings={},
                                                SubnetIds=["s"], VpcId="v"))
out["gateway"] = {p: status(p) for p in ["/", "/healthz", "/api/v1/studio/me", "/console/", "/login",
    "/jupyter/" + meta["DomainId"] + "/" + meta["UserProfileName"] + "/default/api/kernels", "/share/abc", "/metrics"]}
out["credentials_without_token"] = status("/v1/credentials")
out["credentials_forged"] = status("/v1/credentials", {"Authorization": "tit1.AAAA"})
print("IDENTITY " + json.dumps(out))
`;
        const probe = tagged<Record<string, any>>(await execute(session.kernel!, code), 'IDENTITY')!;
        expect(probe.botocore).toMatch(/^1\.29\./);
        expect(probe.env).toEqual(
          expect.arrayContaining([
            'AWS_CONTAINER_AUTHORIZATION_TOKEN',
            'AWS_CONTAINER_CREDENTIALS_FULL_URI',
            'AWS_DEFAULT_REGION',
            'AWS_ENDPOINT_URL',
          ]),
        );
        expect(probe.env).not.toContain('AWS_ACCESS_KEY_ID');
        expect(probe.identity.Account).toBe(account);
        expect(probe.identity.Arn).toBe(
          `arn:aws:sts::${account}:assumed-role/${probe.profile_role.split('/').at(-1)}/${a.username}`,
        );
        // The kernel runs in the profile's KernelGateway app, as a Studio kernel does.
        expect(probe.metadata).toMatchObject({
          AppType: 'KernelGateway',
          DomainId: a.DomainId,
          UserProfileName: a.UserProfileName,
        });
        expect(probe.metadata.ResourceArn).toMatch(/^arn:aws:sagemaker:us-east-1:\d{12}:app\//);
        expect(probe.config).toMatch(/DefaultS3Bucket: 'sagemaker-us-east-1-\d{12}-[0-9a-f]{8}'/);
        expect(probe.config).toContain('TelemetryOptOut: true');
        expect(probe.own).toBe('from the kernel');
        expect(probe.victim).toBe('AccessDenied');
        expect(probe.victim_put).toBe('AccessDenied');
        expect(probe.profiles).toEqual([a.UserProfileName]);
        expect(probe.admin_only).toBe('AccessDeniedException');
        // Nothing but the AWS APIs: no console, Studio, Jupyter, share links or metrics.
        for (const [path, code] of Object.entries(probe.gateway)) expect([path, code]).toEqual([path, 404]);
        expect(probe.credentials_without_token).toBe(403);
        expect(probe.credentials_forged).toBe(403);
      } finally {
        await session.shutdown().catch(() => undefined);
        await jupyter.dispose();
      }
    },
  );

  it(
    "a training container acts as its job's owner with the newest boto3 and no endpoint_url; its token buys " +
      'nothing once the job has ended',
    async () => {
      const u = await workUser(h);
      const libs = await u.put('libs/libs.tar.gz', newestBoto3Tarball());
      const name = uniqueName('identity');
      const script = `
set -e
mkdir -p /tmp/libs && tar -xzf /opt/ml/input/data/libs/libs.tar.gz -C /tmp/libs
printf '%s' "$AWS_CONTAINER_AUTHORIZATION_TOKEN" > /opt/ml/model/token
PYTHONPATH=/tmp/libs python3 - <<'EOF'
import json, os, boto3, botocore
from botocore.exceptions import ClientError
def err(f):
    try:
        f(); return "succeeded"
    except ClientError as e:
        return e.response["Error"]["Code"]
out = {"botocore": botocore.__version__}
ident = boto3.client("sts").get_caller_identity(); ident.pop("ResponseMetadata")
out["identity"] = ident
s3 = boto3.client("s3")
out["own"] = s3.get_object(Bucket=${JSON.stringify(u.bucket)}, Key="libs/libs.tar.gz")["ContentLength"] > 0
out["victim"] = err(lambda: s3.get_object(Bucket=${JSON.stringify(victim.bucket)}, Key=${JSON.stringify(SECRET_KEY)}))
sm = boto3.client("sagemaker")
out["self"] = sm.describe_training_job(TrainingJobName=os.environ["TRAINING_JOB_NAME"])["TrainingJobStatus"]
print("IDENTITY " + json.dumps(out))
EOF
`;
      const input = await shellTraining(u, name, script, {});
      input.InputDataConfig!.push({
        ChannelName: 'libs',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: libs } },
      });
      await u.sagemaker.send(new CreateTrainingJobCommand(input));
      const done = await trainingEnds(u.sagemaker, name, 180_000);
      const logs = await jobLogs(u, TRAINING_LOGS, name);
      expect(done.TrainingJobStatus, `${done.FailureReason}\n${logs}`).toBe('Completed');
      const probe = tagged<Record<string, any>>(logs, 'IDENTITY')!;
      expect(probe, logs).toBeDefined();
      expect(Number(probe.botocore.split('.')[1])).toBeGreaterThanOrEqual(31);
      expect(probe.identity.Arn).toMatch(new RegExp(`:assumed-role/SageMakerExecution/${u.username}$`));
      expect(probe.own).toBe(true);
      expect(probe.victim).toBe('AccessDenied');
      expect(probe.self).toBe('InProgress');

      // The job's token, from its model artifact: after the job it buys nothing, even from a
      // container on a tenant network of the same owner.
      const tar = await u.get(`hostile/${name}/output/model.tar.gz`);
      const dir = mkdtempSync(join(tmpdir(), 'model-'));
      try {
        execFileSync('tar', ['-xzf', '-', '-C', dir], { input: tar });
        const token = readFileSync(join(dir, 'token'), 'utf8');
        expect(token).toMatch(/^tit1\./);
        const again = await shellTraining(
          u,
          uniqueName('reuse'),
          `python3 -c "
import urllib.request, urllib.error
try:
    urllib.request.urlopen(urllib.request.Request('http://169.254.170.2/v1/credentials',
        headers={'Authorization': open('/opt/ml/input/data/token/token').read()}), timeout=10)
    print('REUSE 200')
except urllib.error.HTTPError as e:
    print('REUSE', e.code)
"`,
        );
        const tokenUri = await u.put(`reuse/${name}/token`, token);
        again.InputDataConfig!.push({
          ChannelName: 'token',
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: tokenUri } },
        });
        await u.sagemaker.send(new CreateTrainingJobCommand(again));
        const reused = await trainingEnds(u.sagemaker, again.TrainingJobName!, 120_000);
        const reuseLogs = await jobLogs(u, TRAINING_LOGS, again.TrainingJobName!);
        expect(reused.TrainingJobStatus, reuseLogs).toBe('Completed');
        expect(reuseLogs).toContain('REUSE 403');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
