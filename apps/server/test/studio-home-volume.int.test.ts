// A Studio home on the docker runtime is a volume of its own, as a SageMaker space has its own EBS
// volume: bounded at the profile's SpaceStorageSettings (else the domain's, else
// TESSERA_HOME_SIZE_GIB), made on the profile's first app start with what the home already held,
// kept when its apps stop, mounted again when it is not (after a reboot), unmounted with its
// profile and deleted with its domain's home storage.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteAppCommand,
  DescribeAppCommand,
  DescribeDomainCommand,
  ListAppsCommand,
} from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { createDomain, homeDirOf, otherUser, uniqueName, useHarness, type Harness } from './harness.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });
const GiB = 2 ** 30;

/** The file a kept volume lives in (platform/storage/loop-volumes.ts names it by its directory). */
const imageOf = (dataDir: string, dir: string) =>
  join(dataDir, 'volumes', 'kept', `${createHash('sha256').update(dir).digest('hex').slice(0, 24)}.img`);

const mountPoints = () =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => !!p);

async function profileFor(h: Harness, DomainId: string, sizeGiB?: number) {
  const user = await otherUser(h);
  const UserProfileName = uniqueName('vol');
  const r = await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, {
    UserProfileName,
    OwnerUsername: user.username,
    ...(sizeGiB
      ? {
          UserSettings: {
            SpaceStorageSettings: {
              DefaultEbsStorageSettings: { DefaultEbsVolumeSizeInGb: sizeGiB, MaximumEbsVolumeSizeInGb: 100 },
            },
          },
        }
      : {}),
  });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  await waitFor(async () => {
    const p = await h.session.rest('GET', `/api/v1/domains/${DomainId}/user-profiles/${UserProfileName}`);
    return p.body?.Status === 'InService' ? p : undefined;
  }, 'profile InService');
  return { ...user, DomainId, UserProfileName };
}

type Profile = Awaited<ReturnType<typeof profileFor>>;

async function openStudio(u: Profile) {
  await waitFor(
    async () => {
      const r = await u.session.rest('POST', '/api/v1/studio/open', {
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
      });
      if (r.status !== 200) throw new Error(JSON.stringify(r.body));
      if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App?.Status === 'InService' ? r.body : undefined;
    },
    'Studio open',
    120_000,
    250,
  );
}

/** Runs `code` in a kernel of the profile's Studio and returns what it printed. */
async function inKernel(u: Profile, code: string): Promise<string> {
  const base = `${h.server.url}/jupyter/${u.DomainId}/${u.UserProfileName}/default/`;
  const j = jupyterManagers(jupyterSettings(base, { cookie: u.session.cookie }));
  try {
    const session = await j.sessions.startNew({
      path: 'home.ipynb',
      name: 'home.ipynb',
      type: 'notebook',
      kernel: { name: 'minimal__ml.t3.medium' },
    });
    try {
      return await execute(session.kernel!, code);
    } finally {
      await session.shutdown();
    }
  } finally {
    j.dispose();
  }
}

/** Deletes every app of the profile and waits until none has an instance. */
async function stopStudio(u: Profile) {
  const key = { DomainIdEquals: u.DomainId, UserProfileNameEquals: u.UserProfileName };
  const { Apps = [] } = await u.sagemaker.send(new ListAppsCommand(key));
  for (const a of Apps.filter((a) => a.Status !== 'Deleted'))
    await u.sagemaker.send(
      new DeleteAppCommand({
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
        AppType: a.AppType,
        AppName: a.AppName,
      }),
    );
  for (const a of Apps)
    await waitFor(async () => {
      const d = await u.sagemaker.send(
        new DescribeAppCommand({
          DomainId: u.DomainId,
          UserProfileName: u.UserProfileName,
          AppType: a.AppType,
          AppName: a.AppName,
        }),
      );
      return d.Status === 'Deleted' || d.Status === 'Failed' ? d : undefined;
    }, `app ${a.AppName} deleted`);
}

const STATVFS =
  "import os, json; s = os.statvfs(os.path.expanduser('~')); " +
  "print('HOME-FS ' + json.dumps({'total': s.f_blocks * s.f_frsize, 'avail': s.f_bavail * s.f_frsize}))";
const fsOf = (out: string) =>
  JSON.parse(out.slice(out.indexOf('HOME-FS ') + 8).split('\n')[0]!) as {
    total: number;
    avail: number;
  };

