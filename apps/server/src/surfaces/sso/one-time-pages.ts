// The pages one-time links lead to. /auth/presigned/:token (CreatePresignedDomainUrl) signs in
// on the GET, as SageMaker's URL does; /invite/:token and /reset/:token show a set-password form
// and use the token up only when a valid password is posted, so a mistyped password does not
// burn the link.
import express, { type Request, type Response, type Router } from 'express';
import { ZNewPassword } from '@tessera/contracts';
import { sameOrigin } from '../http/origin.ts';
import type { TokenPurpose } from '../../platform/identity/one-time-tokens.ts';
import { setPassword } from '../../platform/identity/users.ts';
import type { Services } from '../../resources/services.ts';
import { messagePage, sendHtml, setPasswordPage } from './pages.ts';
import { openSession, studioUrl } from './sign-in.ts';

const USED_OR_EXPIRED = ['This link has already been used or has expired; ask for a new one.'];

const forms: Record<
  'invite' | 'reset',
  { purpose: TokenPurpose; heading: string; intro: string; origin: 'invite' | 'password' }
> = {
  invite: {
    purpose: 'Invite',
    heading: 'Welcome to Tessera',
    intro: 'Choose a password (at least 12 characters) to finish setting up your account.',
    origin: 'invite',
  },
  reset: {
    purpose: 'PasswordReset',
    heading: 'Reset your password',
    intro: 'Choose a new password (at least 12 characters).',
    origin: 'password',
  },
};

export function oneTimePages(services: Services): Router {
  const router = express.Router();
  const { db, tokens } = services;

  router.get('/auth/presigned/:token', async (req: Request, res: Response) => {
    const row = await tokens.consume(req.params.token as string, 'PresignedDomainUrl');
    if (!row || !row.domainId || !row.userProfileName) {
      sendHtml(res, 403, messagePage('This link cannot be used', USED_OR_EXPIRED));
      return;
    }
    const user = await db.user.findUnique({ where: { id: row.userId } });
    const profile = await db.userProfile.findUnique({
      where: { domainId_name: { domainId: row.domainId, name: row.userProfileName } },
    });
    // The profile may have been deleted or given to someone else since the URL was made.
    if (!user || user.disabled || !profile || profile.desiredState !== 'Present' || profile.ownerUserId !== user.id) {
      sendHtml(
        res,
        403,
        messagePage('This link cannot be used', [
          `User profile ${row.userProfileName} in domain ${row.domainId} is no longer available to this link; ` +
            'ask for a new one.',
        ]),
      );
      return;
    }
    await openSession(services, res, user.id, {
      origin: 'presigned',
      domainId: row.domainId,
      userProfileName: row.userProfileName,
      ...(row.sessionSeconds ? { ttlSeconds: row.sessionSeconds } : {}),
    });
    services.logger.info(
      { domainId: row.domainId, userProfileName: row.userProfileName, username: user.username },
      'signed in with a presigned domain URL',
    );
    res.set('cache-control', 'no-store').redirect(303, studioUrl(row.domainId, row.userProfileName));
  });

  for (const [path, form] of Object.entries(forms)) {
    router.get(`/${path}/:token`, async (req: Request, res: Response) => {
      const row = await tokens.peek(req.params.token as string, form.purpose);
      const user = row && (await db.user.findUnique({ where: { id: row.userId } }));
      if (!user || user.disabled) return sendHtml(res, 403, messagePage('This link cannot be used', USED_OR_EXPIRED));
      sendHtml(res, 200, setPasswordPage({ heading: form.heading, intro: form.intro, username: user.username }));
    });

    router.post(
      `/${path}/:token`,
      express.urlencoded({ extended: false, limit: '16kb' }),
      async (req: Request, res: Response) => {
        // A form on another site must not be able to set someone's password with a leaked link.
        if (!sameOrigin(req.get('origin') ?? '', req.get('host'), services.publicUrl())) {
          sendHtml(
            res,
            403,
            messagePage('Request refused', ['This form must be sent from the page this server showed you.']),
          );
          return;
        }
        const token = req.params.token as string;
        const row = await tokens.peek(token, form.purpose);
        const user = row && (await db.user.findUnique({ where: { id: row.userId } }));
        if (!user || user.disabled) return sendHtml(res, 403, messagePage('This link cannot be used', USED_OR_EXPIRED));
        const password = typeof req.body?.password === 'string' ? req.body.password : '';
        const checked = ZNewPassword.safeParse(password);
        const error = !checked.success
          ? `The password must have ${checked.error.issues[0]?.message ?? 'at least 12 characters'}.`
          : password !== req.body?.confirm
            ? 'The two passwords differ.'
            : undefined;
        if (error)
          return sendHtml(
            res,
            400,
            setPasswordPage({ heading: form.heading, intro: form.intro, username: user.username, error }),
          );
        // Only now is the link used up; of two racing posts exactly one gets here.
        if (!(await tokens.consume(token, form.purpose)))
          return sendHtml(res, 403, messagePage('This link cannot be used', USED_OR_EXPIRED));
        await setPassword(db, user.id, password);
        await openSession(services, res, user.id, { origin: form.origin });
        services.logger.info({ username: user.username, purpose: form.purpose }, 'password set with a one-time link');
        res.set('cache-control', 'no-store').redirect(303, '/studio');
      },
    );
  }
  return router;
}
