// reconcileEndpoint: one step of an endpoint towards its configuration.
//   Creating / Updating with a config to roll out → start the new fleet beside the live one
//     (blue/green); once every new instance answers /ping, traffic moves to it in one write and
//     the old fleet is drained (its in-flight requests finish) and stopped. A new fleet that
//     fails: Creating → Failed; Updating → rolled back, InService on the old fleet, reason kept.
//   Updating without a new config (weights and capacities, autoscaling) → each variant's
//     instances started or stopped to its desired count; new ones join once they answer /ping.
//   InService → every instance checked every few seconds; one that died is replaced.
//   Deleted (desired) → every instance stopped, the row removed with its autoscaling targets.
// Every fleet is planned from a copy of its config and models (origin.ts), never from the rows
// that bear those names now.
import type { CreateModelRequest } from '@tessera/contracts';
import type { Endpoint } from '@tessera/db';
import type { EndpointOrigin, Fleet, Instance, VariantFleet } from './fleet-shape.ts';
import { desiredOriginOf, isMissing, takeOrigin } from './origin.ts';
import { variantResourceId } from '../autoscaling/autoscaler.ts';
import { endpointDir, pingOk, startInstance, stopInstance, variantPlan } from './fleet.ts';
import type { Router } from './router.ts';
import type { Services } from '../services.ts';
import { removeInstanceTree } from '../jobs/opt-ml.ts';
import { recordHistory } from './history.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';

const READY_POLL_MS = 250;
const HEALTH_EVERY_MS = 5_000;
const DEFAULT_STARTUP_TIMEOUT_S = 300;

type Deps = Pick<
  Services,
  'db' | 'logger' | 'config' | 'events' | 'runtimes' | 'objects' | 'followers' | 'arns' | 'instanceTokens'
> & {
  router: Router;
};

/** The fleet being built (Endpoint.backendState) while Creating/Updating. */
interface Pending {
  configName?: string;
  fleet: Fleet;
  startedAt: number;
}

