// A domain with a user profile owned by a fresh non-admin user: what every Studio test needs.
import { CreateUserProfileCommand, DescribeUserProfileCommand } from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { createDomain, homeDirOf, otherUser, uniqueName, type Harness } from './harness.ts';

export async function studioUser(h: Harness, domainId?: string) {
  const DomainId = domainId ?? (await createDomain(h.sagemaker));
  const user = await otherUser(h);
  const UserProfileName = uniqueName('p');
  const created = await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, {
    UserProfileName,
    OwnerUsername: user.username,
  });
  if (created.status !== 200) throw new Error(JSON.stringify(created.body));
  await waitFor(async () => {
    const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName }));
    return p.Status === 'InService' ? p : undefined;
  }, 'profile InService');
  const jupyterBase = `${h.server.url}/jupyter/${DomainId}/${UserProfileName}/default/`;
  // Its home on the server's disk, named by the profile's HomeEfsFileSystemUid.
  const home = await homeDirOf(h, DomainId, UserProfileName);
  return { ...user, DomainId, UserProfileName, jupyterBase, home };
}

/** Opens the user's Studio (its JupyterServer app) and waits until it is InService. */
export async function openStudio(u: { session: Awaited<ReturnType<typeof studioUser>>['session'] }) {
  return waitFor(
    async () => {
      const r = await u.session.rest('POST', '/api/v1/studio/open', {});
      if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App?.Status === 'InService' ? r.body : undefined;
    },
    'Studio open',
    120_000,
    250,
  );
}

/** Seeds an app's key fields for the SDK's app operations. */
export const appKey = (
  u: { DomainId: string; UserProfileName: string },
  AppType: 'KernelGateway' | 'JupyterServer',
  AppName: string,
) => ({
  DomainId: u.DomainId,
  UserProfileName: u.UserProfileName,
  AppType,
  AppName,
});

export { CreateUserProfileCommand };
