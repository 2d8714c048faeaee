// Which git a request of the Git panel gets: the one in the profile's own Studio container on
// the docker backend (run-git.ts says why), the host's on the process backend.
import { realpath } from 'node:fs/promises';
import type { BackendState } from '../../../runtime/backend.ts';
import { validation } from '../../../platform/errors.ts';
import type { Services } from '../../../resources/services.ts';
import { createContainerGitRunner, createGitRunner, type GitRunner } from './run-git.ts';

export interface GitRunners {
  forProfile(domainId: string, userProfileName: string, homeDir: string): Promise<GitRunner>;
}

export function createGitRunners(services: Pick<Services, 'db' | 'backends'>, stateDir: string): GitRunners {
  const host = createGitRunner(stateDir);
  return {
    async forProfile(domainId, userProfileName, homeDir) {
      const app = await services.db.app.findFirst({
        where: { domainId, userProfileName, appType: 'JupyterServer', desiredState: 'Present', status: 'InService' },
      });
      const backend = app?.backend ? services.backends.get(app.backend) : services.backends.preferred;
      if (!backend.exec) return host;
      // Never falling back to the host's git: that is what running it in the container prevents.
      if (!app?.backendState)
        throw validation(`Git runs in the Studio of ${userProfileName}, which is not running; open Studio first`);
      const state = app.backendState as BackendState;
      const real = await realpath(homeDir).catch(() => homeDir);
      return createContainerGitRunner((cmd, opts) => backend.exec!(state, cmd, opts), [homeDir, real], backend.home!);
    },
  };
}
