// /share/<token>: the read-only viewer, mounted beside Studio's pages. Unknown, revoked and
// expired links all answer the same 404 page at once. Domain links need a signed-in user with a
// profile in the share's domain (or an admin); others get the same 404, so nothing is revealed.
import express, { type Request, type Response, type Router } from 'express';
import type { Share } from '@tessera/db';
import { ApiError } from '../../platform/errors.ts';
import { sameOrigin } from '../http/origin.ts';
import { sessionPrincipal } from '../http/session-principal.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../../resources/services.ts';
import { studioAccess } from '../../resources/profiles/studio-access.ts';
import { safeNext } from '../web/login-page.ts';
import { copyIntoHome } from '../../resources/shares/copy-notebook.ts';
import { RenderFailed, renderNotebookOffThread } from './render/render-off-thread.ts';
import { errorPage, messagePage, notFoundPage, sendViewerHtml } from './render/viewer-page.ts';
import { hashShareToken, SHARE_TOKEN } from '../../resources/shares/share-token.ts';
import { shareStatus, type StoredSnapshot } from '../../resources/shares/share-view.ts';

type Row = Share & { owner: { username: string; displayName: string | null } };

export function createShareViewer(services: Services): Router {
  const router = express.Router();
  const { db, logger } = services;
  const notFound = (res: Response) => sendViewerHtml(res, 404, notFoundPage());

  /**
   * The share behind a token, while it is live: not revoked, not expired, and the user profile it
   * was shared from still exists (deleting a profile or its domain ends its links).
   */
  async function activeShare(token: string): Promise<(Row & { publicAllowed: boolean }) | undefined> {
    if (!SHARE_TOKEN.test(token)) return undefined;
    const row = await db.share.findUnique({
      where: { tokenHash: hashShareToken(token) },
      include: { owner: { select: { username: true, displayName: true } } },
    });
    if (!row || shareStatus(row) !== 'Active' || !row.domainId || !row.userProfileName) return undefined;
    const profile = await db.userProfile.findUnique({
      where: { domainId_name: { domainId: row.domainId, name: row.userProfileName } },
      select: { desiredState: true, domain: { select: { allowPublicShares: true } } },
    });
    if (profile?.desiredState !== 'Present') return undefined;
    return { ...row, publicAllowed: profile.domain.allowPublicShares };
  }

  /**
   * The rendered snapshot, kept for the links viewed last (keyed by the snapshot's time, so a
   * re-share renders anew): a link opened by many people is rendered once.
   */
  const rendered = new Map<string, string>();
  const RENDERED_CHARS = 64 * 1024 * 1024;
  async function notebookHtml(row: Row): Promise<string> {
    const snap = row.snapshot as unknown as StoredSnapshot;
    const key = `${row.id} ${snap.takenAt}`;
    const hit = rendered.get(key);
    if (hit !== undefined) {
      rendered.delete(key);
      rendered.set(key, hit);
      return hit;
    }
    let html: string;
    try {
      html = await renderNotebookOffThread(snap.notebook);
    } catch (err) {
      if (!(err instanceof RenderFailed)) throw err;
      logger.warn({ err: err.message, shareId: row.id }, 'shared notebook not rendered');
      return (
        '<p class="t-output-note">This notebook is too large or complex to show here. ' +
        'Copy it to your Studio to open it there.</p>'
      );
    }
    rendered.set(key, html);
    let total = 0;
    for (const v of rendered.values()) total += v.length;
    for (const [k, v] of rendered) {
      if (total <= RENDERED_CHARS) break;
      rendered.delete(k);
      total -= v.length;
    }
    return html;
  }

  const myProfiles = (principal: Principal) =>
    db.userProfile.findMany({
      where: { ownerUserId: principal.userId, desiredState: 'Present' },
      orderBy: [{ domainId: 'asc' }, { name: 'asc' }],
    });

  /** Whether this viewer may see the share; undefined: they must sign in first. */
  async function mayView(
    row: Row & { publicAllowed: boolean },
    principal: Principal | undefined,
  ): Promise<boolean | undefined> {
    // Turning allowPublicShares off makes existing public links domain links, not just new ones.
    if (row.visibility === 'Public' && row.publicAllowed) return true;
    if (!principal) return undefined;
    if (principal.isAdmin || row.ownerUserId === principal.userId) return true;
    return (
      (await db.userProfile.count({
        where: { ownerUserId: principal.userId, domainId: row.domainId!, desiredState: 'Present' },
      })) > 0
    );
  }

  /** Failures are logged without the URL: its path is the link's secret. */
  const guarded =
    (name: string, handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
      try {
        await handler(req, res);
      } catch (err) {
        logger.error({ err: (err as Error).message, route: name }, 'share viewer failed');
        if (!res.headersSent) sendViewerHtml(res, 500, errorPage());
      }
    };

  router.get(
    '/share/:token',
    guarded('viewShare', async (req: Request, res: Response) => {
      const token = String(req.params.token);
      const row = await activeShare(token);
      if (!row) return notFound(res);
      const principal = await sessionPrincipal(services, req);
      const allowed = await mayView(row, principal);
      if (allowed === undefined)
        return void res
          .set('referrer-policy', 'no-referrer')
          .redirect(302, `/login?next=${encodeURIComponent(safeNext(`/share/${token}`))}`);
      if (!allowed) return notFound(res);
      // Counted without waiting: the page does not depend on it.
      db.share
        .update({ where: { id: row.id }, data: { viewCount: { increment: 1 }, lastViewedAt: new Date() } })
        .catch((err: Error) => logger.warn({ err: err.message, shareId: row.id }, 'share view not counted'));
      const profiles = principal ? await myProfiles(principal) : [];
      const { sharePage } = await import('./share-page.ts');
      const html = sharePage(
        row,
        token,
        {
          signedIn: !!principal,
          profiles: profiles.map((p) => ({ value: `${p.domainId}/${p.name}`, label: `${p.name} (${p.domainId})` })),
        },
        await notebookHtml(row),
      );
      sendViewerHtml(res, 200, html);
    }),
  );

  router.post(
    '/share/:token/copy',
    express.urlencoded({ extended: false, limit: '4kb' }),
    guarded('copyShare', async (req: Request, res: Response) => {
      const token = String(req.params.token);
      // A cross-site form post must not copy into someone's home (SameSite=Lax already keeps the
      // cookie off it; this holds for same-site origins too).
      const origin = req.get('origin');
      // Under Referrer-Policy no-referrer a browser sends "Origin: null" even for its own forms;
      // then Sec-Fetch-Site (which pages cannot set) says whether the post came from this origin.
      const ours =
        origin === 'null'
          ? req.get('sec-fetch-site') === 'same-origin'
          : !!origin && sameOrigin(origin, req.get('host'), services.publicUrl());
      if (!ours) {
        return sendViewerHtml(
          res,
          403,
          messagePage(
            'Not copied',
            'The request did not come from this page, so nothing was copied. ' +
              'Use the Copy to my Studio button on the shared notebook.',
          ),
        );
      }
      const row = await activeShare(token);
      const principal = await sessionPrincipal(services, req);
      if (!row) return notFound(res);
      if (!principal) return void res.redirect(303, `/login?next=${encodeURIComponent(`/share/${token}`)}`);
      if (!(await mayView(row, principal))) return notFound(res);
      const wanted = typeof req.body?.profile === 'string' ? req.body.profile : '';
      const [domainId, profileName] = wanted.split('/');
      const mine = (await myProfiles(principal)).find((p) => p.domainId === domainId && p.name === profileName);
      if (!mine)
        return sendViewerHtml(
          res,
          400,
          messagePage(
            'Not copied',
            'Choose one of your own user profiles to copy the notebook into.',
            `/share/${token}`,
          ),
        );
      try {
        const { homeDir } = await studioAccess(services, principal, mine.domainId, mine.name, {
          openHome: true,
        });
        const name = await copyIntoHome(homeDir, row.path, (row.snapshot as unknown as StoredSnapshot).notebook);
        logger.info(
          { by: principal.username, shareId: row.id, domainId: mine.domainId, profile: mine.name, name },
          'shared notebook copied',
        );
        const q = new URLSearchParams({ domain: mine.domainId, profile: mine.name });
        res.redirect(303, `/studio/lab/tree/${encodeURIComponent(name)}?${q}`);
      } catch (err) {
        logger.warn({ err: (err as Error).message, shareId: row.id }, 'shared notebook not copied');
        // Our own errors say what to do; a file system error would show the server's paths.
        const why =
          err instanceof ApiError
            ? err.message
            : 'your home directory could not be written; try again, or ask an administrator';
        sendViewerHtml(
          res,
          409,
          messagePage('Not copied', `The notebook could not be copied: ${why}`, `/share/${token}`),
        );
      }
    }),
  );

  return router;
}
