// Sign-in without a local password: OpenID Connect for SSO domains (/sso/...), and the pages
// one-time links lead to (/auth/presigned/..., /invite/..., /reset/...). Mounted in app.ts
// beside the Studio pages; every route here is public and authenticates by its own means.
import express, { type Router } from 'express';
import type { Services } from '../../resources/services.ts';
import { oidcLoginRoutes } from './oidc-login.ts';
import { oneTimePages } from './one-time-pages.ts';

export function createSsoUi(services: Services): Router {
  const router = express.Router();
  router.use(oidcLoginRoutes(services));
  router.use(oneTimePages(services));
  return router;
}
