// reconcileApp: one step towards an app's desired state.
//   Pending   → start an instance on the backend (GPU and image checked first), then wait until
//               its Jupyter server answers: InService; it exits or never answers: Failed
//   InService → health check every few seconds: record activity; an instance that vanished
//               is started again (the app goes back to Pending, the restart is counted and
//               logged); an idle app (no busy kernel, no connection, no activity for the idle
//               timeout) is deleted, as Studio's idle shutdown does
//   Deleted   → Deleting, stop the instance, Deleted (the row stays, as ListApps shows them)
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { App } from '@tessera/db';
import { publishAppStatus } from './app-events.ts';
import { appEndpoint, jupyterFetch } from './jupyter-endpoint.ts';
import { idleTimeoutSeconds } from './idle-timeout.ts';
import type { InstanceState, InstanceType, Runtime } from '../../runtime/contract.ts';
import { appInstanceSpec, appOwner, type AppOwner } from './app-instance.ts';
import { prepareHome } from '../profiles/profile-home.ts';
import { ensureDefaultBucket } from '../profiles/default-bucket.ts';
import { instanceIdentity } from '../identity/instance-credentials.ts';
import { removeAppMetadata, writeAppMetadata } from './app-metadata.ts';
import { BUILT_IN_IMAGES, JUPYTER_SERVER_IMAGE } from '../catalog/builtins.ts';
import type { Services } from '../services.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';

const START_POLL_MS = 100;
const HEALTH_EVERY_MS = 10_000;
const UNREACHABLE_RESTART_MS = 60_000;

type Deps = Pick<
  Services,
  | 'db'
  | 'runtimes'
  | 'box'
  | 'homes'
  | 'events'
  | 'logger'
  | 'config'
  | 'activity'
  | 'arns'
  | 'objects'
  | 'instanceTokens'
>;

