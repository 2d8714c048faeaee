// Everything a handler or reconciler may use, built once in app.ts and passed in — no
// module-level singletons.
import type { Db, Domain, Provider } from '@tessera/db';
import type { AppActivity } from './apps/activity.ts';
import type { Autoscaler } from './autoscaling/autoscaler.ts';
import type { Runtimes } from '../runtime/select.ts';
import type { Config } from '../platform/config.ts';
import type { EventBus } from '../platform/events/bus.ts';
import type { AccessKeyStore } from '../platform/identity/access-keys.ts';
import type { InstanceTokens } from '../platform/identity/instance-tokens.ts';
import type { TemporaryCredentialStore } from '../platform/identity/temporary-credentials.ts';
import type { OneTimeTokens } from '../platform/identity/one-time-tokens.ts';
import type { SecretBox } from '../platform/identity/secret-box.ts';
import type { Principal } from '../platform/identity/principal.ts';
import type { SessionStore } from '../platform/identity/sessions.ts';
import type { Logger } from '../platform/logger.ts';
import type { LogStore } from '../platform/logs/log-store.ts';
import type { ObjectStore } from '../platform/objects/object-store.ts';
import type { LogFollowers } from './common/log-followers.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { Reconciler } from '../platform/reconcile/runner.ts';
import type { Arns } from '../platform/arns.ts';
import type { HomeStorage } from '../platform/storage/home-storage.ts';
import type { Meter } from './usage/meter.ts';
import type { RowCache } from '../platform/db/row-cache.ts';

export interface Services {
  config: Config;
  db: Db;
  provider: Provider;
  logger: Logger;
  metrics: Metrics;
  events: EventBus;
  reconciler: Reconciler;
  accessKeys: AccessKeyStore;
  /** STS-style credentials that expire: for containers (their owner's) and AssumeRole. */
  temporaryCredentials: TemporaryCredentialStore;
  /** What instances present to the gateway for their owner's credentials. */
  instanceTokens: InstanceTokens;
  sessions: SessionStore;
  /** Invitation, password-reset and presigned-URL links that work once. */
  tokens: OneTimeTokens;
  homes: HomeStorage;
  /** Hot-path read caches; invalidated by every write through `db` (platform/db/cached-db.ts). */
  caches: { domain: RowCache<Domain> };
  arns: Arns;
  /** Where every instance runs — apps, jobs, endpoints (runtime/select.ts). */
  runtimes: Runtimes;
  /** Follows running containers' output into `logs`. */
  followers: LogFollowers;
  /** Object storage the jobs read and write (the embedded store, or an external S3 store). */
  objects: ObjectStore;
  /** Container output, per resource and instance (CloudWatch Logs' shape). */
  logs: LogStore;
  /** Decides endpoint variants' instance counts from their scaling policies (resources/autoscaling/autoscaler.ts). */
  autoscaler: Autoscaler;
  /** Meters running instances in UsageRecord rows (usage/meter.ts). */
  meter: Meter;
  /** Seals credentials kept in the database (access-key secrets, Jupyter tokens). */
  box: SecretBox;
  /** What the Jupyter proxy sees of each app, for idle shutdown. */
  activity: AppActivity;
  /** The URL users reach this server at (config, or derived from the listening address). */
  publicUrl(): string;
}

/** What an operation runs with: the services and the authenticated caller. */
/**
 * What an operation runs with: the authenticated caller and the services it declares it uses
 * (`OpContext<'db' | 'arns'>`); the handler table passes the whole set, which fits every one.
 */
export interface OpContext<K extends keyof Services = keyof Services> {
  services: Pick<Services, K>;
  principal: Principal;
}
