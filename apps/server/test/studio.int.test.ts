// Opening Studio and running notebooks through the Studio base: the JupyterServer app is
// created on open, kernels are named <image>__<instanceType> and start KernelGateway apps on
// demand, and a session keeps its id while its kernel moves to another instance type.
import { DescribeAppCommand, ListAppsCommand } from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { homeDirOf, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

async function openStudio(u: Awaited<ReturnType<typeof studioUser>>) {
  return waitFor(
    async () => {
      const r = await u.session.rest('POST', '/api/v1/studio/open', {});
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      if (r.body.App.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App.Status === 'InService' ? r.body : undefined;
    },
    'Studio open',
    60_000,
    200,
  );
}

describe('Studio on the process backend', () => {
  it('opens Studio: creates the JupyterServer app, shows Pending while it starts, then serves files', async () => {
    const u = await studioUser(h);
    const first = await u.session.rest('POST', '/api/v1/studio/open', {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      DomainId: u.DomainId,
      UserProfileName: u.UserProfileName,
      Username: u.username,
      App: { AppName: 'default', Status: 'Pending' },
      Defaults: { InstanceType: 'ml.t3.medium', ImageName: 'datascience' },
    });
    expect(first.body.JupyterBaseUrl).toBe(`/jupyter/${u.DomainId}/${u.UserProfileName}/default/`);
    await openStudio(u);
    const js = await u.sagemaker.send(
      new DescribeAppCommand({
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
        AppType: 'JupyterServer',
        AppName: 'default',
      }),
    );
    expect(js.ResourceSpec?.InstanceType).toBe('system');

    const put = await fetch(`${u.jupyterBase}api/contents/hello.txt`, {
      method: 'PUT',
      headers: { cookie: u.session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'file', format: 'text', content: 'hi from Studio' }),
    });
    expect(put.status).toBe(201);
    const dir = await (await fetch(`${u.jupyterBase}api/contents`, { headers: { cookie: u.session.cookie } })).json();
    expect(dir.content.map((f: { name: string }) => f.name)).toContain('hello.txt');
    const logo = await fetch(`${u.jupyterBase}kernelspecs/datascience__ml.t3.medium/logo-64x64.png`, {
      headers: { cookie: u.session.cookie },
    });
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    const me = await (await fetch(`${u.jupyterBase}api/me`, { headers: { cookie: u.session.cookie } })).json();
    expect(me.identity.username).toBe(u.username);
  });

  it(
    'runs a notebook session on ml.t3.medium, ' + 'then moves its kernel to ml.m5.large with the same session id',
    async () => {
      const u = await studioUser(h);
      await openStudio(u);
      const jupyter = jupyterManagers(jupyterSettings(u.jupyterBase, { cookie: u.session.cookie }));
      await jupyter.specs.ready;
      const specs = jupyter.specs.specs!;
      expect(specs.default).toBe('datascience__ml.t3.medium');
      expect(specs.kernelspecs['datascience__ml.t3.medium']!.display_name).toBe(
        'Python 3 (Data Science) · ml.t3.medium',
      );
      expect(Object.keys(specs.kernelspecs)).toContain('minimal__ml.m5.large');
      expect(Object.keys(specs.kernelspecs).some((n) => n.includes('g4dn'))).toBe(false); // no GPU here

      const session = await jupyter.sessions.startNew({
        path: 'analysis.ipynb',
        name: 'analysis.ipynb',
        type: 'notebook',
        kernel: { name: 'datascience__ml.t3.medium' },
      });
      expect(session.kernel!.name).toBe('datascience__ml.t3.medium');
      expect(
        await execute(session.kernel!, 'import sklearn, pandas\nprint(sklearn.__name__, pandas.__name__)'),
      ).toContain('sklearn pandas');
      expect(await execute(session.kernel!, 'x = 41')).toBe('');
      const firstKernel = session.kernel!.id;

      await session.changeKernel({ name: 'datascience__ml.m5.large' });
      expect(session.kernel!.id).not.toBe(firstKernel);
      expect(session.kernel!.name).toBe('datascience__ml.m5.large');
      expect(await execute(session.kernel!, 'print(1 + 1)')).toContain('2');
      // A new kernel on a new instance: state did not come along.
      await expect(execute(session.kernel!, 'x')).rejects.toThrow(/NameError/);

      const listed = await (
        await fetch(`${u.jupyterBase}api/sessions`, { headers: { cookie: u.session.cookie } })
      ).json();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: session.id,
        path: 'analysis.ipynb',
        kernel: { id: session.kernel!.id, name: 'datascience__ml.m5.large' },
      });

      const apps = await u.sagemaker.send(
        new ListAppsCommand({ DomainIdEquals: u.DomainId, UserProfileNameEquals: u.UserProfileName }),
      );
      const kgs = apps
        .Apps!.filter((a) => a.AppType === 'KernelGateway')
        .map((a) => [a.ResourceSpec?.InstanceType, a.Status]);
      expect(kgs).toEqual(
        expect.arrayContaining([
          ['ml.t3.medium', 'InService'],
          ['ml.m5.large', 'InService'],
        ]),
      );

      const resources = await u.session.rest(
        'GET',
        `/api/v1/studio/resources?domain=${u.DomainId}&profile=${u.UserProfileName}`,
      );
      expect(resources.body.Apps.map((a: { AppName: string }) => a.AppName).sort()).toEqual([
        'datascience-ml-m5-large',
        'datascience-ml-t3-medium',
        'default',
      ]);

      const usage = await u.session.rest(
        'GET',
        `/jupyter/${u.DomainId}/${u.UserProfileName}/default/tessera/kernels/${session.kernel!.id}/usage`,
      );
      expect(usage.status).toBe(200);
      expect(usage.body).toMatchObject({ AppName: 'datascience-ml-m5-large', InstanceType: 'ml.m5.large' });
      expect(usage.body.MemoryBytes).toBeGreaterThan(10 * 2 ** 20);

      await session.shutdown();
      expect(
        await (await fetch(`${u.jupyterBase}api/sessions`, { headers: { cookie: u.session.cookie } })).json(),
      ).toEqual([]);
      await jupyter.dispose();
    },
  );

  it('answers a kernel on an instance type this host cannot provide with the reason', async () => {
    const u = await studioUser(h);
    await openStudio(u);
    const res = await fetch(`${u.jupyterBase}api/sessions`, {
      method: 'POST',
      headers: { cookie: u.session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: 'gpu.ipynb',
        name: 'gpu.ipynb',
        type: 'notebook',
        kernel: { name: 'datascience__ml.g4dn.xlarge' },
      }),
    });
    // Refused before any app is made, as CreateApp refuses it (ResourceLimitExceeded).
    expect(res.status).toBe(429);
    expect((await res.json()).message).toMatch(/ml\.g4dn\.xlarge needs 1 GPU/);
  });

  it('lists instance types with availability and the built-in images', async () => {
    const u = await studioUser(h);
    const types = await u.session.rest('GET', '/api/v1/instance-types');
    const byName = Object.fromEntries(types.body.InstanceTypes.map((t: { Name: string }) => [t.Name, t]));
    expect(byName['ml.t3.medium']).toMatchObject({ VCpu: 2, MemoryGiB: 4, Gpus: 0, Available: true });
    expect(byName['ml.g4dn.xlarge']).toMatchObject({
      Gpus: 1,
      Available: false,
      UnavailableReason: expect.stringMatching(/GPU/),
    });
    expect(byName.system).toBeDefined();
    const images = await u.session.rest('GET', '/api/v1/images');
    expect(
      images.body.Images.map((i: { ImageName: string; DisplayName: string; DefaultInstanceType: string }) => [
        i.ImageName,
        i.DisplayName,
        i.DefaultInstanceType,
      ]),
    ).toEqual([
      ['datascience', 'Data Science', 'ml.t3.medium'],
      ['minimal', 'Python (minimal)', 'ml.t3.medium'],
      ['pytorch', 'PyTorch (GPU)', 'ml.g4dn.xlarge'],
    ]);
  });

  it('opens a terminal in the home directory through the proxy (REST + WebSocket)', async () => {
    const u = await studioUser(h);
    await openStudio(u);
    const created = await fetch(`${u.jupyterBase}api/terminals`, {
      method: 'POST',
      headers: { cookie: u.session.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(200);
    const { name } = await created.json();
    const ws = new WebSocket(`${u.jupyterBase.replace(/^http/, 'ws')}terminals/websocket/${name}`, {
      headers: { cookie: u.session.cookie },
    });
    let output = '';
    ws.on('message', (data) => {
      const [kind, text] = JSON.parse(String(data));
      if (kind === 'stdout') output += text;
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify(['stdin', 'echo "home=$HOME"; pwd\r']));
    await waitFor(async () => (/home=.*\/home\//.test(output) ? true : undefined), 'terminal output', 10_000);
    // The profile's own home, named by its HomeEfsFileSystemUid.
    expect(output).toContain(`home=${await homeDirOf(h, u.DomainId, u.UserProfileName)}`);
    ws.close();
    const strangers = await studioUser(h, u.DomainId);
    const refused = new WebSocket(`${u.jupyterBase.replace(/^http/, 'ws')}terminals/websocket/${name}`, {
      headers: { cookie: strangers.session.cookie },
    });
    const status = await new Promise<number>((resolve) =>
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('open', () => resolve(101)),
    );
    expect(status).toBe(403);
  });
});
