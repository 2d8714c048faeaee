// Chooses where SageMaker work runs. Docker when an engine answers and TESSERA_BACKEND is not
// `process` (containers honour the contract exactly, with limits and private networks, and run
// any image); otherwise local processes, which run Tessera's built-in images on the host's Python
// (work-process.ts) — jobs naming another image fail at once with that reason rather than hang.
import { join } from 'node:path';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { dockerAvailable } from './docker.ts';
import type { WorkBackend } from './work.ts';
import { createDockerWorkBackend } from './work-docker.ts';
import { createProcessWorkBackend } from './work-process.ts';

export async function createWorkBackend(config: Config, logger: Logger, installation: string): Promise<WorkBackend> {
  if (config.backend !== 'process' && (await dockerAvailable(config.dockerSocket))) {
    logger.info({ backend: 'docker' }, 'SageMaker work runs on this backend');
    return createDockerWorkBackend({ socketPath: config.dockerSocket, installation });
  }
  const why =
    config.backend === 'process' ? 'TESSERA_BACKEND=process' : `no Docker engine answers at ${config.dockerSocket}`;
  logger.info(
    { backend: 'process', why },
    "SageMaker work runs on this backend: local processes, Tessera's built-in images only, no resource limits, one instance per job",
  );
  return createProcessWorkBackend({
    python: config.python,
    dir: join(config.dataDir, 'work-processes'),
    installation,
    why,
  });
}
