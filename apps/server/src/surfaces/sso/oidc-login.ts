// GET /sso/:domainId starts an OpenID Connect sign-in (authorization code with PKCE, state and
// nonce); GET /sso/:domainId/callback finishes it, maps the identity to the domain's user profile
// and opens Studio. The flow's secrets wait in a short-lived cookie sealed with the server's key,
// so nothing is stored server-side for sign-ins that are never finished.
import express, { type Request, type Response, type Router } from 'express';
import { parse as parseCookies } from 'cookie';
import * as oidc from 'openid-client';
import { ApiError } from '../../platform/errors.ts';
import type { Services } from '../../resources/services.ts';
import { createProviderCache, findSsoDomain, redirectUri } from '../../resources/sso/identity-providers.ts';
import { messagePage, sendHtml } from './pages.ts';
import { openSession, studioUrl } from './sign-in.ts';
import { claimProfile, ssoUser } from '../../resources/sso/sso-user.ts';

const FLOW_COOKIE = 'tessera_sso';
const FLOW_SECONDS = 10 * 60;

interface Flow {
  domainId: string;
  state: string;
  nonce: string;
  verifier: string;
  profile?: string;
  expires: number;
}

const cookieOptions = (services: Services) => ({
  httpOnly: true,
  // Lax: the provider's redirect back is a top-level GET, which carries Lax cookies.
  sameSite: 'lax' as const,
  secure: services.publicUrl().startsWith('https:'),
  path: '/sso',
});

