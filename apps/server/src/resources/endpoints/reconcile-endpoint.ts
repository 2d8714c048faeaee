// reconcileEndpoint: one step of an endpoint towards its configuration.
//   Creating / Updating with a config to roll out → start the new fleet beside the live one
//     (blue/green); once every new instance answers /ping, traffic moves to it in one write and
//     the old fleet is drained (its in-flight requests finish) and stopped. A new fleet that
//     fails: Creating → Failed; Updating → rolled back, InService on the old fleet, reason kept.
//   Updating without a new config (weights and capacities, autoscaling) → each variant's
//     instances started or stopped to its desired count; new ones join once they answer /ping.
//   InService → every instance checked every few seconds; one that died is replaced.
//   Deleted (desired) → every instance stopped, the row removed.
import type { CreateEndpointConfigRequest, CreateModelRequest } from '@tessera/contracts';
import type { Endpoint } from '@tessera/db';
import type { Fleet, Instance, VariantFleet } from './fleet-shape.ts';
import { endpointDir, pingOk, startInstance, stopInstance, variantPlan } from './fleet.ts';
import type { Router } from './router.ts';
import type { Services } from '../services.ts';
import { removeTree } from '../../platform/storage/inside-dir.ts';
import type { ReconcileResult } from '../../platform/reconcile/runner.ts';

const READY_POLL_MS = 250;
const HEALTH_EVERY_MS = 5_000;
const DEFAULT_STARTUP_TIMEOUT_S = 300;

