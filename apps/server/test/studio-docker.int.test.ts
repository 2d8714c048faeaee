// The same Studio flow on the docker runtime: each instance is a container with the instance
// type's CPU and memory limits, running as the profile's POSIX user on the profile's own network,
// reached through the proxy with @jupyterlab/services.
import { execFileSync } from 'node:child_process';
import {
  CreateAppCommand,
  CreateImageCommand,
  CreateImageVersionCommand,
  DeleteAppCommand,
  DescribeAppCommand,
} from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';
import { appKey, studioUser } from './studio-fixture.ts';
import { uniqueName } from './harness.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

const inspect = (containerId: string, format: string) =>
  execFileSync('docker', ['inspect', '-f', format, containerId], { encoding: 'utf8' }).trim();
const containersOf = (dataDir: string) =>
  execFileSync('docker', ['ps', '-q', '--filter', 'label=tessera.managed=true'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .filter((id) =>
      execFileSync('docker', ['inspect', '-f', '{{range .Mounts}}{{.Source}} {{end}}', id], {
        encoding: 'utf8',
      }).includes(dataDir),
    );

describe('Studio on the docker backend', () => {
  it('runs notebooks in containers limited to the instance type, and moves a kernel between them', async () => {
    const u = await studioUser(h);
    await waitFor(
      async () => {
        const r = await u.session.rest('POST', '/api/v1/studio/open', {});
        if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
        return r.body.App?.Status === 'InService' ? r.body : undefined;
      },
      'Studio open',
      90_000,
      250,
    );

    const jupyter = jupyterManagers(jupyterSettings(u.jupyterBase, { cookie: u.session.cookie }));
    const session = await jupyter.sessions.startNew({
      path: 'docker.ipynb',
      name: 'docker.ipynb',
      type: 'notebook',
      kernel: { name: 'datascience__ml.t3.medium' },
    });
    expect(
      await execute(
        session.kernel!,
        "import sklearn, pandas, xgboost, os\nprint(os.environ['HOME'], sklearn.__name__)",
      ),
    ).toContain('/home/sagemaker-user sklearn');
    // As SageMaker Studio: the profile's POSIX user (sagemaker-user, 1000:100), never root.
    expect(await execute(session.kernel!, 'import os\nprint(os.getuid(), os.getgid())')).toContain('1000 100');
    await execute(session.kernel!, "open('from-container.txt', 'w').write('written in a container')");

    const t3 = await u.sagemaker.send(
      new DescribeAppCommand({
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
        AppType: 'KernelGateway',
        AppName: 'datascience-ml-t3-medium',
      }),
    );
    expect(t3.Status).toBe('InService');
    const containers = containersOf(h.server.dataDir);
    expect(containers).toHaveLength(2); // the JupyterServer app and the ml.t3.medium KernelGateway app
    const limits = containers.map((id) => inspect(id, '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}'));
    expect(limits).toContain(`${4 * 2 ** 30} 2000000000`); // ml.t3.medium: 2 vCPU, 4 GiB
    for (const id of containers) {
      expect(inspect(id, '{{.Config.User}} {{json .HostConfig.CapDrop}} {{json .HostConfig.SecurityOpt}}')).toBe(
        '1000:100 ["ALL"] ["no-new-privileges:true"]',
      );
      // Reached on the profile's own network, published on no port of the host.
      expect(inspect(id, '{{.HostConfig.NetworkMode}}')).toMatch(/^tsr[0-9a-f]{12}$/);
      expect(inspect(id, '{{json .HostConfig.PortBindings}}')).toMatch(/^(null|\{\})$/);
    }
    // Both apps of the profile on one network.
    expect(new Set(containers.map((id) => inspect(id, '{{.HostConfig.NetworkMode}}'))).size).toBe(1);

    await session.changeKernel({ name: 'minimal__ml.c5.large' });
    expect(session.kernel!.name).toBe('minimal__ml.c5.large');
    expect(await execute(session.kernel!, "print(open('from-container.txt').read())")).toContain(
      'written in a container',
    );
    // the minimal image really is minimal
    await expect(execute(session.kernel!, 'import sklearn')).rejects.toThrow(/ModuleNotFoundError/);

    const usage = await u.session.rest(
      'GET',
      `/jupyter/${u.DomainId}/${u.UserProfileName}/default/tessera/kernels/${session.kernel!.id}/usage`,
    );
    expect(usage.body).toMatchObject({ InstanceType: 'ml.c5.large', MemoryLimitBytes: 4 * 2 ** 30, CpuLimit: 2 });
    await session.shutdown();
    await jupyter.dispose();
  });

  it('runs a custom image registered with CreateImage/CreateImageVersion (a local Docker image)', async () => {
    const u = await studioUser(h);
    const ImageName = uniqueName('team');
    const { ImageArn } = await h.sagemaker.send(
      new CreateImageCommand({ ImageName, RoleArn: 'arn:aws:iam::123456789012:role/ImageRole' }),
    );
    await h.sagemaker.send(
      new CreateImageVersionCommand({ ImageName, BaseImage: 'tessera/kernel-minimal:latest', ClientToken: 'v1' }),
    );
    const key = appKey(u, 'KernelGateway', 'team-kernel');
    await u.sagemaker.send(
      new CreateAppCommand({ ...key, ResourceSpec: { SageMakerImageArn: ImageArn, InstanceType: 'ml.t3.medium' } }),
    );
    const live = await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeAppCommand(key));
        if (d.Status === 'Failed') throw new Error(d.FailureReason);
        return d.Status === 'InService' ? d : undefined;
      },
      'custom image app',
      90_000,
      250,
    );
    expect(live.ResourceSpec?.SageMakerImageArn).toBe(ImageArn);
    await u.sagemaker.send(new DeleteAppCommand(key));
  });
});
