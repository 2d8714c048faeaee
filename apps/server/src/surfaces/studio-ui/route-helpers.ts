// What every studio-ui route shares: the session check, zod parsing, the CSRF rule of the REST
// API and its one error format ({error: {code, message}} with the status from restStatus).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { SageMakerErrorCode } from '@tessera/contracts';
import { ApiError, restStatus } from '../../platform/errors.ts';
import { toApiError } from '../aws/aws-errors.ts';
import { describeIssues } from '../http/validation.ts';
import { sessionPrincipal } from '../http/session-principal.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../../resources/services.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Handler = (req: Request, res: Response, principal: Principal) => Promise<unknown>;

/** JSON route behind a session: the handler's result is the body (undefined: 204). */
export function jsonRoute(services: Services, name: string, handler: Handler): RequestHandler {
  return async (req: Request, res: Response, _next: NextFunction) => {
    try {
      // A cross-site form cannot set these headers (same rule as /api/v1).
      if (UNSAFE.has(req.method) && !req.is('application/json') && !req.get('x-requested-with')) {
        throw new ApiError(
          SageMakerErrorCode.Validation,
          'Send Content-Type: application/json (or an X-Requested-With header) with this request',
        );
      }
      const principal = await sessionPrincipal(services, req);
      if (!principal) throw new ApiError('Unauthenticated', 'Sign in first: POST /api/v1/auth/login');
      const out = await handler(req, res, principal);
      if (res.headersSent) return;
      if (out === undefined) res.status(204).end();
      else res.json(out);
    } catch (err) {
      const e = toApiError(err, services.logger, { route: name });
      if (!res.headersSent) res.status(restStatus(e)).json({ error: { code: e.code, message: e.message } });
    }
  };
}

export function parseInput<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T; error?: Parameters<typeof describeIssues>[0] } },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(SageMakerErrorCode.Validation, describeIssues(r.error!, value));
  return r.data as T;
}
