// The one contract for everything Tessera runs — Studio's Jupyter servers, training, processing
// and transform containers, endpoint instances — in the shape of JupyterHub's Spawner: `start`
// returns the state to persist, `poll` answers null while the instance runs and its exit code
// after, `stop` and `remove` are idempotent. The implementation is chosen once by configuration
// (select.ts); handlers and reconcilers never ask which one runs, and a cluster engine slots in
// by implementing this file. Each implementation says in `guarantees` what it enforces, and the
// runtime README sets them side by side.
//
// Implementations are stateless between calls: everything needed to find an instance again
// after a server restart is in the returned `InstanceState` (the reconciler stores it on its
// row) or in labels the engine keeps (`list`).

/** What runs: Studio apps, and the four kinds of SageMaker work. */
export type WorkloadKind = 'App' | 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'Endpoint';

export interface InstanceType {
  name: string;
  vcpu: number;
  memoryGiB: number;
  gpus: number;
}

/** A host directory the instance sees at `target`; writable unless `readOnly`. */
export interface Mount {
  source: string;
  target: string;
  readOnly?: boolean;
  /**
   * The instance owns this tree (its /opt/ml): before it starts, every entry is given to the host
   * ids the instance's user maps to, so the container can write it and the host's root owns none of it.
   */
  owned?: boolean;
}

/**
 * What the instance runs. `image` runs the image's own command with SageMaker's arguments
 * (`train`, `serve`, or a job's ContainerEntrypoint/Arguments); `jupyter` runs a Jupyter server
 * rooted at `home` — each runtime knows how to start one (and on which address and port).
 */
export type Program =
  { type: 'image'; command?: string[]; entrypoint?: string[] } | { type: 'jupyter'; token: string; home: string };

/**
 * Where the instance may talk. `private`: a network of its own, shared only with the instances
 * that name the same `key` (the hosts of one job, the instances of one endpoint, the apps of one
 * user profile); `peers` are hostnames that must resolve to each other for the whole job;
 * `isolated` (EnableNetworkIsolation) means no route out of that network. `none`: no network at
 * all. In every case the control plane reaches the instance's `port`, and nothing else does.
 */
export type NetworkSpec = { mode: 'none' } | { mode: 'private'; key: string; isolated?: boolean; peers?: string[] };

export interface InstanceSpec {
  kind: WorkloadKind;
  /** The owning row's id (an app, a job, an endpoint); with `host` it names the instance. */
  resourceId: string;
  /** `app`, `algo-1`…, or an endpoint instance's id; also the instance's hostname. */
  host: string;
  /** Who the instance works for; a runtime that cannot keep users apart refuses all but one. */
  owner: { userId: string | null; username: string };
  image: string;
  program: Program;
  env: Record<string, string>;
  mounts: Mount[];
  /**
   * The POSIX user the program runs as inside the instance (Studio apps: the profile's, as
   * SageMaker Studio's CustomPosixUserConfig says, 1000:100 by default). Unset: the image's own
   * user, which for SageMaker images is root — a root that is never the host's.
   */
  user?: { uid: number; gid: number };
  instanceType: InstanceType;
  /**
   * Instances naming the same envelope share one instance type's CPU and memory (a profile's
   * apps on one instance type are one instance, as in Studio), instead of each getting its own.
   */
  envelope?: string;
  network: NetworkSpec;
  /**
   * A host directory inside the instance's volume for its scratch space (/tmp, /var/tmp, the
   * home of its user). The image's own file system is read-only, so a write anywhere else fails
   * inside the instance; without `scratch` the scratch space is small and in memory.
   */
  scratch?: string;
  /** The port the control plane reaches the program on (8888 Jupyter, 8080 serving). */
  port?: number;
  /**
   * The instance acts as its owner towards the AWS APIs: the runtime routes the control plane's
   * gateway into its network and sets what every AWS SDK reads — AWS_ENDPOINT_URL, and
   * AWS_CONTAINER_CREDENTIALS_FULL_URI with `token` as AWS_CONTAINER_AUTHORIZATION_TOKEN. An
   * instance with no route out (no network, or an isolated one) gets neither.
   */
  identity?: { token: string; region: string };
}

/** Loopback, where the process runtime's instances and the server itself reach the gateway. */
export const isLoopback = (address: string) => /^(127\.|::1$|::ffff:127\.)/.test(address);

/** The path on the gateway where an instance's token buys its owner's temporary credentials. */
export const CREDENTIALS_PATH = '/v1/credentials';

