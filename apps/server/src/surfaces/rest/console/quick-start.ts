// Quick start: one request makes a working domain — IAM or SSO, JupyterServer on the shared
// system instance, kernels on a default instance type and image, sharing settings — plus its
// first users and one user profile each. Everything that can clash is checked before anything
// is created; if a later step still fails, what was created is removed again.
import type { QuickStartRequest, QuickStartResponse } from '@tessera/contracts';
import { DEFAULT_CPU_INSTANCE_TYPE, DEFAULT_IMAGE } from '../../../resources/catalog/builtins.ts';
import { validation } from '../../../platform/errors.ts';
import { createUser } from '../../../platform/identity/users.ts';
import type { RestContext } from '../context.ts';
import { handlers as sm } from '../../../resources/sagemaker-operations.ts';
import { issueInvite } from './first-sign-in.ts';

async function check(c: RestContext, input: QuickStartRequest) {
  const { db, config } = c.services;
  const problems: string[] = [];
  if (await db.domain.findFirst({ where: { name: input.domainName, desiredState: 'Present' } }))
    problems.push(`a domain named ${input.domainName} already exists`);
  const seen = new Set<string>();
  const profiles = new Set<string>();
  for (const u of input.users) {
    const profile = u.profileName ?? u.username.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63);
    if (seen.has(u.username)) problems.push(`user ${u.username} is listed twice`);
    if (profiles.has(profile)) problems.push(`user profile ${profile} is listed twice`);
    seen.add(u.username);
    profiles.add(profile);
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(profile))
      problems.push(`${u.username} cannot be a user profile name; give a profileName`);
    const exists = await db.user.findUnique({ where: { username: u.username } });
    if (u.createUser !== false && exists)
      problems.push(
        `user ${u.username} already exists (set createUser: false to give them a profile in the new domain)`,
      );
    if (u.createUser === false && !exists) problems.push(`user ${u.username} does not exist`);
  }
  if (input.users.length > config.limits.userProfilesPerDomain)
    problems.push(`a domain may have at most ${config.limits.userProfilesPerDomain} user profiles`);
  const instanceType = input.defaultInstanceType ?? DEFAULT_CPU_INSTANCE_TYPE;
  if (instanceType === 'system' || !(await db.instanceType.findUnique({ where: { name: instanceType } })))
    problems.push(`there is no kernel instance type ${instanceType}`);
  const image = await db.image.findUnique({ where: { name: input.defaultImage ?? DEFAULT_IMAGE } });
  if (!image) problems.push(`there is no image ${input.defaultImage}`);
  if (problems.length) throw validation(`Quick start changed nothing: ${problems.join('; ')}`);
  return { instanceType, imageArn: image!.arn };
}

async function quickStart(c: RestContext): Promise<QuickStartResponse> {
  const input = c.body as QuickStartRequest;
  const { db, logger } = c.services;
  const ctx = { services: c.services, principal: c.principal! };
  const { instanceType, imageArn } = await check(c, input);

  const { DomainId } = await sm.CreateDomain(ctx, {
    DomainName: input.domainName,
    AuthMode: input.authMode,
    DefaultUserSettings: {
      JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
      KernelGatewayAppSettings: { DefaultResourceSpec: { InstanceType: instanceType, SageMakerImageArn: imageArn } },
      SharingSettings: { NotebookOutputOption: input.notebookOutputs === false ? 'Disabled' : 'Allowed' },
    },
  });
  const createdUsers: string[] = [];
  try {
    await db.domain.update({ where: { id: DomainId }, data: { allowPublicShares: input.allowPublicShares ?? true } });
    const users: QuickStartResponse['users'] = [];
    for (const u of input.users) {
      const userProfileName = u.profileName ?? u.username.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63);
      let firstSignIn = {};
      if (u.createUser !== false) {
        const created = await createUser(db, { username: u.username, email: u.email });
        createdUsers.push(created.id);
        firstSignIn = await issueInvite(c, created);
      }
      await sm.CreateUserProfile(ctx, {
        DomainId,
        UserProfileName: userProfileName,
        OwnerUsername: u.username,
        ...(input.authMode === 'SSO'
          ? { SingleSignOnUserIdentifier: 'UserName', SingleSignOnUserValue: u.username }
          : {}),
      } as never);
      users.push({ username: u.username, userProfileName, created: u.createUser !== false, ...firstSignIn });
    }
    logger.info({ by: c.principal!.username, domainId: DomainId, users: users.map((u) => u.username) }, 'quick start');
    return { domainId: DomainId, domainName: input.domainName, users };
  } catch (err) {
    logger.warn({ err: (err as Error).message, domainId: DomainId }, 'quick start failed; removing what it created');
    await db.user.deleteMany({ where: { id: { in: createdUsers } } }).catch(() => {});
    await sm.DeleteDomain(ctx, { DomainId, RetentionPolicy: { HomeEfsFileSystem: 'Delete' } }).catch(() => {});
    throw err;
  }
}

export const quickStartHandlers = { quickStart };
