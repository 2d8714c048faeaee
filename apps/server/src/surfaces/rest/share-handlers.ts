// REST handlers of /api/v1/shares. A user shares notebooks of the profiles they may open in
// Studio and sees only their own links; another user's share is "not found", never "forbidden",
// so share ids cannot be probed. Admins may list, read and revoke everyone's (without the link) but re-share only
// their own.
import type { CreateShareRequest, ReshareRequest, ShareView, ShareVisibility } from '@tessera/contracts';
import type { Prisma, Share } from '@tessera/db';
import { accessDenied, notFound, validation } from '../../platform/errors.ts';
import { newId } from '../../platform/identity/ids.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { RestContext } from './context.ts';
import type { Services } from '../../resources/services.ts';
import { studioAccess } from '../../resources/profiles/studio-access.ts';
import { takeSnapshot } from '../../resources/shares/notebook-snapshot.ts';
import { outputsAllowed } from '../../resources/shares/share-policy.ts';
import { hashShareToken, newShareToken } from '../../resources/shares/share-token.ts';
import { shareView, type StoredSnapshot } from '../../resources/shares/share-view.ts';

const DAY_MS = 86_400_000;
const withOwner = { owner: { select: { username: true } } } as const;

function expiryOf(b: { expiresInDays?: number; expiresAt?: string }): Date | null | undefined {
  if (b.expiresInDays !== undefined) return new Date(Date.now() + b.expiresInDays * DAY_MS);
  if (b.expiresAt === undefined) return undefined;
  const at = new Date(b.expiresAt);
  if (at.getTime() <= Date.now())
    throw validation(`expiresAt ${b.expiresAt} is in the past; give a future time, or revoke the link instead`);
  if (at.getTime() > Date.now() + 366 * DAY_MS) throw validation('expiresAt may be at most a year ahead');
  return at;
}

/** The profile (owned by the caller, or any for an admin), its domain and what the domain allows. */
async function sharingScope(
  s: Services,
  principal: Principal,
  domainId: string,
  userProfileName: string,
  visibility: ShareVisibility,
  includeOutputs: boolean,
) {
  const { profile, homeDir } = await studioAccess(s, principal, domainId, userProfileName, { openHome: true });
  const domain = await s.db.domain.findUniqueOrThrow({ where: { id: domainId } });
  if (visibility === 'Public' && !domain.allowPublicShares) {
    throw validation(
      `Domain ${domain.name} (${domain.id}) does not allow public links (its allowPublicShares setting is off); ` +
        'share with visibility Domain, or ask an administrator',
    );
  }
  // NotebookOutputOption=Disabled is the administrator's word: outputs are dropped, not refused.
  return { profile, homeDir, includeOutputs: includeOutputs && outputsAllowed(domain, profile) };
}

async function findVisible(s: Services, principal: Principal, shareId: string) {
  const row = await s.db.share.findUnique({ where: { id: shareId }, include: withOwner });
  if (!row || (row.ownerUserId !== principal.userId && !principal.isAdmin)) throw notFound(`No share ${shareId}`);
  return row;
}

const view = (s: Services, principal: Principal, row: Share & { owner: { username: string } }): ShareView =>
  shareView(row, principal, { box: s.box, publicUrl: s.publicUrl() });

async function createShare(c: RestContext) {
  const s = c.services;
  const principal = c.principal!;
  const b = c.body as CreateShareRequest;
  const visibility = b.visibility ?? 'Domain';
  const expiresAt = expiryOf(b) ?? null;
  const scope = await sharingScope(s, principal, b.domainId, b.userProfileName, visibility, b.includeOutputs ?? true);
  const snap = await takeSnapshot(scope.homeDir, b.path, scope.includeOutputs);
  const token = newShareToken();
  const row = await s.db.share.create({
    data: {
      id: newId(),
      tokenHash: hashShareToken(token),
      tokenSealed: s.box.seal(token),
      ownerUserId: principal.userId,
      domainId: b.domainId,
      userProfileName: b.userProfileName,
      path: b.path,
      title: snap.title,
      snapshot: {
        takenAt: new Date().toISOString(),
        notebook: snap.notebook,
      } satisfies StoredSnapshot as unknown as Prisma.InputJsonValue,
      includeOutputs: scope.includeOutputs,
      visibility,
      expiresAt,
    },
    include: withOwner,
  });
  s.logger.info(
    { by: principal.username, shareId: row.id, domainId: b.domainId, profile: b.userProfileName, visibility },
    'notebook shared',
  );
  return { share: view(s, principal, row) };
}

