// The notebook toolbar's Share dialog: saves the notebook, then creates a read-only link to a
// snapshot of it (outputs or not, an expiry, domain members or anyone), shows the link with a
// Copy button, and lists the notebook's live links to copy, refresh or revoke.
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';
import type { CreateShareRequest, ListSharesResponse, ShareResponse, ShareView } from '@tessera/contracts';
import { requestJson, StudioApiError } from '../api-error.ts';
import { h, relativeTime } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';

const EXPIRY_CHOICES: [string, number | undefined][] = [
  ['Never', undefined],
  ['1 day', 1],
  ['7 days', 7],
  ['30 days', 30],
  ['90 days', 90],
];

/** The link as this browser reaches the server (the server's idea of its URL may differ behind a proxy). */
const linkOf = (share: ShareView) => (share.url ? `${location.origin}${new URL(share.url).pathname}` : '');
const message = (err: unknown) =>
  err instanceof StudioApiError ? err.message : String((err as Error)?.message ?? err);

async function copyText(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (no focus or permission): the old way still works in most browsers.
    const area = h('textarea', { value: text });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const label = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => (button.textContent = label), 1500);
}

function linkRow(url: string): HTMLElement {
  const input = h('input', {
    className: 'tessera-ShareLink-url jp-mod-styled',
    value: url,
    readOnly: true,
    onfocus: (e: Event) => (e.target as HTMLInputElement).select(),
  });
  const button = h(
    'button',
    { className: 'jp-mod-styled jp-mod-accept tessera-ShareLink-copy', type: 'button' },
    'Copy',
  );
  button.addEventListener('click', () => void copyText(url, button));
  return h('div', { className: 'tessera-ShareLink' }, input, button);
}

class ShareBody extends Widget {
  private readonly includeOutputs = h('input', {
    type: 'checkbox',
    checked: true,
    name: 'includeOutputs',
    id: 'tessera-share-outputs',
  });
  private readonly expiry = h(
    'select',
    { className: 'jp-mod-styled', name: 'expiry', id: 'tessera-share-expiry' },
    EXPIRY_CHOICES.map(([label], i) => h('option', { value: String(i) }, label)),
  );
  private readonly visibility = h(
    'select',
    { className: 'jp-mod-styled', name: 'visibility', id: 'tessera-share-visibility' },
    h('option', { value: 'Domain' }, 'Signed-in users of this domain'),
    h('option', { value: 'Public' }, 'Anyone with the link'),
  );
  private readonly createButton = h(
    'button',
    { className: 'jp-mod-styled jp-mod-accept', type: 'button' },
    'Create link',
  );
  private readonly result = h('div', { className: 'tessera-ShareResult', 'aria-live': 'polite' });
  private readonly list = h('ul', { className: 'tessera-ShareList' });

  constructor(
    private readonly studio: IStudioContext,
    private readonly path: string,
  ) {
    super();
    this.addClass('tessera-ShareDialog');
    this.createButton.addEventListener('click', () => void this.create());
    this.node.append(
      h(
        'p',
        { className: 'tessera-Muted' },
        'A read-only snapshot of ',
        h('code', {}, path),
        ' as saved now. Viewers see it without a kernel and cannot change it.',
      ),
      h(
        'div',
        { className: 'tessera-ShareForm' },
        h('label', { for: 'tessera-share-outputs' }, 'Outputs'),
        h('label', {}, this.includeOutputs, 'Include outputs (plots, tables, printed text)'),
        h('label', { for: 'tessera-share-expiry' }, 'Expires'),
        this.expiry,
        h('label', { for: 'tessera-share-visibility' }, 'Who can open it'),
        this.visibility,
        this.createButton,
      ),
      this.result,
      h('h3', {}, 'Links to this notebook'),
      this.list,
    );
    void this.refresh();
  }

