// GET /studio: the page that hosts Studio. The bundle's entry (apps/studio/src/index.ts) opens
// the user's JupyterServer app, shows its progress and then starts JupyterLab in this page.
import { page, topBar } from '../web/brand.ts';

export function bootPage(): string {
  return page(
    'Tessera Studio',
    `<div id="tessera-boot">${topBar('Studio')}<main class="t-center"><div class="t-card">` +
      `<h1>Starting your Studio…</h1><p>Loading</p></div></main></div>
<script src="/studio/static/studio.js"></script>`,
  );
}

export function notBuiltPage(): string {
  return page(
    'Tessera Studio',
    `${topBar('Studio')}<main class="t-center"><div class="t-card"><h1>Studio is not built</h1>
<p>This server has no Studio bundle. Build it with <code>pnpm --filter @tessera/studio build</code> ` +
      `(scripts/install.sh does) and reload.</p></div></main>`,
  );
}
