// Chooses the runtime once, by configuration (TESSERA_BACKEND: auto | process | docker): Docker
// when an engine answers, the kernel images are built and containers can be kept from the host;
// otherwise local processes for one user. Keeps every runtime a row may name, so an instance
// started on Docker is found on Docker after a restart even if the choice changed meanwhile.
import Docker from 'dockerode';
import { join } from 'node:path';
import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import type { Volumes } from '../platform/storage/loop-volumes.ts';
import type { Runtime } from './contract.ts';
import { createDockerRuntime } from './docker/docker-runtime.ts';
import { dockerAvailable } from './docker/engine.ts';
import { createProcessRuntime } from './process/process-runtime.ts';
import { createSwarmRuntime } from './swarm/swarm-runtime.ts';

export interface Runtimes {
  /** Where new instances start. */
  readonly current: Runtime;
  /** The runtime a row recorded (`null`: the current one). */
  of(name: string | null | undefined): Runtime;
  all(): Runtime[];
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

/**
 * `kernelImages`: the built-in images Studio needs; Docker is chosen only once they are built.
 * `volumes`: the host's bounded volumes, which Docker's instances get their storage from.
 */
export async function createRuntimes(
  config: Config,
  logger: Logger,
  installation: string,
  kernelImages: string[],
  volumes: Volumes,
  gatewayPort: () => number,
  peerGateways: () => Promise<number[]> = async () => [],
): Promise<Runtimes> {
  let docker: Runtime | undefined;
  let why = 'TESSERA_BACKEND=process';
  if (config.backend !== 'process') {
    const engine = await dockerAvailable(config.dockerSocket);
    const missing = engine ? await missingImages(config.dockerSocket, kernelImages) : [];
    if (config.backend !== 'auto' && !engine)
      throw new Error(`TESSERA_BACKEND=${config.backend} but no Docker engine answers at ${config.dockerSocket}`);
    if (!engine) why = `no Docker engine answers at ${config.dockerSocket}`;
    else if (missing.length && config.backend === 'auto') {
      why = 'the kernel images are not built (bash scripts/docker.sh)';
      logger.warn({ missing }, 'Docker answers but the kernel images are not built (bash scripts/docker.sh)');
    } else {
      try {
        const made = await createDockerRuntime({
          socketPath: config.dockerSocket,
          installation,
          volumes,
          pidsLimit: config.pidsLimit,
          unsafe: config.dockerUnsafe,
          gatewayPort,
          peerGateways,
        });
        docker = made.runtime;
        for (const note of made.notes) logger.warn({ runtime: 'docker' }, note);
      } catch (err) {
        if (config.backend !== 'auto') throw err;
        why = (err as Error).message;
        logger.error({ err: why }, 'Docker answers but cannot keep containers from this host; using local processes');
      }
    }
  }
  const processRuntime = createProcessRuntime({
    python: config.python,
    dir: join(config.dataDir, 'processes'),
    installation,
    why,
    singleUser: config.singleUser,
    kernelImages,
    gatewayPort,
  });
  // The swarm runtime wraps this host's: jobs go to the cluster, the rest stays here for now.
  const swarm =
    config.backend === 'swarm' && docker
      ? await createSwarmRuntime({
          ...config.swarm,
          installation,
          local: docker,
          localDocker: new Docker({ socketPath: config.dockerSocket }),
          pidsLimit: config.pidsLimit,
          gatewayPort,
          logger,
        })
      : undefined;
  const current = swarm ?? docker ?? processRuntime;
  if (current === processRuntime) {
    const who =
      config.singleUser === '*'
        ? 'every account may run apps and jobs, as TESSERA_SINGLE_USER=* declares them one trusted person'
        : `only ${config.singleUser} may run apps and jobs (TESSERA_SINGLE_USER)`;
    logger.warn(
      { runtime: 'process', why, singleUser: config.singleUser },
      "Everything runs as local processes of this server's user, with no isolation between users or from this host: " +
        `${who}; only Tessera's built-in images run`,
    );
  } else {
    logger.info({ runtime: current.name, guarantees: current.guarantees }, 'apps and jobs run on this runtime');
  }
  return {
    current,
    of(name) {
      if (!name || name === current.name) return current;
      if (name === 'process') return processRuntime;
      // Instances on this host's engine are the swarm runtime's too (it hands them to the docker one).
      if ((name === 'docker' || name === 'swarm') && swarm) return swarm;
      if (name === 'docker' && docker) return docker;
      throw new Error(`This instance runs on the ${name} runtime, which is not available here`);
    },
    all: () => [processRuntime, ...(swarm ? [swarm] : docker ? [docker] : [])],
  };
}
