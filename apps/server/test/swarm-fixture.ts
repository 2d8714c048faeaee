// The swarm tests' cluster: scripts/swarm-cluster.sh builds a manager and two workers, each a
// Docker Engine in namespaces of its own on this machine, with a registry and shared storage.
import { SWARM_DIR, swarmClusterUp } from '@tessera/test-support';
import Docker from 'dockerode';

export interface Cluster {
  manager: Docker;
  node(name: 'mgr' | 'w1' | 'w2'): Docker;
  /** The registry's reference of Tessera's base image, by digest. */
  image: string;
  /** Where every node mounts the shared storage; `exported` is the same tree on the storage host. */
  shared: string;
  exported: string;
  /** What a server needs to run work on the cluster (TESSERA_BACKEND=swarm). */
  serverEnv: Record<string, string>;
  down(): Promise<void>;
}

export async function swarmCluster(): Promise<Cluster> {
  const cluster = await swarmClusterUp();
  const { vars } = cluster;
  const engine = (host: string) => new Docker({ socketPath: host.replace(/^unix:\/\//, '') });
  const hosts = { mgr: vars.SWARM_MANAGER_HOST!, w1: vars.SWARM_W1_HOST!, w2: vars.SWARM_W2_HOST! };
  return {
    manager: engine(hosts.mgr),
    node: (name) => engine(hosts[name]),
    image: vars.SWARM_IMAGE!,
    shared: vars.SWARM_SHARED!,
    exported: `${SWARM_DIR}/export`,
    serverEnv: cluster.serverEnv,
    down: cluster.down,
  };
}

export interface TaskStatus {
  State: string;
  Err?: string;
  NodeID?: string;
  ContainerStatus?: { ExitCode?: number };
}

/** The tasks of one service, newest first. */
export async function tasksOf(manager: Docker, service: string): Promise<{ NodeID?: string; Status: TaskStatus }[]> {
  const tasks = (await manager.listTasks({ filters: { service: [service] } })) as {
    NodeID?: string;
    CreatedAt: string;
    Status: TaskStatus;
  }[];
  return tasks.sort((a, b) => b.CreatedAt.localeCompare(a.CreatedAt));
}