/** The environment an instance with `identity` gets, given where it reaches the gateway. */
export function identityEnv(gatewayUrl: string, identity: { token: string; region: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: gatewayUrl,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${gatewayUrl}${CREDENTIALS_PATH}`,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: identity.token,
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    // There is no instance metadata service here: SDKs must not wait for one.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Persisted on the owning row. JSON only; opaque to callers. */
export type InstanceState = Record<string, string | number | boolean | null>;

export interface LogLine {
  /** Epoch ms stamped by the runtime when the line was written. */
  timestamp: number;
  message: string;
}

export interface InstanceUsage {
  /** CPU use in percent of one core (200 = two cores busy). */
  cpuPercent: number;
  memoryBytes: number;
  /** The instance's memory limit (its envelope's, if it shares one), or the host's when none is enforced. */
  memoryLimitBytes: number;
  /** vCPUs the instance may use, or the host's when not enforced. */
  cpuLimit: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
  /** stdout stopped at maxBytes. */
  truncated: boolean;
}

export interface ExecOptions {
  env: Record<string, string>;
  /**
   * A host path inside one of the instance's mounts. Arguments that are such host paths (whole,
   * or after `--flag=`) are translated too: the caller speaks host paths, the runtime knows where
   * its mounts appear inside the instance.
   */
  cwd: string;
  maxBytes: number;
  timeoutMs: number;
}

export interface DiscoveredInstance {
  kind: WorkloadKind;
  resourceId: string;
  host: string;
  state: InstanceState;
}

/** What an implementation enforces; the README's table is made of these. */
export interface Guarantees {
  /** Instance types' CPU, memory, PID limits and envelopes are enforced. */
  limits: boolean;
  /** Instances cannot see the host, its secrets, or other tenants (user namespaces, networks). */
  isolation: boolean;
  /** VolumeSizeInGB bounds what an instance can write. */
  volumeLimits: boolean;
  /** Jobs with several instances (hosts resolve each other by name). */
  multiInstance: boolean;
  /** Any image runs, not only Tessera's built-in ones. */
  anyImage: boolean;
  /** Several users may run instances at once. */
  multiUser: boolean;
}

export interface Runtime {
  readonly name: 'docker' | 'process' | 'swarm';
  readonly guarantees: Guarantees;
  /**
   * Where the control plane's gateway must listen for this runtime's instances to reach it, and
   * how it tells their connections from anyone else's.
   */
  readonly gateway: {
    listen: string;
    /** Whether a connection from `remote` that arrived at `local` came from one of this runtime's instances. */
    admits(local: string, remote: string): boolean;
    /**
     * Once the gateway listens, and from time to time after: every network of this installation that
     * has instances leads to a live gateway, this server's unless another live server's.
     */
    routed(): Promise<void>;
  };
  /** Why an instance cannot be started here, given its image and owner; undefined when it can. */
  refusal(spec: Pick<InstanceSpec, 'image' | 'owner' | 'kind'>): Promise<string | undefined>;
  /**
   * The host ids a file must have for the instance user `user` (the image's root when unset) to
   * own it: under user namespaces these are not the ids inside the instance.
   */
  fileOwner(user?: { uid: number; gid: number }): { uid: number; gid: number };
  /** GPUs this runtime can hand out; an instance type needing more fails fast with a reason. */
  gpusAvailable(): Promise<number>;
  /**
   * Makes `dir` (a new or empty directory) the instance's storage volume, bounded at `sizeGiB`
   * where `guarantees.volumeLimits` holds: a write past it fails inside the instance, not on the
   * host. Idempotent. `releaseVolume` undoes it for every volume at or below `dir`, and must come
   * before the directory is removed.
   */
  createVolume(dir: string, sizeGiB: number): Promise<void>;
  releaseVolume(dir: string): Promise<void>;
  /** Starts an instance and returns at once with its state; readiness is the caller's to poll. */
  start(spec: InstanceSpec): Promise<InstanceState>;
  /** Base URL of the instance's `port`, reachable from this server (no trailing slash). */
  url(state: InstanceState): string;
  /** null while the instance runs; its exit code (-1 when it vanished) once it has stopped. */
  poll(state: InstanceState): Promise<number | null>;
  /** Resolves with the exit code when the instance exits (at once if it has). */
  wait(state: InstanceState): Promise<number>;
  /** SIGTERM, then kill after `graceMs`. Keeps the instance (its logs, exit code) until `remove`. */
  stop(state: InstanceState, opts?: { graceMs?: number }): Promise<void>;
  /** Stops it if it runs and removes every trace but the state the caller holds. */
  remove(state: InstanceState): Promise<void>;
  /** The last `tail` lines of output. */
  logs(state: InstanceState, opts?: { tail?: number }): Promise<string>;
  /**
   * Follows the output from `sinceMs` (exclusive) on, calling `onLines` with batches in order;
   * resolves when the output ends. `signal` abandons it.
   */
  followLogs(
    state: InstanceState,
    sinceMs: number,
    onLines: (lines: LogLine[]) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<void>;
  usage(state: InstanceState): Promise<InstanceUsage | null>;
  /** Runs a command inside the running instance, as the instance's user. */
  exec(state: InstanceState, cmd: string[], opts: ExecOptions): Promise<ExecResult>;
  /** Every instance this installation runs here, found without the database (orphan sweep). */
  list(): Promise<DiscoveredInstance[]>;
}

/** A stable, short identity for an instance: the same (kind, resource, host) is the same instance. */
export const instanceKey = (spec: Pick<InstanceSpec, 'kind' | 'resourceId' | 'host'>) =>
  `${spec.kind}/${spec.resourceId}/${spec.host}`;
