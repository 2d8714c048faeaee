// Studio in the browser: the sign-in page, the /studio page that boots JupyterLab, the bundle,
// what jupyterlab_server would normally serve (/studio/api/*), and the Git panel's routes.
// Mounted in app.ts before the REST API; everything but /login needs a session.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Request, type Response, type Router } from 'express';
import { sessionPrincipal } from '../http/session-principal.ts';
import type { Services } from '../../resources/services.ts';
import { bootPage, notBuiltPage } from './boot-page.ts';
import { checkpointRoute } from './checkpoint-route.ts';
import { gitRoutes } from './git/git-routes.ts';
import { createGitRunners } from './git/git-runners.ts';
import { labApiRoutes } from './lab-api-routes.ts';
import { loginPage, safeNext } from '../web/login-page.ts';

/** apps/studio/dist, built by `pnpm --filter @tessera/studio build`; TESSERA_STUDIO_DIST overrides it. */
export const defaultStudioDist = () =>
  process.env.TESSERA_STUDIO_DIST ?? fileURLToPath(new URL('../../../../studio/dist/', import.meta.url));

export function createStudioUi(services: Services, opts: { distDir?: string } = {}): Router {
  const distDir = opts.distDir ?? defaultStudioDist();
  const router = express.Router();
  const html = (res: Response, status: number, body: string) =>
    res
      .status(status)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
      })
      .send(body);

  router.get('/login', (req, res) => html(res, 200, loginPage(safeNext(req.query.next))));

  const studioPage = async (req: Request, res: Response) => {
    if (!(await sessionPrincipal(services, req))) {
      res.redirect(302, `/login?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
      return;
    }
    if (!existsSync(join(distDir, 'static', 'studio.js'))) return html(res, 503, notBuiltPage());
    html(res, 200, bootPage());
  };
  // /studio/lab/... are JupyterLab's own URLs (workspaces, tree paths): the same page.
  router.get(['/studio', '/studio/', '/studio/lab', '/studio/lab/*rest'], studioPage);

  // The bundle: the entry keeps its name (so the page can name it) and is revalidated; chunks
  // carry a content hash and are cached for good.
  const assets = express.static(join(distDir, 'static'), {
    setHeaders: (res, path) =>
      res.set('cache-control', path.endsWith('studio.js') ? 'no-cache' : 'public, max-age=31536000, immutable'),
  });
  // JupyterLab's JavaScript shrinks to about a quarter gzipped: worth it on every cold load.
  const gzip = compression();
  router.use('/studio/static', async (req, res) => {
    if (!(await sessionPrincipal(services, req))) {
      res.status(401).json({ error: { code: 'Unauthenticated', message: 'Sign in first: POST /api/v1/auth/login' } });
      return;
    }
    gzip(req, res, () =>
      assets(req, res, () =>
        res.status(404).json({ error: { code: 'NotFound', message: `No Studio file ${req.path}` } }),
      ),
    );
  });

  router.use(labApiRoutes(services, distDir));
  router.use(gitRoutes(services, createGitRunners(services, join(services.config.dataDir, 'studio-git'))));
  router.get('/api/v1/studio/checkpoint', checkpointRoute(services));
  return router;
}