export function createAppReconciler(s: Deps) {
  const { db, logger, config } = s;
  const unreachableSince = new Map<string, number>();

  /** An app's instance is done with once stopped: nothing of it is kept (its home is). */
  async function end(runtime: Runtime, state: InstanceState, graceMs: number) {
    await runtime.stop(state, { graceMs });
    await runtime.remove(state);
  }

  /**
   * Whether another app of the profile has an instance (which has the profile's home open): any
   * the runtimes run, recorded or not, and any recorded that they cannot list.
   */
  async function homeInUse(app: App): Promise<boolean> {
    const others = await db.app.findMany({
      where: { domainId: app.domainId, userProfileName: app.userProfileName, id: { not: app.id } },
      select: { id: true, backendState: true },
    });
    if (others.some((o) => !!o.backendState)) return true;
    const ids = new Set(others.map((o) => o.id));
    for (const runtime of s.runtimes.all())
      if ((await runtime.list()).some((i) => i.kind === 'App' && ids.has(i.resourceId))) return true;
    return false;
  }

  // Per profile: one start at a time looks at (and may adopt) the profile's home.
  const homeLocks = new Map<string, Promise<void>>();
  async function lockHome(profileId: string): Promise<() => void> {
    const before = homeLocks.get(profileId) ?? Promise.resolve();
    let unlock!: () => void;
    const mine = before.then(() => new Promise<void>((resolve) => (unlock = resolve)));
    homeLocks.set(profileId, mine);
    await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unlock();
      if (homeLocks.get(profileId) === mine) homeLocks.delete(profileId);
    };
  }

  const publish = (app: App, status: string, detail: Record<string, unknown> = {}) =>
    publishAppStatus(s, app, status, detail);

  /** Writes only while the app is still wanted: a DeleteApp that landed meanwhile wins. */
  async function update(
    app: App,
    data: Partial<
      Pick<App, 'status' | 'failureReason' | 'backend' | 'lastHealthCheckTimestamp' | 'lastUserActivityTimestamp'>
    > & { backendState?: InstanceState | null },
  ): Promise<boolean> {
    const { backendState, ...rest } = data;
    const { count } = await db.app.updateMany({
      where: { id: app.id, desiredState: 'Present' },
      data: {
        ...rest,
        ...(backendState !== undefined ? { backendState: backendState === null ? (null as never) : backendState } : {}),
      },
    });
    return count > 0;
  }

  async function fail(app: App, backend: Runtime, reason: string): Promise<ReconcileResult> {
    const state = app.backendState as InstanceState | null;
    // Its instance is forgotten once it is gone (a Failed app holds nothing open).
    const ended =
      !state ||
      (await end(backend, state, 2_000).then(
        () => true,
        () => false,
      ));
    if (await update(app, { status: 'Failed', failureReason: reason, ...(ended ? { backendState: null } : {}) })) {
      logger.warn({ appId: app.id, appName: app.appName, reason }, 'app failed');
      await publish(app, 'Failed', { failureReason: reason });
    }
  }

  async function containerImageOf(app: App): Promise<string | undefined> {
    if (app.appType === 'JupyterServer')
      return BUILT_IN_IMAGES.find((i) => i.name === JUPYTER_SERVER_IMAGE)!.containerImage;
    const version = app.imageVersionArn
      ? await db.imageVersion.findUnique({ where: { arn: app.imageVersionArn } })
      : await db.imageVersion.findFirst({
          where: { image: { arn: app.imageArn ?? '' }, status: 'CREATED' },
          orderBy: { version: 'desc' },
        });
    return version?.containerImage;
  }

  async function start(app: App, backend: Runtime, restarts: number): Promise<ReconcileResult> {
    const type = await db.instanceType.findUnique({ where: { name: app.instanceType } });
    if (!type) return fail(app, backend, `Instance type ${app.instanceType} is not offered by this installation`);
    const gpus = await backend.gpusAvailable();
    if (type.gpus > gpus) {
      return fail(
        app,
        backend,
        `Instance type ${type.name} needs ${type.gpus} GPU${type.gpus > 1 ? 's' : ''}, and the ${backend.name} ` +
          `runtime on this host has ${gpus || 'none'}. Choose a CPU instance type such as ml.t3.medium.`,
      );
    }
    const image = await containerImageOf(app);
    if (!image)
      return fail(
        app,
        backend,
        `Image ${app.imageVersionArn ?? app.imageArn} has no usable version; create one with CreateImageVersion`,
      );
    if (!app.userProfileName)
      return fail(app, backend, 'Apps in spaces are not supported; create the app for a user profile');
    const owner = await appOwner(db, app);
    if (!owner) return fail(app, backend, `User profile ${app.userProfileName} no longer exists`);
    const refused = await backend.refusal({
      kind: 'App',
      image,
      owner: { userId: owner.userId, username: owner.username },
    });
    if (refused) return fail(app, backend, `The app cannot start: ${refused}`);
    // An instance started before a crash that never got recorded would be a duplicate (and would
    // hold the home open).
    for (const orphan of (await backend.list()).filter((i) => i.kind === 'App' && i.resourceId === app.id))
      await end(backend, orphan.state, 1_000);
    const unlock = await lockHome(owner.profileId);
    try {
      return await startOn(app, backend, restarts, { type, image, owner }, unlock);
    } finally {
      unlock();
    }
  }

  async function startOn(
    app: App,
    backend: Runtime,
    restarts: number,
    { type, image, owner }: { type: InstanceType; image: string; owner: AppOwner },
    unlockHome: () => void,
  ): Promise<ReconcileResult> {
    try {
      // A home made before homes were volumes becomes one once no other instance of the profile has
      // it open. Once on its volume, the next start need not wait for this one's instance; a home
      // still beneath (in use, or no volumes here) stays locked until this instance has it open,
      // so that no start adopts it under a container about to mount the directory beneath.
      const onVolume = await prepareHome(
        { homes: s.homes, defaultSizeGiB: config.homeSizeGiB },
        backend,
        { domainId: app.domainId, key: owner.home, ...owner },
        async () => !(await homeInUse(app)),
      );
      if (onVolume || !backend.guarantees.isolation) unlockHome();
    } catch (err) {
      return fail(
        app,
        backend,
        `The home directory of ${app.userProfileName} could not be created: ${(err as Error).message}`,
      );
    }

    const token = randomBytes(24).toString('hex');
    let state: InstanceState;
    try {
      // The kernel acts as the profile's owner towards the AWS APIs, as a Studio kernel does.
      const defaultBucket = owner.userId
        ? await ensureDefaultBucket(s, owner.userId).catch((err: Error) => {
            logger.warn({ app: app.id, err: err.message }, 'no default bucket for the SageMaker SDK config');
            return undefined;
          })
        : undefined;
      const metadata = await writeAppMetadata(s, app, {
        executionRole: owner.executionRole ?? s.arns.executionRole,
        ...(defaultBucket ? { defaultBucket } : {}),
      });
      state = await backend.start(
        appInstanceSpec({
          app,
          owner,
          image,
          homeDir: s.homes.profileDir(app.domainId, owner.home),
          token,
          metadata,
          ...instanceIdentity(s, 'App', app.id, owner.userId),
          // A host smaller than the instance type gives it what it has rather than refusing.
          type: {
            name: type.name,
            vcpu: Math.min(type.vcpu, cpus().length),
            memoryGiB: Math.min(type.memoryGiB, totalmem() / 2 ** 30),
            gpus: type.gpus,
          },
        }),
      );
    } catch (err) {
      return fail(app, backend, `The ${backend.name} runtime could not start the app: ${(err as Error).message}`);
    }
    const recorded = await update(app, {
      backend: backend.name,
      backendState: { ...state, sealedToken: s.box.seal(token), startedAt: Date.now(), restarts },
    });
    if (!recorded) await end(backend, state, 1_000); // deleted while starting
    return { requeueAfterMs: START_POLL_MS };
  }

  async function answers(app: App): Promise<Record<string, unknown> | undefined> {
    const endpoint = appEndpoint(s, app);
    if (!endpoint) return undefined;
    try {
      const res = await jupyterFetch(endpoint, '/api/status', { timeoutMs: 2_000 });
      return res.ok ? ((await res.json()) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  async function waitForStart(app: App, backend: Runtime, state: InstanceState): Promise<ReconcileResult> {
    const exit = await backend.poll(state);
    if (exit !== null) {
      const tail = (await backend.logs(state, { tail: 8 }).catch(() => '')).trim();
      return fail(
        app,
        backend,
        `The Jupyter server exited (code ${exit}) while starting.${tail ? ` Last output: ${tail.slice(-600)}` : ''}`,
      );
    }
    if (await answers(app)) {
      const now = new Date();
      if (
        await update(app, {
          status: 'InService',
          failureReason: null,
          lastHealthCheckTimestamp: now,
          lastUserActivityTimestamp: app.lastUserActivityTimestamp ?? now,
        })
      ) {
        logger.info(
          {
            appId: app.id,
            appName: app.appName,
            backend: backend.name,
            startedInMs: Date.now() - Number(state.startedAt),
          },
          'app in service',
        );
        await publish(app, 'InService');
      }
      return { requeueAfterMs: healthEvery() };
    }
    if (Date.now() - Number(state.startedAt) > config.appStartTimeoutSeconds * 1000) {
      const tail = (await backend.logs(state, { tail: 8 }).catch(() => '')).trim();
      return fail(
        app,
        backend,
        `The Jupyter server did not answer within ${config.appStartTimeoutSeconds} s.` +
          `${tail ? ` Last output: ${tail.slice(-600)}` : ''}`,
      );
    }
    return { requeueAfterMs: START_POLL_MS };
  }

  async function idleTimeoutOf(app: App): Promise<number> {
    const profile = app.userProfileName
      ? await db.userProfile.findUnique({
          where: { domainId_name: { domainId: app.domainId, name: app.userProfileName } },
          select: { userSettings: true, domain: { select: { defaultUserSettings: true } } },
        })
      : null;
    return idleTimeoutSeconds(
      config.appIdleTimeoutSeconds,
      app.appType,
      profile?.userSettings,
      profile?.domain.defaultUserSettings,
    );
  }

  const healthEvery = () =>
    config.appIdleTimeoutSeconds > 0
      ? Math.min(HEALTH_EVERY_MS, (config.appIdleTimeoutSeconds * 1000) / 3)
      : HEALTH_EVERY_MS;

  async function restart(app: App, backend: Runtime, state: InstanceState, why: string): Promise<ReconcileResult> {
    await end(backend, state, 1_000).catch(() => undefined);
    const restarts = Number(state.restarts ?? 0) + 1;
    logger.warn({ appId: app.id, appName: app.appName, restarts, why }, 'app instance lost; starting it again');
    if (!(await update(app, { status: 'Pending', backendState: null }))) return;
    await publish(app, 'Pending', { restarted: true, restarts, reason: why });
    return start({ ...app, status: 'Pending', backendState: null }, backend, restarts);
  }

  async function checkHealth(app: App, backend: Runtime, state: InstanceState): Promise<ReconcileResult> {
    const exit = await backend.poll(state);
    if (exit !== null) return restart(app, backend, state, `the instance exited (code ${exit})`);
    const status = await answers(app);
    if (!status) {
      const since = unreachableSince.get(app.id) ?? Date.now();
      unreachableSince.set(app.id, since);
      if (Date.now() - since > UNREACHABLE_RESTART_MS) {
        unreachableSince.delete(app.id);
        return restart(
          app,
          backend,
          state,
          `the Jupyter server has not answered for ${UNREACHABLE_RESTART_MS / 1000} s`,
        );
      }
      return { requeueAfterMs: 2_000 };
    }
    unreachableSince.delete(app.id);

    // Activity is read from the kernels and terminals themselves: Jupyter's own last_activity
    // also counts API requests, including this health check's.
    const endpoint = appEndpoint(s, app)!;
    const list = (path: string) =>
      jupyterFetch(endpoint, path, { timeoutMs: 2_000 })
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []) as Promise<Array<{ execution_state?: string; last_activity?: string }>>;
    const [kernels, terminals] = await Promise.all([list('/api/kernels'), list('/api/terminals')]);
    const busy = kernels.some((k) => k.execution_state === 'busy' || k.execution_state === 'starting');
    const jupyterLast = Math.max(0, ...[...kernels, ...terminals].map((k) => Date.parse(k.last_activity ?? '') || 0));
    const proxyLast = s.activity.lastSeen(app.id) ?? 0;
    const lastActivity = new Date(
      Math.max(jupyterLast, proxyLast, app.lastUserActivityTimestamp?.getTime() ?? 0, busy ? Date.now() : 0),
    );
    const connected = Number(status.connections ?? 0) + s.activity.connections(app.id);
    await update(app, { lastHealthCheckTimestamp: new Date(), lastUserActivityTimestamp: lastActivity });

    const idleMs = Date.now() - lastActivity.getTime();
    const timeoutMs = (await idleTimeoutOf(app)) * 1000;
    logger.debug({ appId: app.id, busy, connected, idleMs, jupyterConnections: status.connections }, 'app health');
    if (timeoutMs > 0 && !busy && connected === 0 && idleMs > timeoutMs) {
      const { count } = await db.app.updateMany({
        where: { id: app.id, desiredState: 'Present' },
        data: { desiredState: 'Deleted', status: 'Deleting' },
      });
      if (count) {
        logger.info(
          { appId: app.id, appName: app.appName, idleSeconds: Math.round(idleMs / 1000) },
          'idle app stopped',
        );
        await publish(app, 'Deleting', { reason: 'idle' });
      }
      return { requeueAfterMs: 0 };
    }
    return { requeueAfterMs: healthEvery() };
  }

  return async function reconcileApp(id: string): Promise<ReconcileResult> {
    const app = await db.app.findUnique({ where: { id } });
    if (!app) return;
    const state = app.backendState as InstanceState | null;
    // A new instance starts where instances start now; a recorded one is where it was started.
    const backend = state ? s.runtimes.of(app.backend) : s.runtimes.current;

    if (app.desiredState === 'Deleted') {
      if (app.status === 'Deleted') return;
      if (app.status !== 'Deleting') {
        await db.app.update({ where: { id }, data: { status: 'Deleting' } });
        await publish(app, 'Deleting');
      }
      if (state) await end(backend, state, 5_000);
      // Cleaned up before the row says Deleted, so the meter (run right after this step) closes the
      // instance's record at once: nothing is awaited between the status and the sync.
      await removeAppMetadata(s, id);
      await db.app.update({ where: { id }, data: { status: 'Deleted', backendState: null as never } });
      unreachableSince.delete(id);
      await publish(app, 'Deleted');
      return;
    }
    if (app.status === 'Pending') return state ? waitForStart(app, backend, state) : start(app, backend, 0);
    if (app.status === 'InService' && state) return checkHealth(app, backend, state);
    return; // Failed waits for DeleteApp
  };
}
