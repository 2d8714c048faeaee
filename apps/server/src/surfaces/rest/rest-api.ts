// /api/v1: registers every route of the contract table with session authentication, role
// checks, zod validation of body and query, and one error format ({error: {code, message}}).
import express, { type Request, type Response, type Router } from 'express';
import { restRoutes, SageMakerErrorCode, type RestRoute, type RestRouteName } from '@tessera/contracts';
import { accessDenied, ApiError, restCode, restStatus } from '../../platform/errors.ts';
import { createLoginThrottle } from '../../platform/identity/login-throttle.ts';
import { sessionPrincipal } from '../http/session-principal.ts';
import { restHandlers } from './handlers.ts';
import type { Invoker } from '../../resources/endpoints/invoke-endpoint.ts';
import type { Services } from '../../resources/services.ts';
import { toApiError } from '../aws/aws-errors.ts';
import { describeIssues } from '../http/validation.ts';
import { sameOrigin } from '../http/origin.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function restApi(services: Services, opts: { validateResponses: boolean; invoker: Invoker }): Router {
  const router = express.Router();
  const throttle = createLoginThrottle();
  router.use(express.json({ limit: services.config.maxBodyBytes }));

  for (const [name, route] of Object.entries(restRoutes) as [RestRouteName, RestRoute][]) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const started = performance.now();
      let code = '200';
      try {
        // A cross-site form cannot set these headers, so requiring one on every unsafe request
        // defeats CSRF on top of the SameSite cookie.
        if (UNSAFE.has(req.method) && !req.is('application/json') && !req.get('x-requested-with')) {
          throw new ApiError(
            SageMakerErrorCode.Validation,
            'Send Content-Type: application/json (or an X-Requested-With header) with this request',
          );
        }
        // And a page of another site that gets through anyway (a same-site subdomain, say) is
        // refused by its Origin, as the events socket and the Jupyter proxy refuse it.
        const origin = req.get('origin');
        if (UNSAFE.has(req.method) && origin && !sameOrigin(origin, req.get('host'), services.publicUrl()))
          throw accessDenied(`A page of ${origin} may not change anything here`);
        const principal = route.access === 'public' ? undefined : await sessionPrincipal(services, req);
        if (route.access !== 'public' && !principal)
          throw new ApiError('Unauthenticated', 'Sign in first: POST /api/v1/auth/login');
        if (route.access === 'admin' && !principal!.isAdmin)
          throw new ApiError(SageMakerErrorCode.AccessDenied, `Only administrators may ${route.summary.toLowerCase()}`);
        const body = route.body ? parse(route.body, req.body ?? {}) : undefined;
        const query = route.query ? parse(route.query, req.query) : {};
        const out = await restHandlers[name]({
          services,
          throttle,
          invoker: opts.invoker,
          principal,
          body,
          query,
          params: req.params as Record<string, string>,
          req,
          res,
        });
        if (route.response && opts.validateResponses) {
          const check = route.response.safeParse(out);
          if (!check.success)
            throw new Error(`response of ${name} does not match its contract: ${check.error.message}`);
        }
        if (route.produces) res.type(route.produces).send(out);
        else if (route.response) res.json(out);
        else res.status(204).end();
      } catch (err) {
        const e = toApiError(err, services.logger, { route: name });
        code = e.code;
        res.status(restStatus(e)).json({ error: { code: restCode(e), message: e.message } });
      } finally {
        services.metrics.requests.inc({ surface: 'rest', operation: name, code });
        services.metrics.duration.observe({ surface: 'rest', operation: name }, (performance.now() - started) / 1000);
      }
    });
  }
  return router;
}

function parse(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown; error?: Parameters<typeof describeIssues>[0] } },
  value: unknown,
) {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(SageMakerErrorCode.Validation, describeIssues(r.error!, value));
  return r.data;
}