type Deps = Pick<Services, 'db' | 'logger' | 'config' | 'events' | 'work' | 'objects' | 'followers' | 'arns'> & {
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
      variants?: Fleet | null;
      backendState?: Pending | null;
    },
  ): Promise<Endpoint> {
    const { variants, backendState, ...rest } = data;
    const updated = await db.endpoint.update({
      where: { name: e.name },
      data: {
        ...rest,
        ...(variants !== undefined ? { variants: variants as never } : {}),
        ...(backendState !== undefined ? { backendState: backendState as never } : {}),
      },
    });
    s.router.invalidate(e.name);
    if (data.status && data.status !== e.status)
      publish(updated, data.status, updated.failureReason ? { failureReason: updated.failureReason } : {});
    return updated;
  }

  function follow(e: Endpoint, variant: string, inst: Instance) {
    s.followers.follow(inst.id, {
      backend: s.work,
      state: inst.state,
      group: `/aws/sagemaker/Endpoints/${e.name}`,
      stream: `${variant}/${inst.id}`,
      owner: { ownerUserId: e.ownerUserId, resourceArn: e.arn },
    });
  }

  async function planFleet(
    configName: string,
  ): Promise<{ fleet: Fleet; models: Map<string, CreateModelRequest>; timeoutS: number }> {
    const config = await db.endpointConfig.findUnique({ where: { name: configName } });
    if (!config) throw new Error(`the endpoint config ${configName} no longer exists`);
    const spec = config.spec as unknown as CreateEndpointConfigRequest;
    const models = new Map<string, CreateModelRequest>();
    const variants: VariantFleet[] = [];
    let timeoutS = DEFAULT_STARTUP_TIMEOUT_S;
    for (const v of spec.ProductionVariants) {
      const model = await db.model.findUnique({ where: { name: v.ModelName! } });
      if (!model) throw new Error(`the model ${v.ModelName} of variant ${v.VariantName} no longer exists`);
      models.set(v.VariantName, model.spec as unknown as CreateModelRequest);
      variants.push({ ...variantPlan(v, model.spec as unknown as CreateModelRequest), instances: [] });
      if (v.ContainerStartupHealthCheckTimeoutInSeconds)
        timeoutS = Math.max(timeoutS, v.ContainerStartupHealthCheckTimeoutInSeconds);
    }
    return { fleet: { configName, variants }, models, timeoutS };
  }

  async function stopAll(e: Endpoint, instances: Instance[]) {
    await Promise.all(instances.map((i) => stopInstance(s, e.name, i)));
  }
  const instancesOf = (f: Fleet | null | undefined) => (f?.variants ?? []).flatMap((v) => v.instances);

  /** Starts every instance of `configName`'s fleet; persisted before waiting, so a restart finds them. */
  async function startFleet(e: Endpoint, configName: string): Promise<ReconcileResult> {
    const { fleet, models } = await planFleet(configName);
    const pending: Pending = { configName, fleet, startedAt: Date.now() };
    try {
      for (const v of fleet.variants) {
        for (let i = 0; i < v.desiredCount; i++) {
          const inst = await startInstance(s, { name: e.name, id: e.name }, v, models.get(v.name)!);
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
    const exited = await Promise.all(all.map((i) => s.work.poll(i.state)));
    const dead = exited.findIndex((c) => c !== null);
    if (dead >= 0)
      return rolloutFailed(
        e,
        pending,
        `the container of instance ${all[dead]!.id} exited with code ${exited[dead]} before answering /ping; see /aws/sagemaker/Endpoints/${e.name}`,
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
  }

  /** Weights and capacities: bring each live variant to its desired count. */
  async function scale(e: Endpoint, fleet: Fleet): Promise<ReconcileResult> {
    const pending = e.backendState as unknown as Pending | null;
    const { models } = await planFleet(fleet.configName).catch(() => ({
      models: new Map<string, CreateModelRequest>(),
    }));
    if (!pending) {
      // Start what is missing beside the live fleet.
      const adding: Fleet = {
        configName: fleet.configName,
        variants: fleet.variants.map((v) => ({ ...v, instances: [] })),
      };
      const state: Pending = { fleet: adding, startedAt: Date.now() };
      try {
        for (const v of fleet.variants) {
          const add = adding.variants.find((a) => a.name === v.name)!;
          for (let i = v.instances.length; i < v.desiredCount; i++) {
            const model =
              models.get(v.name) ??
              ((await db.model.findUnique({ where: { name: v.modelName } }))?.spec as unknown as CreateModelRequest);
            const inst = await startInstance(s, { name: e.name, id: e.name }, v, model);
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
      const exited = await Promise.all(all.map((i) => s.work.poll(i.state)));
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
      configName: live.configName,
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
  }

  /** InService: replace instances that died. */
  async function health(e: Endpoint, fleet: Fleet): Promise<ReconcileResult> {
    let lost = 0;
    for (const v of fleet.variants) {
      for (const i of v.instances) {
        follow(e, v.name, i);
        if ((await s.work.poll(i.state)) !== null) lost++;
      }
    }
    if (lost) {
      logger.warn({ endpoint: e.name, lost }, 'endpoint instances exited; replacing them');
      const next: Fleet = { ...fleet, variants: [] };
      for (const v of fleet.variants) {
        const alive: Instance[] = [];
        for (const i of v.instances) {
          if ((await s.work.poll(i.state)) === null) alive.push(i);
          else await stopInstance(s, e.name, i);
        }
        next.variants.push({ ...v, instances: alive });
      }
      await save(e, { status: 'Updating', variants: next });
      return { requeueAfterMs: 0 };
    }
    return { requeueAfterMs: HEALTH_EVERY_MS };
  }

  return async function reconcileEndpoint(name: string): Promise<ReconcileResult> {
    const e = await db.endpoint.findUnique({ where: { name } });
    if (!e) return;
    const live = e.variants as unknown as Fleet | null;
    const pending = e.backendState as unknown as Pending | null;
    if (e.desiredState === 'Deleted') {
      if (e.status !== 'Deleting') await save(e, { status: 'Deleting' });
      await stopAll(e, [...instancesOf(live), ...instancesOf(pending?.fleet)]);
      await removeTree(endpointDir(s, e.name));
      await db.endpoint.delete({ where: { name } }).catch(() => undefined);
      s.router.invalidate(name);
      publish(e, 'Deleted');
      return;
    }
    if (e.status === 'Failed') return;
    const target = e.desiredConfigName;
    if (target) {
      if (!pending || pending.configName !== target) {
        if (pending) await stopAll(e, instancesOf(pending.fleet));
        try {
          return await startFleet(e, target);
        } catch (err) {
          return rolloutFailed(
            e,
            { configName: target, fleet: { configName: target, variants: [] }, startedAt: Date.now() },
            (err as Error).message,
          );
        }
      }
      const { timeoutS } = await planFleet(target).catch(() => ({ timeoutS: DEFAULT_STARTUP_TIMEOUT_S }));
      return awaitFleet(e, pending, timeoutS);
    }
    if (!live) return;
    if (e.status === 'Updating' || live.variants.some((v) => v.instances.length !== v.desiredCount)) {
      if (e.status !== 'Updating') await save(e, { status: 'Updating' });
      return scale((await db.endpoint.findUnique({ where: { name } }))!, live);
    }
    return health(e, live);
  };
}
