// The app lifecycle through the SageMaker API on the process backend: real Jupyter servers,
// reached through the proxy with @jupyterlab/services.
import { CreateAppCommand, DeleteAppCommand, DescribeAppCommand, ListAppsCommand } from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';
import { appKey, studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

async function status(sm: typeof h.sagemaker, key: ReturnType<typeof appKey>, want: string, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeAppCommand(key));
      if (d.Status === 'Failed' && want !== 'Failed') throw new Error(`app failed: ${d.FailureReason}`);
      return d.Status === want ? d : undefined;
    },
    `app ${key.AppName} ${want}`,
    timeoutMs,
    200,
  );
}

describe('apps on the process backend', () => {
  it('runs a KernelGateway app: Pending → InService with a real Jupyter server, then Deleting → Deleted', async () => {
    const u = await studioUser(h);
    const key = appKey(u, 'KernelGateway', 'ds-t3');
    const created = await u.sagemaker.send(
      new CreateAppCommand({ ...key, ResourceSpec: { InstanceType: 'ml.t3.medium' } }),
    );
    expect(created.AppArn).toMatch(new RegExp(`:app/${u.DomainId}/${u.UserProfileName}/kernelgateway/ds-t3$`));
    const pending = await u.sagemaker.send(new DescribeAppCommand(key));
    expect(pending.Status).toBe('Pending');
    expect(pending.ResourceSpec).toMatchObject({
      InstanceType: 'ml.t3.medium',
      SageMakerImageArn: expect.stringMatching(/:image\/datascience$/),
    });

    const live = await status(u.sagemaker, key, 'InService');
    expect(live.LastHealthCheckTimestamp!.getTime()).toBeGreaterThan(live.CreationTime!.getTime() - 1000);
    expect(live.LastUserActivityTimestamp).toBeInstanceOf(Date);

    const listed = await u.sagemaker.send(
      new ListAppsCommand({ DomainIdEquals: u.DomainId, UserProfileNameEquals: u.UserProfileName }),
    );
    expect(listed.Apps!.map((a) => [a.AppName, a.Status])).toEqual([['ds-t3', 'InService']]);

    // Straight to this app through the proxy, as the owner: a kernel runs the Data Science stack.
    const jupyter = jupyterManagers(
      jupyterSettings(`${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/ds-t3/`, {
        cookie: u.session.cookie,
      }),
    );
    const kernel = await jupyter.kernels.startNew({ name: 'python3' });
    expect(await execute(kernel, 'import sklearn, pandas, matplotlib\nprint(6 * 7)')).toContain('42');
    await kernel.shutdown();
    await jupyter.dispose();

    const again = await u.sagemaker
      .send(new CreateAppCommand({ ...key, ResourceSpec: { InstanceType: 'ml.t3.medium' } }))
      .catch((e) => e);
    expect(again.name).toBe('ResourceInUse');

    await u.sagemaker.send(new DeleteAppCommand(key));
    // at once, as SageMaker answers
    expect((await u.sagemaker.send(new DescribeAppCommand(key))).Status).toMatch(/^(Deleting|Deleted)$/);
    await status(u.sagemaker, key, 'Deleted');
    const gone = await fetch(`${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/ds-t3/api/kernels`, {
      headers: { cookie: u.session.cookie },
    });
    expect(gone.status).toBe(404);
  });

  it('refuses a GPU instance type on a host without a GPU at once, as SageMaker does one over its limit', async () => {
    const u = await studioUser(h);
    const key = appKey(u, 'KernelGateway', 'gpu');
    const refused = await u.sagemaker
      .send(new CreateAppCommand({ ...key, ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' } }))
      .catch((e) => e);
    expect(refused.name).toBe('ResourceLimitExceeded');
    expect(refused.message).toMatch(
      /service limit 'ml\.g4dn\.xlarge for KernelGateway apps' is 0 Instances.*needs 1 GPU.*has none.*ml\.t3\.medium/,
    );
    // Nothing was made that would need deleting first.
    expect(await u.sagemaker.send(new DescribeAppCommand(key)).catch((e) => e.name)).toBe('ResourceNotFound');
  });

  it('refuses bad app requests with errors a person can act on', async () => {
    const u = await studioUser(h);
    const send = (input: Record<string, unknown>) =>
      u.sagemaker.send(new CreateAppCommand(input as never)).catch((e) => e);
    expect((await send({ ...appKey(u, 'JupyterServer', 'other') })).message).toMatch(/must be named "default"/);
    expect(
      (await send({ ...appKey(u, 'KernelGateway', 'x'), ResourceSpec: { InstanceType: 'ml.zz.huge' } })).message,
    ).toMatch(/ml\.zz\.huge is not offered/);
    expect(
      (await send({ ...appKey(u, 'KernelGateway', 'x'), ResourceSpec: { InstanceType: 'system' } })).message,
    ).toMatch(/need an ml\.\* instance type/);
    expect(
      (
        await send({
          ...appKey(u, 'KernelGateway', 'x'),
          ResourceSpec: { SageMakerImageArn: 'arn:aws:sagemaker:us-east-1:123456789012:image/nope' },
        })
      ).message,
    ).toMatch(/does not name an image/);
    expect((await send({ ...appKey(u, 'KernelGateway', 'x'), AppType: 'RStudioServerPro' })).message).toMatch(
      /not supported here/,
    );
    expect((await send({ ...appKey(u, 'KernelGateway', 'bad_name') })).name).toBe('ValidationException');
    const missing = await u.sagemaker
      .send(new DescribeAppCommand(appKey(u, 'KernelGateway', 'nothing')))
      .catch((e) => e);
    expect(missing.name).toBe('ResourceNotFound');
  });

  it('keeps other users out: SDK calls are denied and the Jupyter proxy answers 403', async () => {
    const owner = await studioUser(h);
    const stranger = await studioUser(h, owner.DomainId);
    const key = appKey(owner, 'KernelGateway', 'private');
    await owner.sagemaker.send(new CreateAppCommand(key));
    await status(owner.sagemaker, key, 'InService');
    const denied = await stranger.sagemaker.send(new DescribeAppCommand(key)).catch((e) => e);
    expect(denied.name).toBe('AccessDeniedException');
    expect(
      (await stranger.sagemaker.send(new CreateAppCommand({ ...key, AppName: 'intruder' })).catch((e) => e)).name,
    ).toBe('AccessDeniedException');
    const theirs = await stranger.sagemaker.send(new ListAppsCommand({ DomainIdEquals: owner.DomainId }));
    expect(theirs.Apps).toEqual([]);
    for (const path of ['private/api/kernels', 'private/api/contents', 'default/api/kernels']) {
      const res = await fetch(`${h.server.url}/jupyter/${owner.DomainId}/${owner.UserProfileName}/${path}`, {
        headers: { cookie: stranger.session.cookie },
      });
      expect(res.status, path).toBe(403);
    }
    const forged = await fetch(
      `${h.server.url}/jupyter/${owner.DomainId}/${owner.UserProfileName}/private/api/kernels`,
      {
        method: 'POST',
        headers: { cookie: owner.session.cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(forged.status).toBe(403); // another site's page cannot drive the owner's kernels
    const anonymous = await fetch(
      `${h.server.url}/jupyter/${owner.DomainId}/${owner.UserProfileName}/private/api/kernels`,
    );
    expect(anonymous.status).toBe(401);
    // The token never reaches the browser: nothing the proxy answers carries it.
    const res = await fetch(`${h.server.url}/jupyter/${owner.DomainId}/${owner.UserProfileName}/private/api/status`, {
      headers: { cookie: owner.session.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    await owner.sagemaker.send(new DeleteAppCommand(key));
  });
});
