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
