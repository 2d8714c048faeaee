// What a SageMaker instance is, for the runtime — a training, processing or transform host or an
// endpoint instance — as SageMaker's container contract has it: the image's own command with
// SageMaker's arguments, /opt/ml from the instance's volume (owned by the container, never by the
// host's root), and a network of the job's (or endpoint's) own: peers resolve each other, nothing
// else is on it, and EnableNetworkIsolation leaves no route out at all.
import type { Db } from '@tessera/db';
import type { InstanceSpec, InstanceType, Mount, WorkloadKind } from '../../runtime/contract.ts';

/**
 * The storage volume an endpoint or transform instance gets where the request names none
 * (ProductionVariant.VolumeSizeInGB): room for the model and the server's scratch. Volumes are
 * sparse but promised in full (runtime/docker/volumes.ts), so this stays modest.
 */
export const DEFAULT_VOLUME_GIB = 8;

export interface WorkInstance {
  kind: Exclude<WorkloadKind, 'App'>;
  resourceId: string;
  host: string;
  owner: { userId: string | null; username: string };
  image: string;
  command?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  /** Host directory that becomes /opt/ml. */
  optMlDir: string;
  /** Further directories inside the instance's tree, mounted elsewhere (processing LocalPaths). */
  mounts?: { source: string; target: string }[];
  instanceType: InstanceType;
  /** Whose network: the job's hosts, or an endpoint's instances, share it. */
  networkKey: string;
  /** EnableNetworkIsolation: no route out of the network (no network at all for a lone host). */
  isolated: boolean;
  /** Every host of a multi-instance job, this one included. */
  peers?: string[];
  /** The port the control plane reaches (8080 for serving). */
  port?: number;
  /** Acts as its owner towards the AWS APIs (identity/instance-credentials.ts). */
  identity?: { token: string; region: string };
}

export function workInstanceSpec(w: WorkInstance): InstanceSpec {
  const mounts: Mount[] = [
    { source: w.optMlDir, target: '/opt/ml', owned: true },
    ...(w.mounts ?? []).map((m) => ({ ...m, owned: true })),
  ];
  const alone = !w.port && !(w.peers && w.peers.length > 1);
  return {
    kind: w.kind,
    resourceId: w.resourceId,
    host: w.host,
    owner: w.owner,
    image: w.image,
    program: {
      type: 'image',
      ...(w.command ? { command: w.command } : {}),
      ...(w.entrypoint ? { entrypoint: w.entrypoint } : {}),
    },
    env: w.env,
    mounts,
    instanceType: w.instanceType,
    // Scratch space (/tmp, the user's home) on the instance's volume, beside what /opt/ml shows.
    scratch: `${w.optMlDir}/.scratch`,
    network:
      w.isolated && alone
        ? { mode: 'none' }
        : { mode: 'private', key: w.networkKey, isolated: w.isolated, ...(w.peers ? { peers: w.peers } : {}) },
    ...(w.port ? { port: w.port } : {}),
    ...(w.identity ? { identity: w.identity } : {}),
  };
}

/** Who a job or endpoint works for, as the runtime needs to know. */
export async function workOwner(
  db: Db,
  ownerUserId: string | null,
): Promise<{ userId: string | null; username: string }> {
  if (!ownerUserId) return { userId: null, username: '' };
  const user = await db.user.findUnique({ where: { id: ownerUserId }, select: { username: true } });
  return { userId: ownerUserId, username: user?.username ?? '' };
}
