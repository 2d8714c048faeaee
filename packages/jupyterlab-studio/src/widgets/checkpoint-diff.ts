// "Compare with checkpoint": the notebook as it is in the editor against the last checkpoint
// Jupyter kept (or, when it has none, against the file as last saved), changed cells only.
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import { h, relativeTime } from '../dom.ts';
import { cellsOf, diffNotebooks, type CellChange } from '../notebook-diff.ts';
import type { IStudioContext } from '../tokens.ts';

export async function showCheckpointDiff(
  studio: IStudioContext,
  panel: NotebookPanel,
  contents: Contents.IManager,
): Promise<void> {
  const path = panel.context.path;
  const current = panel.context.model.toJSON();
  let baseline: unknown;
  let label: string;
  const checkpoint = await studio.client.checkpoint(path).catch(() => ({ checkpoint: null }));
  if (checkpoint.checkpoint?.content) {
    baseline = checkpoint.checkpoint.content;
    label = `last checkpoint (${relativeTime(checkpoint.checkpoint.lastModified)})`;
  } else {
    const saved = await contents.get(path, { content: true, type: 'notebook' });
    baseline = saved.content;
    label = `last save (${relativeTime(saved.last_modified)}) — no checkpoint yet`;
  }
  const changes = diffNotebooks(cellsOf(baseline), cellsOf(current)).filter((c) => c.kind !== 'unchanged');
  const body = new Widget({ node: render(changes, label) });
  body.addClass('tessera-CheckpointDiff');
  await showDialog({
    title: `Changes since the ${label.split(' (')[0]}`,
    body,
    buttons: [Dialog.okButton({ label: 'Close' })],
  });
}

function render(changes: CellChange[], label: string): HTMLElement {
  if (!changes.length) return h('div', {}, h('p', {}, `No cell differs from the ${label}.`));
  const count = (k: CellChange['kind']) => changes.filter((c) => c.kind === k).length;
  return h(
    'div',
    {},
    h(
      'p',
      { className: 'tessera-Muted' },
      `Compared with the ${label}: ${count('changed')} changed, ${count('added')} added, ${count('removed')} removed.`,
    ),
    changes.map((c) => {
      const cell = c.kind === 'removed' ? c.before : c.after;
      const lines =
        c.kind === 'changed'
          ? c.lines
          : cell.source
              .split('\n')
              .map((text) => ({ kind: c.kind === 'added' ? ('+' as const) : ('-' as const), text }));
      return h(
        'section',
        { className: 'tessera-CellChange', dataset: { kind: c.kind } },
        h(
          'header',
          {},
          h('span', { className: 'tessera-Badge', dataset: { kind: c.kind } }, c.kind),
          ` ${cell.cell_type} cell`,
        ),
        h(
          'pre',
          {},
          lines.map((l) =>
            h(
              'div',
              {
                className: 'tessera-DiffLine',
                dataset: { kind: l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : 'ctx' },
              },
              `${l.kind} ${l.text}`,
            ),
          ),
        ),
      );
    }),
  );
}
