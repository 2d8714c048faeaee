// Configuration from the environment, read once at start-up. Every value has an embedded
// default, so `pnpm start` on a fresh machine needs none of them.
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /**
   * The port of the gateway through which instances reach the AWS APIs (TESSERA_GATEWAY_PORT; 0,
   * the default, takes any free port: instances are told which). Never the console or Studio.
   */
  gatewayPort: number;
  /** The URL users reach the server at; used in Url fields and links. */
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string;
  region: string;
  logLevel: string;
  /** How far a SigV4 request's time may be from the server's clock. */
  maxClockSkewSeconds: number;
  maxBodyBytes: number;
  /**
   * An external S3-compatible store for objects (TESSERA_S3_ENDPOINT, e.g. https://s3.eu-west-1.amazonaws.com
   * or a MinIO URL). Unset: the embedded store in `<dataDir>/objects`, served by Tessera's own S3 API.
   * Without TESSERA_S3_ACCESS_KEY_ID / TESSERA_S3_SECRET_ACCESS_KEY the AWS SDK's default credentials apply.
   */
  s3:
    | { endpoint: string; region: string; accessKeyId: string | undefined; secretAccessKey: string | undefined }
    | undefined;
  limits: { domains: number; userProfilesPerDomain: number };
  admin: { username: string; password: string | undefined };
  metricsToken: string | undefined;
  sessionTtlHours: number;
  /**
   * Where apps run: `auto` prefers Docker when an engine answers and the kernel images exist; `swarm`
   * runs training and processing jobs on a Docker Swarm cluster (and the rest on the local engine).
   */
  backend: 'auto' | 'process' | 'docker' | 'swarm';
  dockerSocket: string;
  /** This server's name among servers sharing a database (TESSERA_SERVER_NAME; default host:port). */
  serverName: string | undefined;
  /** The swarm cluster (TESSERA_BACKEND=swarm): see runtime/swarm/README.md. */
  swarm: {
    /** The manager's Docker API: a unix socket path (TESSERA_SWARM_MANAGER). */
    manager: string;
    /** The registry every node pulls from (TESSERA_SWARM_REGISTRY, host:port). */
    registry: string;
    /** The same registry as this host's engine pushes to (TESSERA_SWARM_PUSH_REGISTRY; default the above). */
    pushRegistry: string;
    /** Where the nodes reach this server: its gateway for instances (TESSERA_SWARM_GATEWAY_ADDRESS). */
    gatewayAddress: string;
  };
  /** Python that runs Jupyter on the process backend (Debian's, which has the packages). */
  python: string;
  /**
   * The one user whose apps and jobs the process runtime runs (TESSERA_SINGLE_USER; default: the
   * bootstrap administrator): local processes cannot be kept from each other or from the host.
   * `*` explicitly declares every account one trusted person.
   */
  singleUser: string;
  /**
   * Bytes one log stream (one instance's output) may hold on the server's disk
   * (TESSERA_LOG_STREAM_MAX_BYTES); past it the output is dropped, saying so once.
   */
  logStreamMaxBytes: number;
  /** Processes one container (or envelope of apps) may hold (TESSERA_PIDS_LIMIT): a fork bomb stops here. */
  pidsLimit: number;
  /** A Studio home's size in GiB where the profile's and domain's SpaceStorageSettings name none. */
  homeSizeGiB: number;
  /**
   * Run the docker runtime even where containers cannot be kept from the host (no user-namespace
   * remapping, no firewall rules): TESSERA_DOCKER_UNSAFE=1, for a machine only its owner uses.
   */
  dockerUnsafe: boolean;
  /** An app with no activity and no connection for this long is stopped; 0 never stops one. */
  appIdleTimeoutSeconds: number;
  /** How long a starting app may take to answer before it is marked Failed. */
  appStartTimeoutSeconds: number;
  /** The window over which endpoint invocations are counted for autoscaling (CloudWatch's period). */
  autoscalingIntervalSeconds: number;
  /**
   * Lets a domain's OpenID issuer be plain http on a host other than localhost/127.0.0.1/::1
   * (TESSERA_OIDC_ALLOW_HTTP=1): only for a provider on a trusted private network.
   */
  oidcAllowHttp: boolean;
  /**
   * Limits on the archives the server unpacks for tenants (a sourcedir.tar.gz into /opt/ml/code, a
   * model.tar.gz into /opt/ml/model), so a tar or gzip bomb fails its job instead of filling the disk.
   * A training job's own VolumeSizeInGB takes the place of `sourceMaxBytes`.
   */
  archives: {
    modelMaxBytes: number;
    sourceMaxBytes: number;
    maxEntries: number;
    maxPathBytes: number;
    maxDepth: number;
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function backendChoice(raw: string | undefined): Config['backend'] {
  const value = raw || 'auto';
  if (value !== 'auto' && value !== 'process' && value !== 'docker' && value !== 'swarm')
    throw new Error(`TESSERA_BACKEND must be auto, process, docker or swarm, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.TESSERA_DATA_DIR ?? '.tessera');
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 8080),
    gatewayPort: int(env, 'TESSERA_GATEWAY_PORT', 0),
    publicUrl: env.TESSERA_PUBLIC_URL?.replace(/\/$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL || `file:${dataDir}/tessera.db`,
    region: env.TESSERA_REGION ?? 'us-east-1',
    logLevel: env.LOG_LEVEL ?? 'info',
    maxClockSkewSeconds: int(env, 'TESSERA_MAX_CLOCK_SKEW_SECONDS', 15 * 60),
    maxBodyBytes: int(env, 'TESSERA_MAX_BODY_BYTES', 1024 * 1024),
    s3: env.TESSERA_S3_ENDPOINT
      ? {
          endpoint: env.TESSERA_S3_ENDPOINT,
          region: env.TESSERA_S3_REGION || 'us-east-1',
          accessKeyId: env.TESSERA_S3_ACCESS_KEY_ID || undefined,
          secretAccessKey: env.TESSERA_S3_SECRET_ACCESS_KEY || undefined,
        }
      : undefined,
    limits: {
      domains: int(env, 'TESSERA_MAX_DOMAINS', 100),
      userProfilesPerDomain: int(env, 'TESSERA_MAX_USER_PROFILES_PER_DOMAIN', 1000),
    },
    admin: { username: env.TESSERA_ADMIN_USERNAME ?? 'admin', password: env.TESSERA_ADMIN_PASSWORD || undefined },
    metricsToken: env.TESSERA_METRICS_TOKEN || undefined,
    sessionTtlHours: int(env, 'TESSERA_SESSION_TTL_HOURS', 24 * 7),
    backend: backendChoice(env.TESSERA_BACKEND),
    dockerSocket: env.TESSERA_DOCKER_SOCKET ?? '/var/run/docker.sock',
    serverName: env.TESSERA_SERVER_NAME || undefined,
    swarm: {
      manager: (env.TESSERA_SWARM_MANAGER ?? '').replace(/^unix:\/\//, ''),
      registry: env.TESSERA_SWARM_REGISTRY ?? '',
      pushRegistry: env.TESSERA_SWARM_PUSH_REGISTRY || env.TESSERA_SWARM_REGISTRY || '',
      gatewayAddress: env.TESSERA_SWARM_GATEWAY_ADDRESS ?? '',
    },
    python: env.TESSERA_PYTHON ?? '/usr/bin/python3',
    singleUser: env.TESSERA_SINGLE_USER || (env.TESSERA_ADMIN_USERNAME ?? 'admin'),
    pidsLimit: int(env, 'TESSERA_PIDS_LIMIT', 4096),
    homeSizeGiB: int(env, 'TESSERA_HOME_SIZE_GIB', 5),
    logStreamMaxBytes: int(env, 'TESSERA_LOG_STREAM_MAX_BYTES', 256 * 1024 * 1024),
    dockerUnsafe: env.TESSERA_DOCKER_UNSAFE === '1',
    appIdleTimeoutSeconds: int(env, 'TESSERA_APP_IDLE_TIMEOUT_SECONDS', 3600),
    appStartTimeoutSeconds: int(env, 'TESSERA_APP_START_TIMEOUT_SECONDS', 120),
    autoscalingIntervalSeconds: int(env, 'TESSERA_AUTOSCALING_INTERVAL_SECONDS', 60),
    oidcAllowHttp: env.TESSERA_OIDC_ALLOW_HTTP === '1',
    archives: {
      modelMaxBytes: int(env, 'TESSERA_MODEL_ARCHIVE_MAX_BYTES', 10 * 1024 ** 3),
      sourceMaxBytes: int(env, 'TESSERA_SOURCE_ARCHIVE_MAX_BYTES', 1024 ** 3),
      maxEntries: int(env, 'TESSERA_ARCHIVE_MAX_ENTRIES', 100_000),
      maxPathBytes: int(env, 'TESSERA_ARCHIVE_MAX_PATH_BYTES', 4096),
      maxDepth: int(env, 'TESSERA_ARCHIVE_MAX_DEPTH', 128),
    },
  };
}
