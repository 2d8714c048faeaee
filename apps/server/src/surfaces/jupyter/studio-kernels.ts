// Jupyter's sessions and kernels APIs for a user's Studio, served across their KernelGateway
// apps. Tessera owns session ids (kept in KernelSession rows), so a session keeps its id when
// its kernel moves to another image or instance type; kernels keep the upstream Jupyter ids
// and names are rewritten to `<image>__<instanceType>` on the way out.
import { randomUUID } from 'node:crypto';
import type { App, KernelSession, UserProfile } from '@tessera/db';
import { appEndpoint, jupyterFetch } from '../../resources/apps/jupyter-endpoint.ts';
import type { Services } from '../../resources/services.ts';
import { ensureKernelApp, kernelApps, kernelNameOfApp } from '../../resources/apps/kernel-apps.ts';
import { defaultKernelName } from './kernelspecs.ts';
import type { SessionBody } from './session-body.ts';
import { JupyterError } from './target.ts';

type KernelModel = { id: string; name: string; [k: string]: unknown };
export type SessionModel = {
  id: string;
  path: string;
  name: string;
  type: string;
  kernel: KernelModel | null;
  notebook?: { path: string; name: string };
};

const UPSTREAM_KERNEL = 'python3';

async function upstream(s: Services, app: App, path: string, init: RequestInit = {}): Promise<Response> {
  const endpoint = appEndpoint(s, app);
  if (!endpoint) throw new JupyterError(503, `App ${app.appName} is not running`);
  return jupyterFetch(endpoint, path, { ...init, timeoutMs: 60_000 });
}

async function upstreamJson<T>(s: Services, app: App, path: string, init: RequestInit = {}): Promise<T> {
  const res = await upstream(s, app, path, init);
  const body = await res.text();
  if (!res.ok) throw new JupyterError(res.status, `${app.appName}: ${body.slice(0, 500)}`);
  return (body ? JSON.parse(body) : undefined) as T;
}