async function listShares(c: RestContext) {
  const s = c.services;
  const principal = c.principal!;
  const q = c.query as {
    all?: string;
    domainId?: string;
    userProfileName?: string;
    path?: string;
    includeInactive?: string;
    nextToken?: string;
    maxResults?: number;
  };
  if (q.all === 'true' && !principal.isAdmin) throw accessDenied("Only administrators may list all users' shares");
  const skip = q.nextToken ? Number.parseInt(q.nextToken, 10) : 0;
  if (!Number.isSafeInteger(skip) || skip < 0) throw validation('nextToken is not one this API returned');
  const take = q.maxResults ?? 50;
  const now = new Date();
  const where: Prisma.ShareWhereInput = {
    ...(q.all === 'true' ? {} : { ownerUserId: principal.userId }),
    ...(q.domainId ? { domainId: q.domainId } : {}),
    ...(q.userProfileName ? { userProfileName: q.userProfileName } : {}),
    ...(q.path ? { path: q.path } : {}),
    ...(q.includeInactive === 'true' ? {} : { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }),
  };
  const rows = await s.db.share.findMany({
    where,
    include: withOwner,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip,
    take: take + 1,
  });
  return {
    shares: rows.slice(0, take).map((r) => view(s, principal, r)),
    ...(rows.length > take ? { nextToken: String(skip + take) } : {}),
  };
}

async function getShare(c: RestContext) {
  return { share: view(c.services, c.principal!, await findVisible(c.services, c.principal!, c.params.shareId!)) };
}

/**
 * A fresh snapshot of the notebook as it is now, under the same link: people who have the link
 * see the new content. A revoked link never comes back, so re-sharing a revoked share (or asking
 * for rotateToken) issues a new token and the old link stays dead.
 */
async function reshare(c: RestContext) {
  const s = c.services;
  const principal = c.principal!;
  const b = c.body as ReshareRequest;
  const row = await findVisible(s, principal, c.params.shareId!);
  // The link and snapshot are the owner's; an admin may revoke them but not speak for the owner.
  if (row.ownerUserId !== principal.userId)
    throw accessDenied(`Only ${row.owner.username}, who shared it, may re-share ${row.id}`);
  if (!row.domainId || !row.userProfileName)
    throw validation('This share has no user profile any more to take a snapshot from');
  const visibility = b.visibility ?? (row.visibility === 'Public' ? 'Public' : 'Domain');
  const scope = await sharingScope(
    s,
    principal,
    row.domainId,
    row.userProfileName,
    visibility,
    b.includeOutputs ?? row.includeOutputs,
  );
  const snap = await takeSnapshot(scope.homeDir, row.path, scope.includeOutputs);
  const expiresAt = b.neverExpires ? null : expiryOf(b);
  const token = row.revokedAt || b.rotateToken ? newShareToken() : undefined;
  const updated = await s.db.share.update({
    where: { id: row.id },
    data: {
      title: snap.title,
      snapshot: {
        takenAt: new Date().toISOString(),
        notebook: snap.notebook,
      } satisfies StoredSnapshot as unknown as Prisma.InputJsonValue,
      includeOutputs: scope.includeOutputs,
      visibility,
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(token
        ? {
            tokenHash: hashShareToken(token),
            tokenSealed: s.box.seal(token),
            revokedAt: null,
            viewCount: 0,
            lastViewedAt: null,
          }
        : {}),
    },
    include: withOwner,
  });
  s.logger.info({ by: principal.username, shareId: row.id, newToken: !!token }, 'notebook re-shared');
  return { share: view(s, principal, updated) };
}

async function revokeShare(c: RestContext) {
  const s = c.services;
  const row = await findVisible(s, c.principal!, c.params.shareId!);
  if (row.revokedAt) return;
  // The snapshot goes with the link: a revoked share keeps only its metadata.
  await s.db.share.update({ where: { id: row.id }, data: { revokedAt: new Date(), snapshot: {} } });
  s.logger.info({ by: c.principal!.username, shareId: row.id }, 'share revoked');
}

export const shareHandlers = { createShare, listShares, getShare, reshare, revokeShare };
