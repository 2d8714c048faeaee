// The console's building blocks: page header, panels, tables, form fields, buttons, status
// badges, error and notice boxes, a once-only secret box and a confirmation dialog.
import { cloneElement, useId, useState, type ReactElement, type ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="c-page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="c-muted">{description}</p>}
      </div>
      {actions && <div className="c-actions">{actions}</div>}
    </header>
  );
}

export function Panel({
  title,
  actions,
  children,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="c-panel" id={id} aria-label={typeof title === 'string' ? title : undefined}>
      {(title || actions) && (
        <div className="c-panel-head">
          {title && <h2>{title}</h2>}
          {actions && <div className="c-actions">{actions}</div>}
        </div>
      )}
      <div className="c-panel-body">{children}</div>
    </section>
  );
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'right';
}

export function Table<T>({
  columns,
  rows,
  rowKey,
  empty,
  label,
}: {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  empty: string;
  label: string;
}) {
  return (
    <div className="c-table-wrap">
      <table className="c-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} className={c.align === 'right' ? 'c-right' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows === undefined ? (
            <tr>
              <td colSpan={columns.length} className="c-muted">
                Loading…
              </td>
            </tr>
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="c-muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.header} className={c.align === 'right' ? 'c-right' : undefined}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A labelled control; the label names only the control (not its options or hint). */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
}) {
  const id = useId();
  return (
    <div className={`c-field${error ? ' c-invalid' : ''}`}>
      <label className="c-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, {
        id,
        'aria-invalid': !!error || undefined,
        'aria-describedby': error || hint ? `${id}-note` : undefined,
      })}
      {error ? (
        <span className="c-field-error" id={`${id}-note`}>
          {error}
        </span>
      ) : hint ? (
        <span className="c-hint" id={`${id}-note`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type ButtonProps = {
  kind?: 'primary' | 'normal' | 'danger' | 'link';
  busy?: boolean;
} & React.ButtonHTMLAttributes<HTMLButtonElement>;
export function Button({ kind = 'normal', busy, children, disabled, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} className={`c-btn c-btn-${kind}`} disabled={disabled || busy} {...rest}>
      {busy ? '…' : children}
    </button>
  );
}

const STATUS_TONE: Record<string, string> = {
  InService: 'ok',
  Active: 'ok',
  Completed: 'ok',
  Enabled: 'ok',
  Admin: 'info',
  Pending: 'progress',
  InProgress: 'progress',
  Creating: 'progress',
  Updating: 'progress',
  Stopping: 'progress',
  Deleting: 'progress',
  Failed: 'bad',
  Delete_Failed: 'bad',
  Update_Failed: 'bad',
  Disabled: 'bad',
  Stopped: 'muted',
  Deleted: 'muted',
};
export function Status({ value }: { value: string }) {
  return <span className={`c-status c-status-${STATUS_TONE[value] ?? 'muted'}`}>{value.replace('_', ' ')}</span>;
}

export function ErrorBox({ message }: { message?: string }) {
  return message ? (
    <div className="c-alert c-alert-error" role="alert">
      {message}
    </div>
  ) : null;
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return <div className={`c-alert c-alert-${tone}`}>{children}</div>;
}

/** A secret or one-time link: shown once, with a copy button and the warning that goes with it. */
export function SecretBox({ label, value, onDismiss }: { label: string; value: string; onDismiss?: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="c-secret" role="status">
      <div className="c-secret-head">
        <strong>{label}</strong>
        <span className="c-warn-text">Shown only once — copy it now and hand it over securely.</span>
      </div>
      <div className="c-secret-row">
        <code data-testid="secret-value">{value}</code>
        <Button
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        {onDismiss && (
          <Button kind="link" onClick={onDismiss}>
            Done
          </Button>
        )}
      </div>
    </div>
  );
}

/** A modal asking to confirm a destructive action; the action's error stays inside the dialog. */
export function Confirm({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  error,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string;
}) {
  return (
    <div className="c-modal-backdrop">
      <div className="c-modal" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        <div className="c-modal-body">{children}</div>
        <ErrorBox message={error} />
        <div className="c-modal-actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button kind="danger" busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}

export const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function since(iso: string) {
  const s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${Math.round(s / 86400)} d`;
}