describe('Studio homes on volumes of their own', { timeout: 400_000 }, () => {
  it(
    "bounds a home at the profile's size, keeps what it held " + 'before, and outlives its apps and its mount',
    async () => {
      const DomainId = await createDomain(h.sagemaker);
      const u = await profileFor(h, DomainId, 6);
      const home = await homeDirOf(h, DomainId, u.UserProfileName);
      // A home made before homes were volumes (CreateUserProfile makes the volume now): a plain
      // directory that holds files already.
      execFileSync('umount', [home]);
      rmSync(imageOf(h.server.dataDir, home));
      writeFileSync(join(home, 'before.txt'), 'written before the home was a volume');

      await openStudio(u);
      expect(mountPoints()).toContain(home);
      expect(existsSync(imageOf(h.server.dataDir, home))).toBe(true);
      expect(statSync(home).dev).not.toBe(statSync(h.server.dataDir).dev);
      const fs = fsOf(await inKernel(u, STATVFS));
      expect(fs.total).toBeGreaterThan(5.5 * GiB);
      expect(fs.total).toBeLessThan(6.5 * GiB);

      // Asking for more than the volume holds fails in the kernel; the host's disk is not touched.
      const full = await inKernel(
        u,
        [
          'import os',
          "print(open(os.path.expanduser('~/before.txt')).read())",
          "fd = os.open(os.path.expanduser('~/big'), os.O_CREAT | os.O_WRONLY)",
          'try:',
          `    os.posix_fallocate(fd, 0, ${7 * GiB})`,
          "    print('ALLOCATED')",
          'except OSError as e:',
          "    print('REFUSED', e.errno)",
          'os.close(fd)',
          "os.remove(os.path.expanduser('~/big'))",
          "open(os.path.expanduser('~/kept.txt'), 'w').write('written in the volume')",
        ].join('\n'),
      );
      expect(full).toContain('written before the home was a volume');
      expect(full).toContain('REFUSED 28'); // ENOSPC

      // The apps stop; the volume stays. A reboot unmounts it: beneath, the plain directory holds
      // no stale copy of what moved onto the volume.
      await stopStudio(u);
      execFileSync('umount', [home]);
      expect(readdirSync(home)).toEqual([]);

      await openStudio(u);
      expect(mountPoints()).toContain(home);
      const again = await inKernel(
        u,
        "import os\nfor n in ('before.txt', 'kept.txt'): print(open(os.path.expanduser('~/' + n)).read())",
      );
      expect(again).toContain('written before the home was a volume');
      expect(again).toContain('written in the volume');

      // Deleting the domain with its home storage deletes the volume, and nothing stays mounted.
      const del = await h.session.rest('DELETE', `/api/v1/domains/${DomainId}?retainHome=false`);
      expect(del.status).toBeLessThan(300);
      await waitFor(
        () =>
          h.sagemaker.send(new DescribeDomainCommand({ DomainId })).then(
            () => undefined,
            (e: Error) => (e.name === 'ResourceNotFound' ? true : undefined),
          ),
        'domain deleted',
        180_000,
      );
      expect(mountPoints().filter((p) => p.startsWith(join(h.server.dataDir, 'home')))).toEqual([]);
      expect(existsSync(home)).toBe(false);
      expect(existsSync(imageOf(h.server.dataDir, home))).toBe(false);
    },
  );

  it(
    'sizes a home by TESSERA_HOME_SIZE_GIB where no ' + 'SpaceStorageSettings say, and unmounts it with its profile',
    async () => {
      const DomainId = await createDomain(h.sagemaker);
      const u = await profileFor(h, DomainId);
      const home = await homeDirOf(h, DomainId, u.UserProfileName);
      // Made with the profile, as SageMaker makes the EFS home: the first app does not wait for it.
      expect(mountPoints()).toContain(home);
      await openStudio(u);
      const fs = fsOf(await inKernel(u, `${STATVFS}\nopen('kept.txt', 'w').write('still here')`));
      // The default: SageMaker's 5 GB space volume.
      expect(fs.total).toBeGreaterThan(4.5 * GiB);
      expect(fs.total).toBeLessThan(5.5 * GiB);

      await stopStudio(u);
      const del = await h.session.rest('DELETE', `/api/v1/domains/${DomainId}/user-profiles/${u.UserProfileName}`);
      expect(del.status).toBeLessThan(300);
      await waitFor(async () => (mountPoints().includes(home) ? undefined : true), 'home unmounted', 60_000);
      // The home itself is kept, as EFS keeps it: its volume is still there to mount.
      expect(existsSync(imageOf(h.server.dataDir, home))).toBe(true);
    },
  );
});
