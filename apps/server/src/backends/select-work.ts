// Chooses where SageMaker work runs. Docker when an engine answers (containers honour the contract
// exactly, with limits and private networks); without it, work cannot run yet and jobs fail at
// once with that reason rather than hang.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { BackendState } from './backend.ts';
import { dockerAvailable } from './docker.ts';
import type { WorkBackend } from './work.ts';
import { createDockerWorkBackend } from './work-docker.ts';

export async function createWorkBackend(config: Config, logger: Logger, installation: string): Promise<WorkBackend> {
  if (config.backend !== 'process' && (await dockerAvailable(config.dockerSocket))) {
    logger.info({ backend: 'docker' }, 'SageMaker work runs on this backend');
    return createDockerWorkBackend({ socketPath: config.dockerSocket, installation });
  }
  logger.warn('No Docker engine: training, processing, transform jobs and endpoints cannot run (bash scripts/docker.sh sets Docker up)');
  return unavailable();
}

function unavailable(): WorkBackend {
  const no = (): never => {
    throw new Error('SageMaker containers need Docker, and no Docker engine answers on this host (bash scripts/docker.sh installs and starts one)');
  };
  return {
    name: 'process',
    missingImageHint: 'SageMaker containers need Docker, and no Docker engine answers on this host (bash scripts/docker.sh installs and starts one)',
    imageExists: async () => false,
    ensureNetwork: async () => no(),
    removeNetwork: async () => undefined,
    start: async () => no(),
    url: (_s: BackendState) => no(),
    poll: async () => -1,
    wait: async () => -1,
    stop: async () => undefined,
    remove: async () => undefined,
    followLogs: async () => undefined,
    list: async () => [],
  };
}
