// Who a browser request comes from: the user of its session cookie, if the session is live.
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../platform/identity/principal.ts';
import { sessionToken, type SessionStore } from '../../platform/identity/sessions.ts';

export async function sessionPrincipal(
  s: { sessions: SessionStore },
  req: IncomingMessage,
): Promise<Principal | undefined> {
  const token = sessionToken(req);
  return token ? s.sessions.resolve(token) : undefined;
}
