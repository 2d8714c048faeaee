// Builds the server from its configuration: database (migrated), services, HTTP surfaces,
// reconcilers. `start` listens and resumes reconciliation of every live row; `stop` undoes it.
import { hostname } from 'node:os';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { buildOpenApiDocument } from '@tessera/contracts';
import { openDatabase, type Db, type Domain } from '@tessera/db';
import type { Config } from './platform/config.ts';
import { createAppActivity } from './resources/apps/activity.ts';
import { AUTOSCALING_TARGET_PREFIX, autoScalingApi } from './surfaces/autoscaling/autoscaling-api.ts';
import { createAutoscaler } from './resources/autoscaling/autoscaler.ts';
import { createRuntimes } from './runtime/select.ts';
import { seedCatalog } from './resources/catalog/seed.ts';
import { homeKey } from './resources/profiles/home-key.ts';
import { BUILT_IN_IMAGES } from './resources/catalog/builtins.ts';
import { createEventBus } from './platform/events/bus.ts';
import { fanOutThroughPostgres } from './platform/events/postgres-fanout.ts';
import { createInvocationActivity } from './resources/endpoints/invocation-activity.ts';
import { toApiError } from './surfaces/aws/aws-errors.ts';
import { redactPath } from './surfaces/http/redact-path.ts';
import { routeByTarget } from './surfaces/aws/aws-json-api.ts';
import { restStatus } from './platform/errors.ts';
import { createEventsSocket, EVENTS_PATH } from './surfaces/events/events-socket.ts';
import { createJupyterGateway } from './surfaces/jupyter/gateway.ts';
import { restApi } from './surfaces/rest/rest-api.ts';
import { sessionPrincipal } from './surfaces/http/session-principal.ts';
import { sageMakerApi } from './surfaces/sagemaker/sagemaker-api.ts';
import { createAccessKeyStore } from './platform/identity/access-keys.ts';
import { createTemporaryCredentialStore } from './platform/identity/temporary-credentials.ts';
import { createSecretBox, loadSecretKey } from './platform/identity/secret-box.ts';
import { createSessionStore } from './platform/identity/sessions.ts';
import { createOneTimeTokens } from './platform/identity/one-time-tokens.ts';
import { createConsoleUi } from './surfaces/console-ui/console-ui.ts';
import { createSsoUi } from './surfaces/sso/sso-ui.ts';
import { bootstrapAdmin } from './platform/identity/users.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { LOGS_TARGET_PREFIX, logsApi } from './surfaces/logs/logs-api.ts';
import { createFileLogStore } from './platform/logs/file-log-store.ts';
import { createMetrics } from './platform/metrics.ts';
import { createAppReconciler } from './resources/apps/reconcile-app.ts';
import { createDomainReconciler } from './resources/domains/reconcile-domain.ts';
import { removeOrphans } from './resources/orphans.ts';
import { resyncAll } from './resources/resync.ts';
import { coordinateThroughPostgres } from './platform/reconcile/postgres-coordination.ts';
import { createReconciler, type ReconcileResult } from './platform/reconcile/runner.ts';
import { createUserProfileReconciler } from './resources/profiles/reconcile-user-profile.ts';
import { createTrainingJobReconciler } from './resources/training/reconcile-training-job.ts';
import { createTuningJobReconciler } from './resources/tuning/reconcile-tuning-job.ts';
import { createMonitoringScheduleReconciler } from './resources/monitoring/reconcile-monitoring-schedule.ts';
import { createTransformJobReconciler } from './resources/transform/reconcile-transform-job.ts';
import { createProcessingJobReconciler } from './resources/processing/reconcile-processing-job.ts';
import { createLogFollowers } from './resources/common/log-followers.ts';
import { createEndpointReconciler } from './resources/endpoints/reconcile-endpoint.ts';
import { createDataCapture } from './resources/endpoints/data-capture.ts';
import { createBucketGuard } from './resources/jobs/owner-store.ts';
import { createRouter } from './resources/endpoints/router.ts';
import { createInvoker } from './resources/endpoints/invoke-endpoint.ts';
import { createInvocationMetrics } from './resources/endpoints/invocation-metrics.ts';
import { startAutoscaling } from './resources/endpoints/autoscaling-loop.ts';
import { INVOCATIONS, runtimeApi } from './surfaces/invocations/runtime-api.ts';
import { createArns } from './platform/arns.ts';
import type { Services } from './resources/services.ts';
import { withCacheInvalidation } from './platform/db/cached-db.ts';
import { createRowCache, type RowCache } from './platform/db/row-cache.ts';
import { createHomeStorage } from './platform/storage/home-storage.ts';
import { createVolumes } from './platform/storage/loop-volumes.ts';
import { createShareViewer } from './surfaces/share-viewer/viewer-routes.ts';
import { s3Api } from './surfaces/s3/s3-api.ts';
import { isS3Request, looksLikeS3 } from './surfaces/s3/s3-requests.ts';
import { isStsRequest, stsApi } from './surfaces/sts/sts-api.ts';
import { createGateway, type Dispatch } from './surfaces/gateway/gateway.ts';
import { createInstanceTokens } from './platform/identity/instance-tokens.ts';
import { createObjectStore } from './platform/objects/s3-store.ts';
import { createMeter, METERED_KINDS } from './resources/usage/meter.ts';

