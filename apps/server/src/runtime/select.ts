// Chooses where new apps run (TESSERA_BACKEND: auto | process | docker) and keeps every backend
// an existing app may name: an app started on Docker is found on Docker after a restart even if
// the default changed meanwhile.
import Docker from 'dockerode';
import { join } from 'node:path';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Backend } from './backend.ts';
import { createDockerBackend, dockerAvailable } from './docker.ts';
import { createProcessBackend } from './process.ts';

export interface Backends {
  /** Where new apps start. */
  readonly preferred: Backend;
  get(name: string | null | undefined): Backend;
  all(): Backend[];
}

async function missingImages(socketPath: string, images: string[]): Promise<string[]> {
  const docker = new Docker({ socketPath });
  const missing: string[] = [];
  for (const image of images) {
    await docker
      .getImage(image)
      .inspect()
      .catch(() => missing.push(image));
  }
  return missing;
}

/** `kernelImages`: the built-in images apps need; Docker is preferred only once they are built. */
export async function createBackends(
  config: Config,
  logger: Logger,
  installation: string,
  kernelImages: string[],
): Promise<Backends> {
  const processBackend = createProcessBackend({
    python: config.python,
    logDir: join(config.dataDir, 'apps'),
    installation,
  });
  const engine = config.backend === 'process' ? false : await dockerAvailable(config.dockerSocket);
  if (config.backend === 'docker' && !engine)
    throw new Error(`TESSERA_BACKEND=docker but no Docker engine answers at ${config.dockerSocket}`);
  const dockerBackend = engine ? createDockerBackend({ socketPath: config.dockerSocket, installation }) : undefined;

  let preferred: Backend = processBackend;
  if (dockerBackend) {
    const missing = await missingImages(config.dockerSocket, kernelImages);
    if (config.backend === 'docker' || missing.length === 0) preferred = dockerBackend;
    else
      logger.warn(
        { missing },
        'Docker answers but the kernel images are not built (bash scripts/docker.sh); apps run as local processes',
      );
  }
  logger.info({ backend: preferred.name }, 'apps run on this backend');
  return {
    preferred,
    get(name) {
      if (!name || name === preferred.name) return preferred;
      if (name === 'process') return processBackend;
      if (name === 'docker' && dockerBackend) return dockerBackend;
      throw new Error(`This app runs on the ${name} backend, which is not available here`);
    },
    all: () => [processBackend, ...(dockerBackend ? [dockerBackend] : [])],
  };
}