export function oidcLoginRoutes(services: Services): Router {
  const router = express.Router();
  const providers = createProviderCache(services);

  /** The SSO domain and its provider; answers with a page and returns undefined when there is none. */
  async function ssoSetup(domainId: string, res: Response) {
    try {
      await findSsoDomain(services, domainId);
    } catch {
      // IAM domains and unknown ids look the same: there is no SSO sign-in here.
      sendHtml(
        res,
        404,
        messagePage('No single sign-on here', [`There is no SSO domain ${domainId}. Check the link you were given.`]),
      );
      return undefined;
    }
    const idp = await services.db.identityProvider.findUnique({ where: { domainId } });
    if (!idp) {
      sendHtml(
        res,
        404,
        messagePage('Single sign-on is not set up', [
          `Domain ${domainId} has no OpenID Connect provider yet; an administrator must configure one.`,
        ]),
      );
      return undefined;
    }
    try {
      return { idp, config: await providers.configuration(idp) };
    } catch (err) {
      services.logger.warn(
        { domainId, issuer: idp.issuer, err: (err as Error).message },
        'OpenID provider unreachable',
      );
      sendHtml(
        res,
        502,
        messagePage('The sign-in provider does not answer', [
          (err as Error).message,
          'Try again in a moment, or tell an administrator.',
        ]),
      );
      return undefined;
    }
  }

  router.get('/sso/:domainId', async (req: Request, res: Response) => {
    const domainId = req.params.domainId as string;
    const setup = await ssoSetup(domainId, res);
    if (!setup) return;
    const profileName = typeof req.query.profile === 'string' ? req.query.profile : undefined;
    const profile = profileName
      ? await services.db.userProfile.findUnique({ where: { domainId_name: { domainId, name: profileName } } })
      : null;
    const flow: Flow = {
      domainId,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      ...(profile ? { profile: profile.name } : {}),
      expires: Date.now() + FLOW_SECONDS * 1000,
    };
    const url = oidc.buildAuthorizationUrl(setup.config, {
      redirect_uri: redirectUri(services, domainId),
      scope: setup.idp.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ...(profile?.singleSignOnUserValue ? { login_hint: profile.singleSignOnUserValue } : {}),
    });
    res.cookie(FLOW_COOKIE, services.box.seal(JSON.stringify(flow)), {
      ...cookieOptions(services),
      maxAge: FLOW_SECONDS * 1000,
    });
    res.set('cache-control', 'no-store').redirect(302, url.href);
  });

  router.get('/sso/:domainId/callback', async (req: Request, res: Response) => {
    const domainId = req.params.domainId as string;
    const sealed = parseCookies(req.headers.cookie ?? '')[FLOW_COOKIE];
    res.clearCookie(FLOW_COOKIE, cookieOptions(services));
    const flow = sealed ? openFlow(services, sealed) : undefined;
    // An error answer is checked against the state too: otherwise a link made elsewhere could put
    // its own error_description on this server's page while a sign-in is under way.
    const stateMismatch = typeof req.query.error === 'string' && req.query.state !== flow?.state;
    if (!flow || flow.domainId !== domainId || flow.expires < Date.now() || stateMismatch) {
      const restart = `/sso/${encodeURIComponent(domainId)}`;
      sendHtml(
        res,
        400,
        messagePage('Sign-in could not be finished', [
          'It took longer than ten minutes, or began in another browser.',
          `Start again at ${restart}.`,
        ]),
      );
      return;
    }
    if (typeof req.query.error === 'string') {
      const why = typeof req.query.error_description === 'string' ? req.query.error_description : req.query.error;
      sendHtml(res, 403, messagePage('The sign-in provider refused', [why]));
      return;
    }
    const setup = await ssoSetup(domainId, res);
    if (!setup) return;
    const { idp, config } = setup;

    let identity: { subject: string; claims: Record<string, unknown> };
    try {
      // The URL the provider redirected to, as registered (the public URL, whatever proxy is in front).
      const currentUrl = new URL(req.originalUrl, services.publicUrl());
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      let claims: Record<string, unknown> = { ...idClaims };
      // Many providers put profile claims only in userinfo when the code flow is used.
      if (
        claims[idp.usernameClaim] === undefined ||
        (idp.usernameClaim === 'email' && claims.email_verified === undefined)
      ) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
      }
      identity = { subject: idClaims.sub, claims };
    } catch (err) {
      services.logger.warn({ domainId, issuer: idp.issuer, err: (err as Error).message }, 'OpenID sign-in failed');
      sendHtml(
        res,
        403,
        messagePage('Sign-in failed', [
          `The answer of ${idp.issuer} could not be verified: ${(err as Error).message}`,
          `Start again at /sso/${domainId}.`,
        ]),
      );
      return;
    }

    const userName = identity.claims[idp.usernameClaim];
    if (typeof userName !== 'string' || !userName) {
      sendHtml(
        res,
        403,
        messagePage('No user name from the provider', [
          `${idp.issuer} did not send the claim "${idp.usernameClaim}" that this domain matches against user profiles.`,
          'An administrator can choose another claim or scope.',
        ]),
      );
      return;
    }
    // An address the provider has not verified is only what someone typed in at sign-up: matched
    // as the user name, it would open the profile of whoever that address belongs to.
    const emailVerified = verified(identity.claims.email_verified);
    if (idp.usernameClaim === 'email' && !emailVerified) {
      services.logger.info({ domainId, userName }, 'single sign-on refused: email not verified');
      sendHtml(
        res,
        403,
        messagePage('Your email address is not verified', [
          `${idp.issuer} has not verified "${userName}", and this domain signs members in by email address.`,
          'Verify the address with your sign-in provider, then start again.',
        ]),
      );
      return;
    }
    const candidates = await services.db.userProfile.findMany({
      where: { domainId, singleSignOnUserValue: userName, desiredState: 'Present' },
      orderBy: { createdAt: 'asc' },
    });
    const profile = candidates.find((p) => p.name === flow.profile) ?? candidates[0];
    if (!profile) {
      services.logger.info({ domainId, userName }, 'single sign-on refused: no user profile for the identity');
      sendHtml(
        res,
        403,
        messagePage('No user profile for you yet', [
          `You signed in as "${userName}", but domain ${domainId} has no user profile for that identity.`,
          'An administrator must create one with SingleSignOnUserIdentifier "UserName" and ' +
            `SingleSignOnUserValue "${userName}".`,
        ]),
      );
      return;
    }
    try {
      const user = await ssoUser(services, domainId, {
        issuer: idp.issuer,
        subject: identity.subject,
        userName,
        ...(typeof identity.claims.email === 'string' && emailVerified ? { email: identity.claims.email } : {}),
        ...(typeof identity.claims.name === 'string' ? { displayName: identity.claims.name } : {}),
      });
      if (user.disabled) {
        sendHtml(
          res,
          403,
          messagePage('Your account is disabled', [`${user.username} may not sign in; ask an administrator.`]),
        );
        return;
      }
      // A profile whose owner an admin disabled stays theirs: a new identity presenting the same
      // user name (the provider reissued it) must not inherit it.
      if (profile.ownerUserId && profile.ownerUserId !== user.id) {
        const owner = await services.db.user.findUnique({
          where: { id: profile.ownerUserId },
          select: { disabled: true, username: true },
        });
        if (owner?.disabled) {
          sendHtml(
            res,
            403,
            messagePage('This user profile belongs to a disabled account', [
              `${profile.name} belongs to ${owner.username}, whose account is disabled.`,
              'An administrator can re-enable it or give the profile to you.',
            ]),
          );
          return;
        }
      }
      await claimProfile(services, profile, user);
      await openSession(services, res, user.id, { origin: 'sso', domainId, userProfileName: profile.name });
      services.logger.info(
        { domainId, userProfileName: profile.name, username: user.username },
        'signed in with single sign-on',
      );
      res.set('cache-control', 'no-store').redirect(303, studioUrl(domainId, profile.name));
    } catch (err) {
      services.logger.error({ err, domainId }, 'single sign-on failed');
      sendHtml(
        res,
        500,
        messagePage('Sign-in failed', [
          err instanceof ApiError ? err.message : 'Something went wrong on the server; try again.',
        ]),
      );
    }
  });

  return router;
}

/** email_verified is a boolean by the spec; some providers send the string "true". */
const verified = (claim: unknown) => claim === true || claim === 'true';

function openFlow(services: Services, sealed: string): Flow | undefined {
  try {
    return JSON.parse(services.box.open(sealed)) as Flow;
  } catch {
    return undefined; // not ours, tampered with, or sealed under an older key
  }
}
