// /console in the browser: the admin console's page and bundle (apps/console/dist). Not signed
// in: off to the sign-in page and back; signed in but not an administrator: a 403 page.
// Assets are cached as Studio's are: the entry revalidated, hashed chunks kept for good.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Request, type Response, type Router } from 'express';
import { sessionPrincipal } from '../http/session-principal.ts';
import type { Services } from '../../resources/services.ts';
import { LOGO_SVG, page, topBar } from '../web/brand.ts';
import { safeNext } from '../web/login-page.ts';

/** apps/console/dist, built by `pnpm --filter @tessera/console build`; TESSERA_CONSOLE_DIST overrides it. */
export const defaultConsoleDist = () =>
  process.env.TESSERA_CONSOLE_DIST ?? fileURLToPath(new URL('../../../../console/dist/', import.meta.url));

const ENTRY = 'console.js';

// Not brand.ts's page(): its element-wide form styles are for the sign-in card and would fight
// the console's own stylesheet.
function consolePage(): string {
  const icon = encodeURIComponent(LOGO_SVG.replace(' class="t-logo"', ' xmlns="http://www.w3.org/2000/svg"'));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Admin console · Tessera</title><link rel="icon" href="data:image/svg+xml,${icon}">
<link rel="stylesheet" href="/console/static/console.css"></head>
<body><div id="root"></div><script src="/console/static/${ENTRY}"></script></body></html>`;
}

function messagePage(heading: string, text: string): string {
  return page(
    'Admin console · Tessera',
    `${topBar('Admin console')}<main class="t-center"><div class="t-card"><h1>${heading}</h1>` +
      `<p>${text}</p></div></main>`,
  );
}

export function createConsoleUi(services: Services, opts: { distDir?: string } = {}): Router {
  const distDir = opts.distDir ?? defaultConsoleDist();
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

  const consoleRoute = async (req: Request, res: Response) => {
    const principal = await sessionPrincipal(services, req);
    if (!principal) {
      res.redirect(302, `/login?next=${encodeURIComponent(safeNext(req.originalUrl, '/console'))}`);
      return;
    }
    if (!principal.isAdmin) {
      return html(
        res,
        403,
        messagePage(
          'Administrators only',
          `You are signed in as ${principal.username.replace(/[<>&"]/g, '')}, who is not an administrator. ` +
            '<a href="/studio">Open Studio</a> instead.',
        ),
      );
    }
    if (!existsSync(join(distDir, ENTRY))) {
      return html(
        res,
        503,
        messagePage(
          'The console is not built',
          'Build it with <code>pnpm --filter @tessera/console build</code> (scripts/install.sh does) and reload.',
        ),
      );
    }
    html(res, 200, consolePage());
  };
  // Client-side routes (/console/users, ...) are the same page.
  router.get(['/console', '/console/', '/console/*rest'], (req, res, next) =>
    req.path.startsWith('/console/static/') ? next() : void consoleRoute(req, res),
  );

  const assets = express.static(distDir, {
    index: false,
    setHeaders: (res, path) =>
      res.set(
        'cache-control',
        path.endsWith(ENTRY) || path.endsWith('console.css') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ),
  });
  const gzip = compression();
  router.use('/console/static', async (req, res) => {
    const principal = await sessionPrincipal(services, req);
    if (!principal?.isAdmin) {
      res.status(principal ? 403 : 401).json({
        error: {
          code: principal ? 'AccessDenied' : 'Unauthenticated',
          message: 'The console is for signed-in administrators',
        },
      });
      return;
    }
    gzip(req, res, () =>
      assets(req, res, () =>
        res.status(404).json({ error: { code: 'NotFound', message: `No console file ${req.path}` } }),
      ),
    );
  });
  return router;
}