export function createStudioKernels(s: Services) {
  const kernelHome = new Map<string, string>(); // kernel id → app id, for kernels without a session

  const rename = (app: App, k: KernelModel): KernelModel => ({ ...k, name: kernelNameOfApp(s, app) });

  const sessionView = (row: KernelSession, kernel: KernelModel | null): SessionModel => ({
    id: row.id,
    path: row.path,
    name: row.name,
    type: row.type,
    kernel,
    ...(row.type === 'notebook' ? { notebook: { path: row.path, name: row.name } } : {}),
  });

  /** Kernels of every in-service app, by app id; an app that does not answer has none. */
  async function kernelsByApp(profile: UserProfile): Promise<Map<string, { app: App; kernels: KernelModel[] }>> {
    const apps = await kernelApps(s, profile);
    const out = new Map<string, { app: App; kernels: KernelModel[] }>();
    await Promise.all(
      apps.map(async (app) => {
        const kernels = await upstreamJson<KernelModel[]>(s, app, '/api/kernels').catch(() => undefined);
        if (kernels) out.set(app.id, { app, kernels: kernels.map((k) => rename(app, k)) });
      }),
    );
    return out;
  }

  async function locateKernel(profile: UserProfile, kernelId: string): Promise<App> {
    const row = await s.db.kernelSession.findFirst({
      where: { domainId: profile.domainId, userProfileName: profile.name, kernelId },
    });
    const known = row?.appId ?? kernelHome.get(kernelId);
    const apps = await kernelApps(s, profile);
    const hinted = apps.find((a) => a.id === known);
    if (hinted) return hinted;
    for (const app of apps) {
      const res = await upstream(s, app, `/api/kernels/${encodeURIComponent(kernelId)}`).catch(() => undefined);
      if (res?.ok) {
        kernelHome.set(kernelId, app.id);
        return app;
      }
    }
    throw new JupyterError(404, `Kernel does not exist: ${kernelId}`);
  }

  async function startSessionOn(app: App, body: { path: string; name: string; type: string }, kernelId?: string) {
    return upstreamJson<{ id: string; kernel: KernelModel }>(s, app, '/api/sessions', {
      method: 'POST',
      body: JSON.stringify({
        path: body.path,
        name: body.name,
        type: body.type,
        kernel: kernelId ? { id: kernelId } : { name: UPSTREAM_KERNEL },
      }),
    });
  }

  async function dropUpstreamSession(row: KernelSession) {
    const app = await s.db.app.findUnique({ where: { id: row.appId } });
    if (app?.status === 'InService')
      await upstream(s, app, `/api/sessions/${row.upstreamSessionId}`, { method: 'DELETE' }).catch(() => undefined);
  }

  async function liveSessions(profile: UserProfile): Promise<SessionModel[]> {
    const rows = await s.db.kernelSession.findMany({
      where: { domainId: profile.domainId, userProfileName: profile.name },
      orderBy: { createdAt: 'asc' },
    });
    if (!rows.length) return [];
    const byApp = await kernelsByApp(profile);
    const out: SessionModel[] = [];
    for (const row of rows) {
      const kernel = byApp.get(row.appId)?.kernels.find((k) => k.id === row.kernelId);
      if (kernel) out.push(sessionView(row, kernel));
      else if (!byApp.has(row.appId)) {
        // The app is gone (deleted, or idle-stopped): so is the kernel, and the session with it.
        const app = await s.db.app.findUnique({ where: { id: row.appId } });
        if (!app || app.status === 'Deleted' || app.status === 'Failed' || app.desiredState === 'Deleted')
          await s.db.kernelSession.delete({ where: { id: row.id } }).catch(() => undefined);
      } else {
        await s.db.kernelSession.delete({ where: { id: row.id } }).catch(() => undefined); // kernel died
      }
    }
    return out;
  }

  return {
    listSessions: liveSessions,

    async getSession(profile: UserProfile, id: string): Promise<SessionModel> {
      const found = (await liveSessions(profile)).find((x) => x.id === id);
      if (!found) throw new JupyterError(404, `Session not found: ${id}`);
      return found;
    },

    async createSession(profile: UserProfile, body: SessionBody): Promise<SessionModel> {
      const path = String(body.path ?? body.notebook?.path ?? '');
      if (!path) throw new JupyterError(400, 'A session needs a path');
      const existing = (await liveSessions(profile)).find((x) => x.path === path);
      if (existing) return existing;
      const kernelName = body.kernel?.name ?? (await this.defaultKernelName(profile));
      const app = await ensureKernelApp(s, profile, kernelName);
      const spec = { path, name: String(body.name ?? ''), type: String(body.type ?? 'notebook') };
      const up = await startSessionOn(app, spec);
      const row = await s.db.kernelSession.create({
        data: {
          id: randomUUID(),
          domainId: profile.domainId,
          userProfileName: profile.name,
          ...spec,
          appId: app.id,
          upstreamSessionId: up.id,
          kernelId: up.kernel.id,
        },
      });
      return sessionView(row, rename(app, up.kernel));
    },

    async patchSession(profile: UserProfile, id: string, body: SessionBody): Promise<SessionModel> {
      let row = await s.db.kernelSession.findFirst({
        where: { id, domainId: profile.domainId, userProfileName: profile.name },
      });
      if (!row) throw new JupyterError(404, `Session not found: ${id}`);
      const spec = {
        path: String(body.path ?? row.path),
        name: String(body.name ?? row.name),
        type: String(body.type ?? row.type),
      };
      const current = await s.db.app.findUnique({ where: { id: row.appId } });

      if (body.kernel?.name) {
        const target = await ensureKernelApp(s, profile, body.kernel.name);
        if (current && target.id === current.id && current.status === 'InService') {
          // Same instance: Jupyter replaces the kernel in place.
          const up = await upstreamJson<{ id: string; kernel: KernelModel }>(
            s,
            target,
            `/api/sessions/${row.upstreamSessionId}`,
            { method: 'PATCH', body: JSON.stringify({ ...spec, kernel: { name: UPSTREAM_KERNEL } }) },
          );
          row = await s.db.kernelSession.update({ where: { id }, data: { ...spec, kernelId: up.kernel.id } });
          return sessionView(row, rename(target, up.kernel));
        }
        // Another instance: start the kernel there first, then let the old one go.
        const up = await startSessionOn(target, spec);
        const old = row;
        row = await s.db.kernelSession.update({
          where: { id },
          data: { ...spec, appId: target.id, upstreamSessionId: up.id, kernelId: up.kernel.id },
        });
        await dropUpstreamSession(old);
        s.logger.info({ session: id, from: current?.appName, to: target.appName }, 'kernel moved to another instance');
        return sessionView(row, rename(target, up.kernel));
      }
      if (body.kernel?.id && body.kernel.id !== row.kernelId) {
        const target = await locateKernel(profile, body.kernel.id);
        const up = await startSessionOn(target, spec, body.kernel.id);
        const old = row;
        row = await s.db.kernelSession.update({
          where: { id },
          data: { ...spec, appId: target.id, upstreamSessionId: up.id, kernelId: up.kernel.id },
        });
        if (old.appId !== target.id) await dropUpstreamSession(old);
        return sessionView(row, rename(target, up.kernel));
      }
      if (current?.status === 'InService') {
        await upstream(s, current, `/api/sessions/${row.upstreamSessionId}`, {
          method: 'PATCH',
          body: JSON.stringify(spec),
        }).catch(() => undefined);
      }
      row = await s.db.kernelSession.update({ where: { id }, data: spec });
      return this.getSession(profile, id);
    },

    async deleteSession(profile: UserProfile, id: string): Promise<void> {
      const row = await s.db.kernelSession.findFirst({
        where: { id, domainId: profile.domainId, userProfileName: profile.name },
      });
      if (!row) throw new JupyterError(404, `Session not found: ${id}`);
      await dropUpstreamSession(row);
      await s.db.kernelSession.delete({ where: { id } }).catch(() => undefined);
    },

    async listKernels(profile: UserProfile): Promise<KernelModel[]> {
      return [...(await kernelsByApp(profile)).values()].flatMap((x) => x.kernels);
    },

    async startKernel(profile: UserProfile, body: SessionBody): Promise<KernelModel> {
      const app = await ensureKernelApp(s, profile, body.name ?? (await this.defaultKernelName(profile)));
      const k = await upstreamJson<KernelModel>(s, app, '/api/kernels', {
        method: 'POST',
        body: JSON.stringify({ name: UPSTREAM_KERNEL, path: body.path }),
      });
      kernelHome.set(k.id, app.id);
      return rename(app, k);
    },

    locateKernel,
    rename,

    defaultKernelName: (profile: UserProfile) => defaultKernelName(s, profile),
  };
}

export type StudioKernels = ReturnType<typeof createStudioKernels>;