export function createEndpointReconciler(s: Deps) {
  const { db, logger } = s;

  function publish(e: Endpoint, status: string, detail: Record<string, unknown> = {}) {
    s.events.publish({
      type: 'endpoint.status',
      resourceArn: e.arn,
      status,
      detail: { name: e.name, ...detail },
      audienceUserIds: e.ownerUserId ? [e.ownerUserId] : [],
    });
  }

  async function save(
    e: Endpoint,
    data: Partial<Pick<Endpoint, 'status' | 'failureReason' | 'configName' | 'desiredConfigName'>> & {
      desiredOrigin?: EndpointOrigin;
      variants?: Fleet | null;
      backendState?: Pending | null;
    },
    /** For the endpoint's history, when the status changes for a reason its status does not say. */
    change?: string,
  ): Promise<Endpoint> {
    const { variants, backendState, desiredOrigin, ...rest } = data;
    // The row and its history change together; the status compared is the stored one (another
    // request may have moved it since `e` was read), and the event goes out once both are written.
    const { updated, was } = await db.$transaction(async (tx) => {
      const was = (await tx.endpoint.findUnique({ where: { name: e.name }, select: { status: true } }))?.status;
      const updated = await tx.endpoint.update({
        where: { name: e.name },
        data: {
          ...rest,
          ...(desiredOrigin !== undefined ? { desiredOrigin: desiredOrigin as never } : {}),
          ...(variants !== undefined ? { variants: variants as never } : {}),
          ...(backendState !== undefined ? { backendState: backendState as never } : {}),
        },
      });
      if (data.status && data.status !== was)
        await recordHistory(tx, e.name, {
          status: data.status,
          configName: updated.configName,
          ...(change ? { change } : {}),
          ...(data.failureReason ? { reason: data.failureReason } : {}),
        });
      return { updated, was };
    });
    s.router.invalidate(e.name);
    if (data.status && data.status !== was)
      publish(updated, data.status, updated.failureReason ? { failureReason: updated.failureReason } : {});
    return updated;
  }

  function follow(e: Endpoint, variant: string, inst: Instance) {
    s.followers.follow(inst.id, {
      runtime: s.runtimes.current,
      state: inst.state,
      group: `/aws/sagemaker/Endpoints/${e.name}`,
      stream: `${variant}/${inst.id}`,
      owner: { ownerUserId: e.ownerUserId, resourceArn: e.arn },
    });
  }

  function planFleet(origin: EndpointOrigin): {
    fleet: Fleet;
    models: Map<string, CreateModelRequest>;
    timeoutS: number;
  } {
    const models = new Map<string, CreateModelRequest>();
    const variants: VariantFleet[] = [];
    let timeoutS = DEFAULT_STARTUP_TIMEOUT_S;
    for (const v of origin.config.ProductionVariants) {
      const model = origin.models[v.VariantName];
      if (!model) throw new Error(`variant ${v.VariantName} has no model in the endpoint's copy of its config`);
      models.set(v.VariantName, model.spec);
      variants.push({ ...variantPlan(v, model.spec), instances: [] });
      if (v.ContainerStartupHealthCheckTimeoutInSeconds)
        timeoutS = Math.max(timeoutS, v.ContainerStartupHealthCheckTimeoutInSeconds);
    }
    return { fleet: { configName: origin.configName, variants, origin }, models, timeoutS };
  }

  /** The model each variant of a fleet runs, from the copy the fleet was rolled out from. */
  function modelsOf(fleet: Fleet): Map<string, CreateModelRequest> {
    return new Map(Object.entries(fleet.origin?.models ?? {}).map(([variant, m]) => [variant, m.spec]));
  }

  /**
   * Rows written before endpoints kept copies have none: take one from the config and models of
   * that name, but only while the endpoint's owner still owns them. A name someone else has taken
   * since is not what the endpoint was made from; such an endpoint keeps its running instances
   * and cannot start new ones until it is updated.
   */
  async function adoptOrigins(e: Endpoint): Promise<Endpoint> {
    const ownersOwn = (r: { ownerUserId: string | null }) => r.ownerUserId === e.ownerUserId;
    let out = e;
    if (e.desiredConfigName && !e.desiredOrigin) {
      const origin = await takeOrigin(db, e.desiredConfigName, ownersOwn, s.arns);
      if (!isMissing(origin)) out = await save(out, { desiredOrigin: origin });
    }
    const live = out.variants as unknown as Fleet | null;
    if (live && !live.origin) {
      const origin = await takeOrigin(db, live.configName, ownersOwn, s.arns);
      if (!isMissing(origin)) {
        const fresh = (await db.endpoint.findUnique({ where: { name: e.name } }))!;
        const fleet = fresh.variants as unknown as Fleet;
        out = await save(fresh, { variants: { ...fleet, origin } });
      }
    }
    return out;
  }

  async function stopAll(e: Endpoint, instances: Instance[]) {
    await Promise.all(instances.map((i) => stopInstance(s, e.name, i)));
  }
  const instancesOf = (f: Fleet | null | undefined) => (f?.variants ?? []).flatMap((v) => v.instances);

  /** Starts every instance of the origin's fleet; persisted before waiting, so a restart finds them. */
  async function startFleet(e: Endpoint, origin: EndpointOrigin): Promise<ReconcileResult> {
    const { fleet, models } = planFleet(origin);
    const pending: Pending = { configName: origin.configName, fleet, startedAt: Date.now() };
    try {
      for (const v of fleet.variants) {
        for (let i = 0; i < v.desiredCount; i++) {
          const inst = await startInstance(
            s,
            { name: e.name, id: e.name, ownerUserId: e.ownerUserId },
            v,
            models.get(v.name)!,
          );
          v.instances.push(inst);
          follow(e, v.name, inst);
          await save(e, { backendState: pending });
        }
      }
    } catch (err) {
      return rolloutFailed(e, pending, `could not start the instances: ${(err as Error).message}`);
    }
    return { requeueAfterMs: READY_POLL_MS };
  }

  async function rolloutFailed(e: Endpoint, pending: Pending, reason: string): Promise<ReconcileResult> {
    await stopAll(e, instancesOf(pending.fleet));
    const fresh = (await db.endpoint.findUnique({ where: { name: e.name } }))!;
    if (fresh.variants) {
      // An update that fails leaves the endpoint serving on its old fleet, as SageMaker rolls back.
      logger.warn({ endpoint: e.name, reason }, 'endpoint update failed; rolled back');
      await save(fresh, {
        status: 'InService',
        failureReason: `Update to ${pending.configName ?? 'new capacity'} failed and was rolled back: ${reason}`,
        desiredConfigName: null,
        backendState: null,
      });
    } else {
      logger.warn({ endpoint: e.name, reason }, 'endpoint failed');
      await save(fresh, { status: 'Failed', failureReason: reason, backendState: null, desiredConfigName: null });
    }
  }

  /** Waits for the pending fleet; promotes it when every instance answers. */
  async function awaitFleet(e: Endpoint, pending: Pending, timeoutS: number): Promise<ReconcileResult> {
    const all = instancesOf(pending.fleet);
    for (const v of pending.fleet.variants) for (const i of v.instances) follow(e, v.name, i);
    const exited = await Promise.all(all.map((i) => s.runtimes.current.poll(i.state)));
    const dead = exited.findIndex((c) => c !== null);
    if (dead >= 0)
      return rolloutFailed(
        e,
        pending,
        `the container of instance ${all[dead]!.id} exited with code ${exited[dead]} before answering /ping; ` +
          `see /aws/sagemaker/Endpoints/${e.name}`,
      );
    const ready = await Promise.all(all.map((i) => pingOk(i.url)));
    if (!ready.every(Boolean)) {
      if (Date.now() - pending.startedAt > timeoutS * 1000)
        return rolloutFailed(e, pending, `the container did not answer GET /ping within ${timeoutS} s`);
      return { requeueAfterMs: READY_POLL_MS };
    }
    // Traffic moves in this one write; the router drops its cached fleet at once.
    const old = e.variants as unknown as Fleet | null;
    await save(e, {
      status: 'InService',
      variants: pending.fleet,
      configName: pending.fleet.configName,
      desiredConfigName: null,
      backendState: null,
      failureReason: null,
    });
    logger.info(
      { endpoint: e.name, config: pending.fleet.configName },
      old ? 'endpoint updated (blue/green)' : 'endpoint in service',
    );
    if (old) {
      const ids = instancesOf(old).map((i) => i.id);
      await s.router.drained(ids);
      await stopAll(e, instancesOf(old));
    }
    // From now on the health check watches the fleet (without it a dead instance stays dead).
    return { requeueAfterMs: HEALTH_EVERY_MS };
  }

  /** Weights and capacities: bring each live variant to its desired count. */
  async function scale(e: Endpoint, fleet: Fleet): Promise<ReconcileResult> {
    const pending = e.backendState as unknown as Pending | null;
    const models = modelsOf(fleet);
    if (!pending) {
      // Start what is missing beside the live fleet, on the models it was rolled out with.
      const adding: Fleet = { ...fleet, variants: fleet.variants.map((v) => ({ ...v, instances: [] })) };
      const state: Pending = { fleet: adding, startedAt: Date.now() };
      try {
        for (const v of fleet.variants) {
          const add = adding.variants.find((a) => a.name === v.name)!;
          for (let i = v.instances.length; i < v.desiredCount; i++) {
            const model = models.get(v.name);
            if (!model)
              throw new Error(
                `the endpoint keeps no copy of the model ${v.modelName} of variant ${v.name} (it predates copies and ` +
                  `its config ${fleet.configName} or model is gone or owned by someone else); update the endpoint ` +
                  `with UpdateEndpoint to give it one`,
              );
            const inst = await startInstance(s, { name: e.name, id: e.name, ownerUserId: e.ownerUserId }, v, model);
            add.instances.push(inst);
            follow(e, v.name, inst);
            await save(e, { backendState: state });
          }
        }
      } catch (err) {
        return rolloutFailed(e, state, `could not start an instance: ${(err as Error).message}`);
      }
      if (instancesOf(adding).length) return { requeueAfterMs: READY_POLL_MS };
    } else {
      const all = instancesOf(pending.fleet);
      const exited = await Promise.all(all.map((i) => s.runtimes.current.poll(i.state)));
      if (exited.some((c) => c !== null))
        return rolloutFailed(e, pending, 'a new instance exited before answering /ping');
      if (!(await Promise.all(all.map((i) => pingOk(i.url)))).every(Boolean)) {
        if (Date.now() - pending.startedAt > DEFAULT_STARTUP_TIMEOUT_S * 1000)
          return rolloutFailed(e, pending, 'a new instance did not answer GET /ping in time');
        return { requeueAfterMs: READY_POLL_MS };
      }
    }
    // Join the new instances and take the surplus out of routing in one write, then stop the surplus.
    const fresh = (await db.endpoint.findUnique({ where: { name: e.name } }))!;
    const live = fresh.variants as unknown as Fleet;
    const added = (fresh.backendState as unknown as Pending | null)?.fleet;
    const removed: Instance[] = [];
    const next: Fleet = {
      ...live,
      variants: live.variants.map((v) => {
        const joined = [...v.instances, ...(added?.variants.find((a) => a.name === v.name)?.instances ?? [])];
        const keep = joined.slice(0, Math.max(0, v.desiredCount));
        removed.push(...joined.slice(keep.length));
        return { ...v, instances: keep };
      }),
    };
    await save(fresh, { status: 'InService', variants: next, backendState: null });
    if (removed.length) {
      await s.router.drained(removed.map((i) => i.id));
      await stopAll(e, removed);
    }
    return { requeueAfterMs: HEALTH_EVERY_MS };
  }

  /** InService: replace instances that died. */
  async function health(e: Endpoint, fleet: Fleet): Promise<ReconcileResult> {
    let lost = 0;
    for (const v of fleet.variants) {
      for (const i of v.instances) {
        follow(e, v.name, i);
        if ((await s.runtimes.current.poll(i.state)) !== null) lost++;
      }
    }
    if (lost) {
      logger.warn({ endpoint: e.name, lost }, 'endpoint instances exited; replacing them');
      const next: Fleet = { ...fleet, variants: [] };
      for (const v of fleet.variants) {
        const alive: Instance[] = [];
        for (const i of v.instances) {
          if ((await s.runtimes.current.poll(i.state)) === null) alive.push(i);
          else await stopInstance(s, e.name, i);
        }
        next.variants.push({ ...v, instances: alive });
      }
      await save(e, { status: 'Updating', variants: next }, 'An instance exited; replacing it');
      return { requeueAfterMs: 0 };
    }
    return { requeueAfterMs: HEALTH_EVERY_MS };
  }

  /** The endpoint's row goes with its autoscaling: a later endpoint of its name, anyone's, starts clean. */
  async function removeRow(e: Endpoint): Promise<void> {
    const prefix = variantResourceId(e.name, '');
    const ofEndpoint = { serviceNamespace: 'sagemaker', resourceId: { startsWith: prefix } };
    await db.$transaction([
      db.scalingPolicy.deleteMany({ where: { target: ofEndpoint } }),
      db.scalableTarget.deleteMany({ where: ofEndpoint }),
      // Activities are keyed by resource ID alone: kept, they would read as the history of the
      // next endpoint of this name.
      db.scalingActivity.deleteMany({ where: ofEndpoint }),
      db.endpointHistory.deleteMany({ where: { endpointName: e.name } }),
      db.endpoint.deleteMany({ where: { name: e.name } }),
    ]);
  }

  return async function reconcileEndpoint(name: string): Promise<ReconcileResult> {
    let e = await db.endpoint.findUnique({ where: { name } });
    if (!e) return;
    if (e.desiredState === 'Deleted') {
      const live = e.variants as unknown as Fleet | null;
      const pending = e.backendState as unknown as Pending | null;
      if (e.status !== 'Deleting') await save(e, { status: 'Deleting' });
      await stopAll(e, [...instancesOf(live), ...instancesOf(pending?.fleet)]);
      await removeInstanceTree(s.runtimes.current, endpointDir(s, e.name));
      await removeRow(e);
      s.router.invalidate(name);
      publish(e, 'Deleted');
      return;
    }
    if (e.status === 'Failed') return;
    e = await adoptOrigins(e);
    const live = e.variants as unknown as Fleet | null;
    const pending = e.backendState as unknown as Pending | null;
    const target = e.desiredConfigName;
    if (target) {
      const origin = desiredOriginOf(e);
      if (!origin)
        return rolloutFailed(
          e,
          { configName: target, fleet: { configName: target, variants: [] }, startedAt: Date.now() },
          `the endpoint config ${target} or one of its models no longer exists (or is no longer yours)`,
        );
      if (!pending || pending.fleet.origin?.id !== origin.id) {
        if (pending) await stopAll(e, instancesOf(pending.fleet));
        try {
          return await startFleet(e, origin);
        } catch (err) {
          return rolloutFailed(
            e,
            { configName: target, fleet: { configName: target, variants: [] }, startedAt: Date.now() },
            (err as Error).message,
          );
        }
      }
      return awaitFleet(e, pending, planFleet(origin).timeoutS);
    }
    if (!live) return;
    if (e.status === 'Updating' || live.variants.some((v) => v.instances.length !== v.desiredCount)) {
      if (e.status !== 'Updating') await save(e, { status: 'Updating' });
      return scale((await db.endpoint.findUnique({ where: { name } }))!, live);
    }
    return health(e, live);
  };
}
