// The body of /share/<token>: title, who shared it and when, the copy form for signed-in users
// (a plain form post; the page has no script), and the rendered snapshot.
import type { Share } from '@tessera/db';
import { escapeHtml } from './render/escape.ts';
import { viewerPage } from './render/viewer-page.ts';
import type { StoredSnapshot } from '../../resources/shares/share-view.ts';

const when = (iso: string | Date) => {
  const d = new Date(iso);
  return `<time datetime="${d.toISOString()}">${d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;
};

export interface PageViewer {
  signedIn: boolean;
  /** The viewer's own profiles a copy may go to: "domainId/profileName" with a label. */
  profiles: { value: string; label: string }[];
}

/** `notebookHtml` is the snapshot as renderNotebook makes it (rendered off the server's thread). */
export function sharePage(
  row: Share & { owner: { username: string; displayName: string | null } },
  token: string,
  viewer: PageViewer,
  notebookHtml: string,
): string {
  const snap = row.snapshot as unknown as StoredSnapshot;
  const loginNext = encodeURIComponent(`/share/${token}`);
  let copy: string;
  if (!viewer.signedIn) {
    copy = `<div class="t-copy"><a href="/login?next=${loginNext}">Sign in to copy it to your Studio</a></div>`;
  } else if (!viewer.profiles.length) {
    copy = '<div class="t-copy t-meta">You have no user profile to copy it into.</div>';
  } else {
    const options = viewer.profiles
      .map((p) => `<option value="${escapeHtml(p.value)}">${escapeHtml(p.label)}</option>`)
      .join('');
    copy =
      `<form class="t-copy" method="post" action="/share/${token}/copy">
<select id="t-profile" name="profile" aria-label="Copy into user profile"` +
      `${viewer.profiles.length === 1 ? ' hidden' : ''}>${options}</select>
<button type="submit">Copy to my Studio</button></form>`;
  }
  const owner = row.owner.displayName ? `${row.owner.displayName} (${row.owner.username})` : row.owner.username;
  const meta = [
    `<span>Shared by <strong>${escapeHtml(owner)}</strong></span>`,
    `<span>Snapshot ${when(snap.takenAt)}</span>`,
    `<span><code>${escapeHtml(row.path)}</code></span>`,
    row.includeOutputs ? '' : '<span>Outputs not included</span>',
    row.expiresAt ? `<span>Link expires ${when(row.expiresAt)}</span>` : '',
  ].filter(Boolean);
  const body =
    `<main class="t-viewer">
<div class="t-doc-head"><div><h1>${escapeHtml(row.title || row.path)}</h1>` +
    `<div class="t-meta">${meta.join('')}</div></div>${copy}</div>
<article class="t-notebook" aria-label="Notebook">${notebookHtml}</article>
<p class="t-foot">A read-only snapshot: nothing on this page runs code or changes the notebook.</p>
</main>`;
  const bar =
    '<span class="t-badge">Read-only</span>' +
    `${viewer.signedIn ? '<a href="/studio">Open Studio</a>' : `<a href="/login?next=${loginNext}">Sign in</a>`}`;
  return viewerPage(`${row.title || row.path} · Tessera`, body, bar);
}
