// Studio's entry (the page is served by apps/server/src/studio-ui): open the user's Studio —
// POST /api/v1/studio/open creates the JupyterServer app when missing and is polled until it
// is InService — then write the page config and start JupyterLab (a separate chunk).
import { openStudio, type StudioScope } from '@tessera/jupyterlab-studio/rest';
import type { StudioApiError } from '@tessera/jupyterlab-studio/rest';
import { BootScreen } from './boot-screen.ts';
import { profilesIn } from './profiles-in.ts';
import { writePageConfig } from './page-config.ts';
import './boot.css';

const POLL_MS = 700;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const STATUS_TEXT: Record<string, string> = {
  Pending: 'Your JupyterServer app is starting (Pending)…',
  InService: 'Your JupyterServer app is InService. Loading JupyterLab…',
  Deleting: 'Your previous JupyterServer app is stopping (Deleting)…',
  Deleted: 'Creating a new JupyterServer app…',
};

async function boot(screen: BootScreen, scope: Partial<StudioScope>): Promise<void> {
  screen.progress('Starting your Studio…', 'Contacting Tessera…', 0);
  for (let step = 0; ; step++) {
    let opened;
    try {
      opened = await openStudio(scope);
    } catch (e) {
      const err = e as StudioApiError;
      if (err.status === 401)
        return location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      const profiles = err.code === 'ValidationException' ? profilesIn(err.message) : [];
      if (profiles.length) {
        return screen.chooseProfile(profiles, (p) => {
          history.replaceState(
            null,
            '',
            `/studio?domain=${encodeURIComponent(p.domainId)}&profile=${encodeURIComponent(p.userProfileName)}`,
          );
          void boot(screen, p);
        });
      }
      return screen.failed('Studio cannot open', err.message, () => void boot(screen, scope));
    }
    const { Status, FailureReason } = opened.App;
    if (Status === 'Failed') {
      return screen.failed(
        'Your Studio failed to start',
        FailureReason ?? 'The JupyterServer app failed without a reason.',
        () => void boot(screen, scope),
      );
    }
    screen.progress('Starting your Studio…', STATUS_TEXT[Status] ?? `Status: ${Status}`, step);
    if (Status === 'InService') {
      writePageConfig(opened);
      const { startLab } = await import(/* webpackChunkName: "lab" */ './lab.ts');
      await startLab();
      screen.remove();
      return;
    }
    await sleep(POLL_MS);
  }
}

const root = document.getElementById('tessera-boot') ?? document.body.appendChild(document.createElement('div'));
const params = new URLSearchParams(location.search);
const scope =
  params.get('domain') && params.get('profile')
    ? { domainId: params.get('domain')!, userProfileName: params.get('profile')! }
    : {};
// Download the JupyterLab chunk while the app starts: prefetch.ts shares its chunk name, so
// loading it fetches lab.ts's modules without evaluating them (that waits for the page config).
void import(/* webpackChunkName: "lab" */ './prefetch.ts');
void boot(new BootScreen(root), scope).catch((err) =>
  new BootScreen(root).failed('Studio failed to load', String(err?.stack ?? err)),
);
