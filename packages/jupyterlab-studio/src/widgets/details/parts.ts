// Small pieces the detail views share: a section, a key/value table, a status badge, s3 links.
import { h } from '../../dom.ts';

export function section(title: string, ...children: (Node | string | null | undefined | false)[]): HTMLElement {
  return h('section', { className: 'tessera-Detail-section' }, h('h3', {}, title), ...children);
}

/** Why a resource failed, as SageMaker words it; nothing when it did not. */
export function failureSection(reason: string | undefined): HTMLElement[] {
  return reason
    ? [section('Failure reason', h('div', { className: 'tessera-Error tessera-FailureReason' }, reason))]
    : [];
}

export function status(s: string | undefined): HTMLElement {
  return h('span', { className: 'tessera-Status', dataset: { status: s ?? '' } }, s ?? '');
}

/** Rows of [name, value]; values may be elements. Nothing when there are none. */
export function table(rows: [string, Node | string | number | undefined][], empty?: string): HTMLElement | null {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '');
  if (!shown.length) return empty ? h('p', { className: 'tessera-Muted' }, empty) : null;
  return h(
    'table',
    { className: 'tessera-Detail-table' },
    h(
      'tbody',
      {},
      shown.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, typeof v === 'number' ? String(v) : v))),
    ),
  );
}

/** An s3:// URI, shown as it is (the object store is reached with the user's own SDK or console). */
export const s3Uri = (uri: string | undefined) => (uri ? h('code', { className: 'tessera-S3Uri' }, uri) : undefined);

/** SageMaker's times arrive as epoch seconds (AWS JSON); ISO strings are taken too. */
export const epochMs = (t: Date | string | number) =>
  typeof t === 'number' ? (t < 1e12 ? t * 1000 : t) : new Date(t).getTime();

export const time = (t: Date | string | number | undefined) =>
  t === undefined ? undefined : new Date(epochMs(t)).toLocaleString();

/**
 * A SageMaker description as the views read it: many optional, nested fields that are shown as
 * they come (the shapes themselves are checked on the server, by the operation's own schema).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Described = Record<string, any>;

/** A row of tabs; the chosen one is marked, choosing another calls `choose`. */
export function tabs(names: string[], chosen: string, choose: (name: string) => void): HTMLElement {
  return h(
    'div',
    { className: 'tessera-Tabs', role: 'tablist' },
    names.map((n) =>
      h(
        'button',
        { className: 'tessera-Tab', role: 'tab', 'aria-selected': String(n === chosen), onclick: () => choose(n) },
        n,
      ),
    ),
  );
}
