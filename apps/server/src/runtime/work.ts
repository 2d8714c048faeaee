// Where SageMaker work runs: training, processing and transform containers and endpoint
// instances. The same shape as the app Backend (backend.ts) — `start` returns the state to
// persist, `poll` answers null while running and an exit code after, `stop` is idempotent — with
// what SageMaker's container contract needs besides: a private network for multi-instance jobs,
// a port to serve on, and logs followed live with their timestamps.
import type { BackendState } from './backend.ts';

export type WorkKind = 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'Endpoint';

export interface WorkContainerSpec {
  kind: WorkKind;
  /** The owning row's id (a job, or an endpoint's fleet); with `host` it names the container. */
  resourceId: string;
  /** `algo-1`, `algo-2`… for jobs; an instance id for endpoints. Also the container's hostname. */
  host: string;
  image: string;
  /** Arguments, e.g. ['train'] or ['serve']. */
  command?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  /** Host directory that becomes /opt/ml. */
  optMlDir: string;
  /** Further host directories bound into the container (processing LocalPaths outside /opt/ml). */
  mounts?: { source: string; target: string }[];
  instanceType: { name: string; vcpu: number; memoryGiB: number; gpus: number };
  /** A private network shared by the hosts of one job (multi-instance training). */
  network?: string;
  /** Every host of the job, this one included: each resolves the others by name for the whole job. */
  peers?: string[];
  /** The container port to publish on the loopback interface (8080 for serving). */
  servePort?: number;
}

export interface LogLine {
  /** Epoch ms stamped by the runtime when the line was written. */
  timestamp: number;
  message: string;
}

export interface DiscoveredWork {
  kind: WorkKind;
  resourceId: string;
  host: string;
  state: BackendState;
}

export interface WorkBackend {
  readonly name: 'docker' | 'process';
  /** Whether the image can be run here (nothing is pulled). */
  imageExists(image: string): Promise<boolean>;
  /** Ends the reason a job or model is refused with when `imageExists` says no: why, and what would run it. */
  readonly missingImageHint: string;
  ensureNetwork(name: string): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  start(spec: WorkContainerSpec): Promise<BackendState>;
  /** Base URL of the published serve port (endpoints, transform). */
  url(state: BackendState): string;
  poll(state: BackendState): Promise<number | null>;
  /** Resolves with the exit code when the container exits (or at once if it has). */
  wait(state: BackendState): Promise<number>;
  /** SIGTERM, then kill after `graceMs`. Keeps the container (and its logs) until `remove`. */
  stop(state: BackendState, opts?: { graceMs?: number }): Promise<void>;
  remove(state: BackendState): Promise<void>;
  /**
   * Follows the output from `sinceMs` (exclusive) on, calling `onLines` with batches in order;
   * resolves when the container's output ends. `signal` abandons it.
   */
  followLogs(
    state: BackendState,
    sinceMs: number,
    onLines: (lines: LogLine[]) => Promise<void> | void,
    signal?: AbortSignal,
  ): Promise<void>;
  /** Every work container of this installation, found without the database. */
  list(): Promise<DiscoveredWork[]>;
}