export const VERSION = '0.1.0';
const METER_SWEEP_MS = 60_000;
const ROUTES_SWEEP_MS = 5_000;

async function accountId(db: Db): Promise<string> {
  // Chosen once per installation and kept, so ARNs stay stable across restarts.
  const existing = await db.setting.findUnique({ where: { key: 'accountId' } });
  if (existing) return existing.value;
  const value = String(randomInt(1e11, 1e12)).padStart(12, '0');
  try {
    await db.setting.create({ data: { key: 'accountId', value } });
    return value;
  } catch {
    return (await db.setting.findUniqueOrThrow({ where: { key: 'accountId' } })).value;
  }
}

export interface App {
  services: Services;
  server: Server;
  start(): Promise<{ port: number; adminPassword?: string; adminUsername?: string }>;
  stop(): Promise<void>;
}

export async function createApp(
  config: Config,
  opts: { logger?: Logger; validateResponses?: boolean } = {},
): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase(config.databaseUrl);
  if (database.migrationsApplied.length) logger.info({ migrations: database.migrationsApplied }, 'database migrated');
  const domainCache = createRowCache<Domain>({ ttlMs: 1_000, max: 10_000 });
  const db = withCacheInvalidation(database.prisma, { Domain: domainCache as RowCache<unknown> });
  const metrics = createMetrics();
  const box = createSecretBox(loadSecretKey(config.dataDir, process.env.TESSERA_SECRET_KEY));
  let listeningUrl = `http://${config.host}:${config.port}`;

  const installation = await accountId(db);
  const arns = createArns(config.region, installation);
  const kinds: Record<string, (id: string) => Promise<ReconcileResult>> = {};
  // On PostgreSQL other servers may share the database: each key is reconciled by one server at a time.
  const coordination =
    database.provider === 'postgresql' ? coordinateThroughPostgres({ db, url: config.databaseUrl, logger }) : undefined;
  const reconciler = createReconciler({
    kinds,
    logger,
    metrics,
    ...(coordination ? { leases: coordination.leases, heldElsewhere: coordination.heldElsewhere } : {}),
  });
  // Bounded volumes on this host: instances' storage, and Studio homes.
  const volumes = await createVolumes(config.dataDir);
  const temporaryCredentials = createTemporaryCredentialStore({ db, box });
  // On PostgreSQL other servers may share the database: events reach their subscribers too.
  const fanout =
    database.provider === 'postgresql'
      ? fanOutThroughPostgres(createEventBus(), { url: config.databaseUrl, logger })
      : undefined;
  // The gateway listens in start(); instances started before that get its port through this.
  let gatewayPort = 0;
  const services: Services = {
    config,
    db,
    provider: database.provider,
    logger,
    metrics,
    events: fanout?.bus ?? createEventBus(),
    reconciler,
    accessKeys: createAccessKeyStore({ db, box, temporary: temporaryCredentials }),
    temporaryCredentials,
    instanceTokens: createInstanceTokens(box),
    sessions: createSessionStore({ db, ttlHours: config.sessionTtlHours }),
    tokens: createOneTimeTokens({ db }),
    homes: createHomeStorage(join(config.dataDir, 'home'), volumes),
    // The embedded store in <dataDir>/objects, or an external one (TESSERA_S3_ENDPOINT).
    objects: createObjectStore(config),
    caches: { domain: domainCache },
    arns,
    // The account id names this installation to the backends too (instances it may adopt).
    runtimes: await createRuntimes(
      config,
      logger,
      installation,
      BUILT_IN_IMAGES.map((i) => i.containerImage),
      volumes,
      () => gatewayPort,
      // Gateways of other live servers on this host (their networks are left to them).
      async () =>
        (await coordination?.leases.members(`gateway/${hostname()}:`))?.map(Number).filter((n) => n > 0) ?? [],
    ),
    // The log store is read when a follower starts, by which time `services` is whole.
    followers: createLogFollowers({
      logger,
      get logs() {
        return services.logs;
      },
    }),
    box,
    activity: createAppActivity(),
    // Publishes through `services.events`, which exists by the time anything is appended.
    logs: createFileLogStore({
      db,
      dir: join(config.dataDir, 'logs'),
      publish: (event) => services.events.publish(event),
      maxStreamBytes: config.logStreamMaxBytes,
    }),
    autoscaler: createAutoscaler({ db, logger }),
    meter: createMeter({ db, arns, logger }),
    publicUrl: () => config.publicUrl ?? listeningUrl,
  };
  kinds.domain = createDomainReconciler(services);
  kinds.userProfile = createUserProfileReconciler(services);
  kinds.app = createAppReconciler(services);
  kinds.trainingJob = createTrainingJobReconciler(services);
  kinds.tuningJob = createTuningJobReconciler(services);
  kinds.monitoringSchedule = createMonitoringScheduleReconciler(services);
  kinds.transformJob = createTransformJobReconciler(services);
  kinds.processingJob = createProcessingJobReconciler(services);
  const router = createRouter(services);
  const capture = createDataCapture({
    logger,
    get objects() {
      return services.objects;
    },
    mayUse: createBucketGuard(services),
  });
  // One invoker for the runtime API and Studio's test invocations, so both count in the same figures.
  const activity = createInvocationActivity(services.events);
  const invoker = createInvoker({ router, capture, metrics: createInvocationMetrics(), activity, arns });
  // An endpoint's old instances stop once no server has calls in flight to them, not only this one.
  coordination?.answer('endpoint-drain', (ids) => router.drained(ids as string[]));
  const drained = async (ids: string[], timeoutMs = 30_000) => {
    const [, peers] = await Promise.all([
      router.drained(ids, timeoutMs),
      coordination?.askPeers('endpoint-drain', ids, timeoutMs + 2_000),
    ]);
    if (peers?.missing.length) logger.warn({ missing: peers.missing }, 'servers did not say their calls drained');
  };
  kinds.endpoint = createEndpointReconciler({ ...services, router: { ...router, drained } });
  // Every step of a metered kind is followed by the usage meter, so what runs is what is billed.
  for (const kind of METERED_KINDS) {
    const step = kinds[kind]!;
    kinds[kind] = async (id) => {
      try {
        return await step(id);
      } finally {
        await services.meter.sync(kind, id);
      }
    };
  }
  await seedCatalog(db, services.arns);

  const s3 = s3Api(services);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', async (_req, res) => {
    await db.setting.count();
    res.json({ status: 'ok', version: VERSION });
  });
  app.get('/metrics', async (req, res) => {
    const bearer = req.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const digest = (s: string) => createHash('sha256').update(s).digest();
    const tokenOk = !!config.metricsToken && timingSafeEqual(digest(bearer), digest(config.metricsToken));
    const allowed = tokenOk || (await sessionPrincipal(services, req))?.isAdmin;
    if (!allowed) {
      res.status(401).json({
        error: {
          code: 'Unauthenticated',
          message: 'Metrics need an admin session or Authorization: Bearer $TESSERA_METRICS_TOKEN',
        },
      });
      return;
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument(VERSION));
  });
  app.use((await import('./surfaces/studio-ui/index.ts')).createStudioUi(services));
  app.use(createShareViewer(services));
  app.use(createConsoleUi(services));
  app.use(createSsoUi(services));
  app.use(restApi(services, { validateResponses: !!opts.validateResponses, invoker }));
  // What nothing of Tessera's own took, but reads as an S3 call (unsigned, or signed in a way
  // isS3Request cannot tell), gets S3's XML error, which an S3 client can read, not this JSON.
  app.use((req, res) => {
    if (looksLikeS3(req)) return void s3(req, res);
    res.status(404).json({ error: { code: 'NotFound', message: `No route for ${req.method} ${req.path}` } });
  });
  // Errors thrown before a handler ran (body too large, unreadable body) land here.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (looksLikeS3(req) && !res.headersSent) return void s3(req, res);
    const apiError = toApiError(err, logger, { path: redactPath(req.path) });
    res.status(restStatus(apiError)).json({ error: { code: apiError.code, message: apiError.message } });
  });

  const sageMaker = sageMakerApi(services, { validateResponses: !!opts.validateResponses });
  // POST / serves every AWS JSON service; X-Amz-Target's prefix says which (SageMaker by default).
  const awsJson = routeByTarget(
    {
      [LOGS_TARGET_PREFIX]: logsApi(services, { validateResponses: !!opts.validateResponses }),
      [AUTOSCALING_TARGET_PREFIX]: autoScalingApi(services, { validateResponses: !!opts.validateResponses }),
    },
    sageMaker,
  );
  const jupyter = createJupyterGateway(services);
  const runtime = runtimeApi(services, { invoker });
  let stopAutoscaling = () => {};
  let meterTimer: NodeJS.Timeout | undefined;
  let routesTimer: NodeJS.Timeout | undefined;
  const sts = stsApi(services);
  /** The AWS APIs, served on the main port and on the gateway alike; false when the request is none of theirs. */
  const awsApis: Dispatch = (req, res) => {
    // S3 shares the port: a request signed for the service s3 is S3's, whatever its path.
    if (isS3Request(req)) void s3(req, res);
    else if (isStsRequest(req)) void sts(req, res);
    else if (req.method === 'POST' && (req.url === '/' || req.url?.startsWith('/?'))) void awsJson(req, res);
    else if (req.url?.startsWith('/endpoints/') && INVOCATIONS.test(req.url)) void runtime(req, res);
    else return false;
    return true;
  };
  // An hour for one request (Node's default is 5 minutes): a large PutObject on a slow link takes long.
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 3_600_000 }, (req, res) => {
    if (awsApis(req, res)) return;
    if (jupyter.matches(req.url)) void jupyter.http(req, res);
    else app(req, res);
  });
  const runtimes = services.runtimes.all();
  // Nothing follows the AWS APIs on the gateway: what reads as an S3 call gets S3's XML error there, too.
  const gatewayApis: Dispatch = (req, res) => {
    if (awsApis(req, res)) return true;
    if (!looksLikeS3(req)) return false;
    void s3(req, res);
    return true;
  };
  const gateway = createGateway(services, gatewayApis, (local, remote) =>
    runtimes.some((r) => r.gateway.admits(local, remote)),
  );
  server.on('connection', (socket) => socket.setNoDelay(true));
  const events = createEventsSocket(services);
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === EVENTS_PATH) void events.upgrade(req, socket, head);
    else if (jupyter.matches(req.url)) void jupyter.upgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });

  return {
    services,
    server,
    async start() {
      const admin = await bootstrapAdmin(db, config.admin);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      // Before anything is reconciled: instances started from here on are told this port.
      const listen = runtimes.some((r) => r.gateway.listen === '0.0.0.0') ? '0.0.0.0' : '127.0.0.1';
      await new Promise<void>((resolve, reject) => {
        gateway.once('error', reject);
        gateway.listen(config.gatewayPort, listen, () => resolve());
      });
      gatewayPort = (gateway.address() as AddressInfo).port;
      // The port is this host's alone while it is bound: host and port name this server among its peers
      // (TESSERA_SERVER_NAME names it where several hosts share one name). Its gateway is a membership too.
      await coordination?.start(
        config.serverName ?? `${hostname()}:${port}`,
        (kind, id) => reconciler.enqueue(kind, id),
        [`gateway/${hostname()}:${gatewayPort}`],
      );
      for (const r of runtimes) await r.gateway.routed();
      listeningUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      await removeOrphans(services, coordination?.leases.heldByPeer);
      // Once: homes named by profile name (as they were) move to their live profile's key.
      const profiles = await db.userProfile.findMany({
        where: { desiredState: 'Present' },
        select: { domainId: true, id: true, name: true, homeEfsFileSystemUid: true },
      });
      const moved = await services.homes.adoptNamedHomes(
        profiles.map((p) => ({ domainId: p.domainId, name: p.name, key: homeKey(p) })),
      );
      if (moved) logger.info({ moved }, 'home directories now named by HomeEfsFileSystemUid');
      await resyncAll(services);
      await services.meter.syncAll();
      // Records of rows that vanished without a reconcile step (a domain's apps deleted with it) close here.
      meterTimer = setInterval(() => void services.meter.syncAll(), METER_SWEEP_MS);
      meterTimer.unref();
      // A server sharing this host may die: the networks whose gateway it was come to this one.
      let sweeping = false;
      routesTimer = setInterval(() => {
        if (sweeping) return; // one sweep at a time
        sweeping = true;
        void Promise.all(runtimes.map((r) => r.gateway.routed()))
          .catch((err: Error) => logger.warn({ err: err.message }, 'gateway routes: sweep failed'))
          .finally(() => (sweeping = false));
      }, ROUTES_SWEEP_MS);
      routesTimer.unref();
      stopAutoscaling = startAutoscaling({ ...services, router }, config.autoscalingIntervalSeconds);
      return {
        port,
        ...(admin.created ? { adminUsername: admin.username, adminPassword: admin.generatedPassword } : {}),
      };
    },
    async stop() {
      events.close();
      jupyter.close();
      stopAutoscaling();
      clearInterval(meterTimer);
      clearInterval(routesTimer);
      services.followers.stopAll();
      await capture.close();
      activity.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await new Promise<void>((resolve) => {
        gateway.close(() => resolve());
        gateway.closeAllConnections();
      });
      await reconciler.stop();
      await coordination?.close();
      await fanout?.close();
      await database.close();
    },
  };
}
