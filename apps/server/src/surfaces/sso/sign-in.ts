// Opening a browser session from a flow other than the password form (SSO, a presigned URL, an
// invitation): the same cookie as the REST login sets.
import type { Response } from 'express';
import { SESSION_COOKIE, type SessionOptions } from '../../platform/identity/sessions.ts';
import type { Services } from '../../resources/services.ts';

/**
 * The session is a full session of `userId`, not one confined to the profile it opens on. That is
 * deliberate and matches SageMaker, where a presigned URL signs its holder in as that profile's
 * user: for SSO the user is the identity the provider vouched for; for a presigned URL it is the
 * profile's owner, and only that owner or an administrator (who may act for anyone already) can
 * ask for the URL. So the holder of a fresh link can do what the owner can (including making an
 * access key that outlives the session): links are single use, live at most 300 s, are never
 * logged, and must be handed only to the owner.
 */
export async function openSession(
  services: Services,
  res: Response,
  userId: string,
  opts: SessionOptions,
): Promise<void> {
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
