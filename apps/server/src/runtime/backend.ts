// The one interface every place that runs an app (a Jupyter server) goes through, in the shape
// of JupyterHub's Spawner: `start` returns the state to persist, `poll` answers null while the
// instance runs and an exit code after, `stop` is idempotent. Handlers and reconcilers never
// ask which backend runs; the backend is chosen once by configuration (backends/select.ts).
//
// Backends are stateless between calls: everything needed to find an instance again after a
// server restart is in the returned `BackendState`, which the reconciler stores on the row.

/** What one instance of an app needs. */
export interface InstanceSpec {
  /** Stable id of the app row; used to label/name the instance so it can be found again. */
  appId: string;
  appType: 'JupyterServer' | 'KernelGateway';
  /** Container image for backends that run containers; `process` runs the host's Python. */
  containerImage: string;
  instanceType: { name: string; vcpu: number; memoryGiB: number; gpus: number };
  /** Host directory of the user's persistent home; the Jupyter root directory. */
  homeDir: string;
  /** Jupyter token; kept server-side, never sent to a browser. */
  token: string;
  env?: Record<string, string>;
}

/** Persisted on the app row (App.backendState). JSON only. */
export type BackendState = Record<string, string | number | boolean | null>;

export interface InstanceUsage {
  /** CPU use in percent of one core (200 = two cores busy). */
  cpuPercent: number;
  memoryBytes: number;
  /** The instance's memory limit, or the host's memory when the backend enforces none. */
  memoryLimitBytes: number;
  /** vCPUs the instance may use (the instance type's, or the host's when not enforced). */
  cpuLimit: number;
}

export interface DiscoveredInstance {
  appId: string;
  state: BackendState;
}

export interface Backend {
  readonly name: 'process' | 'docker';
  /** GPUs this backend can hand out; an instance type needing more fails fast with a reason. */
  gpusAvailable(): Promise<number>;
  /** Starts an instance and returns at once with its state; readiness is the caller's to poll. */
  start(spec: InstanceSpec): Promise<BackendState>;
  /** Base URL of the instance's Jupyter server, reachable from this server (no trailing slash). */
  url(state: BackendState): string;
  /** null while the instance runs; its exit code (or -1 when it vanished) once it has stopped. */
  poll(state: BackendState): Promise<number | null>;
  /** Stops the instance: SIGTERM, then kill after `graceMs`. Safe to call on a stopped one. */
  stop(state: BackendState, opts?: { graceMs?: number }): Promise<void>;
  /** The last `tail` lines of the instance's output. */
  logs(state: BackendState, opts?: { tail?: number }): Promise<string>;
  usage(state: BackendState): Promise<InstanceUsage | null>;
  /** Every instance this backend runs for Tessera, found without the database (orphan sweep). */
  list(): Promise<DiscoveredInstance[]>;
  /**
   * Runs a command inside the instance, as its user, where only the profile's home is mounted
   * (at `home`). Absent on the process backend, whose instances are processes of this host.
   */
  exec?(
    state: BackendState,
    cmd: string[],
    opts: { env: Record<string, string>; cwd: string; maxBytes: number; timeoutMs: number },
  ): Promise<ExecResult>;
  /** Where the profile's home is inside an instance (for `exec`). */
  readonly home?: string;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
  /** stdout stopped at maxBytes. */
  truncated: boolean;
}
