// Users (create, open) and groups (create, members, delete).
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { Link } from '../App.tsx';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, ErrorBox, Field, PageHeader, Panel, SecretBox, Status, Table, when } from '../components/ui.tsx';
import type { User } from '../types.ts';
import { USERNAME } from '../validation.ts';
import { Groups } from './Groups.tsx';

export function UsersPage() {
  const users = useLoad(() => api<{ users: User[] }>('GET', '/api/v1/users'), []);
  return (
    <>
      <PageHeader
        title="Users & groups"
        description="People who sign in to Studio and this console, and the groups quotas can be set for."
      />
      <ErrorBox message={users.error} />
      <Panel title="Users">
        <Table
          label="Users"
          rows={users.data?.users}
          rowKey={(u) => u.id}
          empty="No users."
          columns={[
            {
              header: 'Username',
              cell: (u) => <Link to={`/users/${encodeURIComponent(u.username)}`}>{u.username}</Link>,
            },
            { header: 'Name', cell: (u) => u.displayName ?? <span className="c-muted">—</span> },
            { header: 'Email', cell: (u) => u.email ?? <span className="c-muted">—</span> },
            { header: 'Role', cell: (u) => (u.isAdmin ? <Status value="Admin" /> : 'User') },
            { header: 'Status', cell: (u) => <Status value={u.disabled ? 'Disabled' : 'Active'} /> },
            { header: 'Created', cell: (u) => when(u.createdAt) },
          ]}
        />
        <CreateUser onCreated={() => void users.reload()} />
      </Panel>
      <Groups users={users.data?.users ?? []} />
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [f, setF] = useState({ username: '', displayName: '', email: '', password: '', isAdmin: false });
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<string>();
  const [invite, setInvite] = useState<{ label: string; url: string }>();
  const action = useAction();
  const errors = {
    username: !f.username ? 'Required' : USERNAME.test(f.username) ? undefined : 'Letters, digits and . _ @ - only',
    email: f.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email) ? 'Not an email address' : undefined,
    password:
      f.password && f.password.length < 12 ? 'At least 12 characters, or none to send an invitation' : undefined,
  };
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    setCreated(undefined);
    setInvite(undefined);
    if (errors.username || errors.email || errors.password) return;
    const out = await action.run(() =>
      api<{ user: User }>('POST', '/api/v1/users', {
        username: f.username,
        ...(f.password ? { password: f.password } : {}),
        ...(f.displayName ? { displayName: f.displayName } : {}),
        ...(f.email ? { email: f.email } : {}),
        isAdmin: f.isAdmin,
      }),
    );
    if (out) {
      // Without a password the user chooses one through a one-time invitation link.
      if (!f.password) {
        const link = await action.run(() =>
          api<{ url: string; expiresAt: string }>('POST', `/api/v1/users/${enc(out.user.username)}/invite`),
        );
        if (link)
          setInvite({
            label:
              `Invitation link for ${out.user.username} (valid until ` +
              `${new Date(link.expiresAt).toLocaleString()})`,
            url: link.url,
          });
      }
      setCreated(out.user.username);
      setF({ username: '', displayName: '', email: '', password: '', isAdmin: false });
      setTouched(false);
      onCreated();
    }
  }
  const set = (k: 'username' | 'displayName' | 'email' | 'password') => (e: React.ChangeEvent<HTMLInputElement>) =>
    setF({ ...f, [k]: e.target.value });
  return (
    <form onSubmit={submit} aria-label="Create user" className="c-subform">
      <h3>Create a user</h3>
      <div className="c-grid">
        <Field label="Username" error={touched ? errors.username : undefined}>
          <input name="username" value={f.username} onChange={set('username')} autoComplete="off" />
        </Field>
        <Field label="Display name">
          <input name="displayName" value={f.displayName} onChange={set('displayName')} />
        </Field>
        <Field label="Email" error={touched ? errors.email : undefined}>
          <input name="email" value={f.email} onChange={set('email')} />
        </Field>
        <Field
          label="Initial password"
          error={touched ? errors.password : undefined}
          hint="Optional. Leave it empty to get a one-time invitation link with which the user chooses their own."
        >
          <input
            name="password"
            type="password"
            value={f.password}
            onChange={set('password')}
            autoComplete="new-password"
          />
        </Field>
      </div>
      <label className="c-check">
        <input
          type="checkbox"
          checked={f.isAdmin}
          onChange={(e) => setF({ ...f, isAdmin: e.target.checked })}
          name="isAdmin"
        />
        Administrator (may use this console)
      </label>
      <ErrorBox message={action.error} />
      {invite && <SecretBox label={invite.label} value={invite.url} onDismiss={() => setInvite(undefined)} />}
      {created && (
        <div className="c-alert c-alert-success">
          User {created} was created. <Link to={`/users/${encodeURIComponent(created)}`}>Open {created}</Link> to map
          them to a user profile, add them to groups or issue keys.
        </div>
      )}
      <div className="c-form-actions">
        <Button type="submit" kind="primary" busy={action.busy}>
          Create user
        </Button>
      </div>
    </form>
  );
}
