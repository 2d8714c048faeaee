// Which git a request of the Git panel gets: the one reached through the runtime's exec into the
// profile's own running Studio instance (run-git.ts says what that means on each runtime).
import { realpath } from 'node:fs/promises';
import type { InstanceState } from '../../../runtime/contract.ts';
import { validation } from '../../../platform/errors.ts';
import type { Services } from '../../../resources/services.ts';
import { createInstanceGitRunner, type GitRunner } from './run-git.ts';

export interface GitRunners {
  forProfile(domainId: string, userProfileName: string, homeDir: string): Promise<GitRunner>;
}

export function createGitRunners(services: Pick<Services, 'db' | 'runtimes'>, stateDir: string): GitRunners {
  return {
    async forProfile(domainId, userProfileName, homeDir) {
      const app = await services.db.app.findFirst({
        where: { domainId, userProfileName, appType: 'JupyterServer', desiredState: 'Present', status: 'InService' },
      });
      // Never falling back to the host's git: that is what running it in the instance prevents.
      if (!app?.backendState)
        throw validation(`Git runs in the Studio of ${userProfileName}, which is not running; open Studio first`);
      const state = app.backendState as InstanceState;
      const runtime = services.runtimes.of(app.backend);
      const home = await realpath(homeDir).catch(() => homeDir);
      return createInstanceGitRunner((cmd, opts) => runtime.exec(state, cmd, opts), {
        home,
        isolated: runtime.guarantees.isolation,
        stateDir,
      });
    },
  };
}
