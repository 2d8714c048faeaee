// What every REST handler is called with, and the one shape of a user the REST routes show.
import type { Request, Response } from 'express';
import type { LoginThrottle } from '../../platform/identity/login-throttle.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Invoker } from '../../resources/endpoints/invoke-endpoint.ts';
import type { Services } from '../../resources/services.ts';

export interface RestContext {
  services: Services;
  throttle: LoginThrottle;
  /** InvokeEndpoint as the runtime API does it, and its per-minute figures (Studio's endpoint view). */
  invoker: Invoker;
  principal: Principal | undefined;
  // Each route's body and query were parsed by its own zod schema (rest-api.ts); a handler reads
  // what its route declares, so one type for all of them would only be a cast in every handler.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query: any;
  params: Record<string, string>;
  req: Request;
  res: Response;
}

export const userView = (u: {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
}) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  isAdmin: u.isAdmin,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});
