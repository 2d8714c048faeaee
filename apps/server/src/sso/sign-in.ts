// Opening a browser session from a flow other than the password form (SSO, a presigned URL, an
// invitation): the same cookie as the REST login sets.
import type { Response } from 'express';
import { SESSION_COOKIE, type SessionOptions } from '../identity/sessions.ts';
import type { Services } from '../services.ts';

export async function openSession(services: Services, res: Response, userId: string, opts: SessionOptions): Promise<void> {
  const { token, expiresAt } = await services.sessions.create(userId, opts);
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: services.publicUrl().startsWith('https:'),
    path: '/',
    expires: expiresAt,
  });
}

/** Studio, opened on one user profile. */
export const studioUrl = (domainId: string, userProfileName: string) =>
  `/studio?domain=${encodeURIComponent(domainId)}&profile=${encodeURIComponent(userProfileName)}`;
