// Quick start: a domain with sensible defaults and its first users in one form. Invite links
// come back once and are shown with a copy button.
import { useState } from 'react';
import { api } from '../api.ts';
import { Link } from '../App.tsx';
import { useAction } from '../components/hooks.ts';
import { Button, ErrorBox, Field, Notice, PageHeader, Panel, SecretBox } from '../components/ui.tsx';
import { ImageSelect, InstanceTypeSelect } from '../components/selects.tsx';
import type { QuickStartRequest, QuickStartResponse } from '../types.ts';
import { ENTITY_NAME, USERNAME } from '../validation.ts';

interface Row {
  username: string;
  email: string;
  profileName: string;
}
const emptyRow = (): Row => ({ username: '', email: '', profileName: '' });

export function QuickStartPage() {
  const [domainName, setDomainName] = useState('');
  const [authMode, setAuthMode] = useState<'IAM' | 'SSO'>('IAM');
  const [instanceType, setInstanceType] = useState('ml.t3.medium');
  const [image, setImage] = useState('datascience');
  const [allowPublicShares, setAllowPublicShares] = useState(true);
  const [notebookOutputs, setNotebookOutputs] = useState(true);
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<QuickStartResponse>();
  const action = useAction();

  const errors = {
    domainName: !domainName
      ? 'Required'
      : ENTITY_NAME.test(domainName)
        ? undefined
        : 'Letters, digits and hyphens; starts and ends with a letter or digit; at most 63',
    rows: rows.map((r, i) => ({
      username: !r.username
        ? rows.length > 1 || i > 0
          ? 'Required (or remove the row)'
          : undefined
        : !USERNAME.test(r.username)
          ? 'Letters, digits and . _ @ - only'
          : rows.findIndex((o) => o.username === r.username) !== i
            ? 'Listed twice'
            : undefined,
      email: r.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(r.email) ? 'Not an email address' : undefined,
      profileName: r.profileName && !ENTITY_NAME.test(r.profileName) ? 'Letters, digits and hyphens only' : undefined,
    })),
  };
  const invalid = !!errors.domainName || errors.rows.some((e) => e.username || e.email || e.profileName);
  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    const body: QuickStartRequest = {
      domainName,
      authMode,
      defaultInstanceType: instanceType,
      defaultImage: image,
      allowPublicShares,
      notebookOutputs,
      users: rows
        .filter((r) => r.username)
        .map((r) => ({
          username: r.username,
          ...(r.email ? { email: r.email } : {}),
          ...(r.profileName ? { profileName: r.profileName } : {}),
        })),
    };
    const out = await action.run(() => api<QuickStartResponse>('POST', '/api/v1/console/quick-start', body));
    if (out) setResult(out);
  }

  if (result) {
    return (
      <>
        <PageHeader title="Quick start" description="Your domain is being set up." />
        <Notice tone="success">
          Domain <strong>{result.domainName}</strong> ({result.domainId}) was created with {result.users.length} user
          profile{result.users.length === 1 ? '' : 's'}. <Link to={`/domains/${result.domainId}`}>Open the domain</Link>
        </Notice>
        {result.users.map((u) => (
          <Panel key={u.username} title={`${u.username} → profile ${u.userProfileName}`}>
            {u.inviteUrl ? (
              <SecretBox
                label={
                  `Invitation link for ${u.username} (valid until ` +
                  `${new Date(u.inviteExpiresAt!).toLocaleString()})`
                }
                value={u.inviteUrl}
              />
            ) : (
              <p className="c-muted">{u.username} already had an account; they sign in as before.</p>
            )}
          </Panel>
        ))}
        <Button
          kind="primary"
          onClick={() => {
            setResult(undefined);
            setDomainName('');
            setRows([emptyRow()]);
            setTouched(false);
          }}
        >
          Start another
        </Button>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Quick start"
        description={
          'Create a domain with sensible defaults and onboard its first users in one step. ' +
          'Each user gets a user profile of their own and a one-time invitation link.'
        }
      />
      <form onSubmit={submit} noValidate aria-label="Quick start">
        <Panel title="Domain">
          <div className="c-grid">
            <Field label="Domain name" error={touched ? errors.domainName : undefined} hint="e.g. data-science">
              <input
                name="domainName"
                value={domainName}
                onChange={(e) => setDomainName(e.target.value)}
                placeholder="data-science"
              />
            </Field>
            <Field
              label="Authentication"
              hint={
                authMode === 'IAM'
                  ? 'Users sign in with a Tessera password (invitation link).'
                  : 'Members sign in through your OpenID Connect provider (set it on the domain page).'
              }
            >
              <div className="c-segmented" role="radiogroup">
                {(['IAM', 'SSO'] as const).map((m) => (
                  <label key={m} className={authMode === m ? 'c-active' : ''}>
                    <input
                      type="radio"
                      name="authMode"
                      value={m}
                      checked={authMode === m}
                      onChange={() => setAuthMode(m)}
                    />
                    {m === 'IAM' ? 'IAM (passwords)' : 'SSO (OpenID Connect)'}
                  </label>
                ))}
              </div>
            </Field>
            <Field label="Default kernel instance type" hint="Studio itself runs on the shared system instance.">
              <InstanceTypeSelect name="instanceType" value={instanceType} onChange={setInstanceType} />
            </Field>
            <Field label="Default image">
              <ImageSelect name="image" value={image} onChange={setImage} />
            </Field>
          </div>
          <div className="c-checks">
            <label className="c-check">
              <input
                type="checkbox"
                name="allowPublicShares"
                checked={allowPublicShares}
                onChange={(e) => setAllowPublicShares(e.target.checked)}
              />
              Allow public read-only notebook links
            </label>
            <label className="c-check">
              <input
                type="checkbox"
                name="notebookOutputs"
                checked={notebookOutputs}
                onChange={(e) => setNotebookOutputs(e.target.checked)}
              />
              Include cell outputs when notebooks are shared
            </label>
          </div>
        </Panel>
        <Panel title="First users" actions={<Button onClick={() => setRows([...rows, emptyRow()])}>Add user</Button>}>
          <table className="c-table c-form-table" aria-label="First users">
            <thead>
              <tr>
                <th>Username</th>
                <th>Email (optional)</th>
                <th>User profile name (optional)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const e: { username?: string; email?: string; profileName?: string } = touched ? errors.rows[i]! : {};
                return (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={`Username ${i + 1}`}
                        value={r.username}
                        onChange={(ev) => set(i, { username: ev.target.value })}
                        placeholder="alice"
                        className={e.username ? 'c-bad' : ''}
                      />
                      {e.username && <span className="c-field-error">{e.username}</span>}
                    </td>
                    <td>
                      <input
                        aria-label={`Email ${i + 1}`}
                        value={r.email}
                        onChange={(ev) => set(i, { email: ev.target.value })}
                        placeholder="alice@example.com"
                        className={e.email ? 'c-bad' : ''}
                      />
                      {e.email && <span className="c-field-error">{e.email}</span>}
                    </td>
                    <td>
                      <input
                        aria-label={`Profile ${i + 1}`}
                        value={r.profileName}
                        onChange={(ev) => set(i, { profileName: ev.target.value })}
                        placeholder={r.username.replace(/[^a-zA-Z0-9-]/g, '-') || 'same as username'}
                        className={e.profileName ? 'c-bad' : ''}
                      />
                      {e.profileName && <span className="c-field-error">{e.profileName}</span>}
                    </td>
                    <td className="c-right">
                      {rows.length > 1 && (
                        <Button kind="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                          Remove
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Panel>
        <ErrorBox message={action.error} />
        <div className="c-form-actions">
          <Button kind="primary" type="submit" busy={action.busy}>
            Create domain and users
          </Button>
        </div>
      </form>
    </>
  );
}
