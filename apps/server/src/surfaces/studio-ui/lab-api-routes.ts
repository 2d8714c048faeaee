// /studio/api/*: what jupyterlab_server answers for a JupyterLab page — settings, workspaces,
// themes and translations (English only). Per user; every route needs a session.
import { join } from 'node:path';
import express, { type Router } from 'express';
import type { Services } from '../../resources/services.ts';
import { jsonRoute } from './route-helpers.ts';
import { createSettingsStore } from './settings-store.ts';
import { createWorkspacesStore } from './workspaces-store.ts';
import { sessionPrincipal } from '../http/session-principal.ts';

export function labApiRoutes(services: Services, distDir: string): Router {
  const router = express.Router();
  const userDir = (userId: string) => join(services.config.dataDir, 'studio-settings', userId);
  const settings = createSettingsStore({ schemasDir: join(distDir, 'schemas'), userDir });
  const workspaces = createWorkspacesStore(userDir);
  // JupyterLab's managers send JSON bodies without a Content-Type when no token is configured.
  const json = express.json({ limit: services.config.maxBodyBytes, type: () => true });
  // Plugin and workspace ids contain "/" and "@", so they are read from the path rather than
  // from a route parameter.
  const idOf = (path: string) => decodeURIComponent(path.replace(/^\/+/, ''));

  router.use(
    '/studio/api/settings',
    json,
    jsonRoute(services, 'studioSettings', async (req, _res, principal) => {
      const id = idOf(req.path);
      if (req.method === 'GET' && !id) {
        const all = await settings.list(principal.userId);
        return { settings: req.query.ids_only === 'true' ? all.map((p) => ({ id: p.id })) : all };
      }
      if (req.method === 'GET') return settings.get(principal.userId, id);
      if (req.method === 'PUT' && id) {
        await settings.save(principal.userId, id, req.body?.raw);
        return undefined;
      }
      throw Object.assign(new Error('Method not allowed'), { status: 405 });
    }),
  );

  router.use(
    '/studio/api/workspaces',
    json,
    jsonRoute(services, 'studioWorkspaces', async (req, _res, principal) => {
      const id = idOf(req.path);
      if (req.method === 'GET' && !id) return { workspaces: await workspaces.list(principal.userId) };
      if (req.method === 'GET') return workspaces.read(principal.userId, id);
      if (req.method === 'PUT' && id) return void (await workspaces.save(principal.userId, id, req.body));
      if (req.method === 'DELETE' && id) return void (await workspaces.remove(principal.userId, id));
      throw Object.assign(new Error('Method not allowed'), { status: 405 });
    }),
  );

  router.get(
    ['/studio/api/translations', '/studio/api/translations/:locale'],
    jsonRoute(services, 'studioTranslations', async (req) => {
      const locale = req.params.locale;
      if (!locale) return { data: { en: { displayName: 'English', nativeName: 'English' } }, message: '' };
      // English is JupyterLab's source language: no strings to translate.
      return { data: {}, message: locale === 'en' ? '' : `Language pack '${locale}' not installed!` };
    }),
  );

  const themes = express.static(join(distDir, 'themes'), { maxAge: '1h' });
  router.use('/studio/api/themes', async (req, res) => {
    if (!(await sessionPrincipal(services, req))) {
      res.status(401).json({ error: { code: 'Unauthenticated', message: 'Sign in first: POST /api/v1/auth/login' } });
      return;
    }
    themes(req, res, () => res.status(404).json({ error: { code: 'NotFound', message: `No theme file ${req.path}` } }));
  });
  return router;
}
