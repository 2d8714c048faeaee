// A share row as the API shows it. The link (with its token) is shown to the owner only, and
// never again once revoked.
import type { ShareStatus, ShareView } from '@tessera/contracts';
import type { Share } from '@tessera/db';
import type { SecretBox } from '../../platform/identity/secret-box.ts';
import type { Notebook } from './notebook-format.ts';

/** What the snapshot column holds. */
export interface StoredSnapshot {
  takenAt: string;
  notebook: Notebook;
}

export const sharePath = (token: string) => `/share/${token}`;

export function shareStatus(row: Pick<Share, 'revokedAt' | 'expiresAt'>, now = Date.now()): ShareStatus {
  if (row.revokedAt) return 'Revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now) return 'Expired';
  return 'Active';
}

export function shareView(
  row: Share & { owner: { username: string } },
  viewer: { userId: string },
  deps: { box: SecretBox; publicUrl: string },
): ShareView {
  const status = shareStatus(row);
  const mine = row.ownerUserId === viewer.userId;
  const token = mine && status !== 'Revoked' && row.tokenSealed ? deps.box.open(row.tokenSealed) : undefined;
  return {
    shareId: row.id,
    url: token ? `${deps.publicUrl.replace(/\/$/, '')}${sharePath(token)}` : null,
    ownerUsername: row.owner.username,
    domainId: row.domainId,
    userProfileName: row.userProfileName,
    path: row.path,
    title: row.title,
    includeOutputs: row.includeOutputs,
    visibility: row.visibility === 'Public' ? 'Public' : 'Domain',
    status,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    viewCount: row.viewCount,
    lastViewedAt: row.lastViewedAt?.toISOString() ?? null,
    snapshotAt: (row.snapshot as unknown as Partial<StoredSnapshot>)?.takenAt ?? row.createdAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