  private async create(): Promise<void> {
    this.createButton.disabled = true;
    this.result.replaceChildren(h('span', { className: 'tessera-Muted' }, 'Taking a snapshot…'));
    const days = EXPIRY_CHOICES[Number(this.expiry.value)]?.[1];
    const body: CreateShareRequest = {
      domainId: this.studio.scope.domainId,
      userProfileName: this.studio.scope.userProfileName,
      path: this.path,
      includeOutputs: this.includeOutputs.checked,
      visibility: this.visibility.value === 'Public' ? 'Public' : 'Domain',
      ...(days ? { expiresInDays: days } : {}),
    };
    try {
      const { share } = await requestJson<ShareResponse>('/api/v1/shares', { method: 'POST', body });
      this.result.replaceChildren(
        h(
          'div',
          { className: 'tessera-Success' },
          'Link created. Anyone you give it to ',
          share.visibility === 'Public'
            ? 'can open it without an account.'
            : 'must sign in with a profile in this domain.',
        ),
        linkRow(linkOf(share)),
      );
      if (body.includeOutputs && !share.includeOutputs) {
        this.result.append(
          h(
            'div',
            { className: 'tessera-Muted' },
            'Outputs were left out: your administrator disabled sharing notebook outputs.',
          ),
        );
      }
      await this.refresh();
    } catch (err) {
      this.result.replaceChildren(h('div', { className: 'tessera-Error' }, message(err)));
    } finally {
      this.createButton.disabled = false;
    }
  }

  private async refresh(): Promise<void> {
    const q = new URLSearchParams({
      domainId: this.studio.scope.domainId,
      userProfileName: this.studio.scope.userProfileName,
      path: this.path,
      maxResults: '100',
    });
    try {
      const { shares } = await requestJson<ListSharesResponse>(`/api/v1/shares?${q}`);
      this.list.replaceChildren(
        ...(shares.length
          ? shares.map((s) => this.item(s))
          : [h('li', { className: 'tessera-Muted' }, 'No links yet.')]),
      );
    } catch (err) {
      this.list.replaceChildren(h('li', { className: 'tessera-Error' }, message(err)));
    }
  }

  private item(share: ShareView): HTMLElement {
    const revoke = h(
      'button',
      { className: 'jp-mod-styled jp-mod-warn', type: 'button', title: 'The link stops working at once' },
      'Revoke',
    );
    const reshare = h(
      'button',
      { className: 'jp-mod-styled', type: 'button', title: "Update the link's snapshot to the notebook as saved now" },
      'Update snapshot',
    );
    const row = h(
      'li',
      { className: 'tessera-ShareItem', dataset: { shareId: share.shareId } },
      h(
        'div',
        { className: 'tessera-ShareItem-meta' },
        h(
          'span',
          { className: 'tessera-Badge', dataset: { kind: share.visibility === 'Public' ? 'changed' : 'added' } },
          share.visibility === 'Public' ? 'public' : 'domain',
        ),
        ` snapshot ${relativeTime(share.snapshotAt)}`,
        share.includeOutputs ? '' : ' · no outputs',
        share.expiresAt ? ` · expires ${new Date(share.expiresAt).toLocaleDateString()}` : '',
        ` · ${share.viewCount} view${share.viewCount === 1 ? '' : 's'}`,
      ),
      linkRow(linkOf(share)),
      h('div', { className: 'tessera-ShareItem-actions' }, reshare, revoke),
    );
    const act = async (button: HTMLButtonElement, run: () => Promise<unknown>) => {
      button.disabled = true;
      try {
        await run();
        await this.refresh();
      } catch (err) {
        row.append(h('div', { className: 'tessera-Error' }, message(err)));
        button.disabled = false;
      }
    };
    revoke.addEventListener(
      'click',
      () =>
        void act(revoke, () =>
          requestJson(`/api/v1/shares/${encodeURIComponent(share.shareId)}`, { method: 'DELETE' }),
        ),
    );
    reshare.addEventListener(
      'click',
      () =>
        void act(reshare, () =>
          requestJson(`/api/v1/shares/${encodeURIComponent(share.shareId)}/reshare`, { method: 'POST', body: {} }),
        ),
    );
    return row;
  }
}

export async function showShareDialog(studio: IStudioContext, panel: NotebookPanel): Promise<void> {
  // The snapshot is read from the file, so what the user sees must be on disk first.
  if (panel.context.model.dirty || !panel.context.isReady) {
    await panel.context.ready;
    await panel.context.save();
  }
  await showDialog({
    title: `Share ${panel.context.localPath.split('/').pop()}`,
    body: new ShareBody(studio, panel.context.localPath),
    buttons: [Dialog.okButton({ label: 'Close' })],
  });
}
