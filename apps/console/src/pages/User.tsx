// One user: details, role, disable/enable, one-time links (invite, password reset), access keys
// (the secret shown once), groups, and deletion.
import { useEffect, useState } from 'react';
import { api, enc } from '../api.ts';
import { Link } from '../App.tsx';
import { useAction, useLoad } from '../components/hooks.ts';
import {
  Button,
  Confirm,
  ErrorBox,
  Field,
  Notice,
  PageHeader,
  Panel,
  SecretBox,
  Status,
  Table,
  when,
} from '../components/ui.tsx';
import { navigate } from '../router.ts';
import type { AccessKey, Group, NewAccessKey, OneTimeLink, User } from '../types.ts';

export function UserPage({ username }: { username: string }) {
  const users = useLoad(() => api<{ users: User[] }>('GET', '/api/v1/users'), []);
  const user = users.data?.users.find((u) => u.username === username);
  return (
    <>
      <PageHeader
        title={username}
        description={
          <>
            <Link to="/users">Users & groups</Link> › {username}
          </>
        }
      />
      <ErrorBox message={users.error} />
      {users.data && !user && <Notice tone="warning">There is no user {username}.</Notice>}
      {user && (
        <>
          <Details user={user} onChange={() => void users.reload()} />
          <Links user={user} />
          <AccessKeys user={user} />
          <Memberships user={user} />
          <DeleteUser user={user} />
        </>
      )}
    </>
  );
}

function Details({ user, onChange }: { user: User; onChange: () => void }) {
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [email, setEmail] = useState(user.email ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setDisplayName(user.displayName ?? '');
    setEmail(user.email ?? '');
  }, [user.displayName, user.email]);
  const patch = async (body: Record<string, unknown>) => {
    setSaved(false);
    if (await action.run(() => api('PATCH', `/api/v1/users/${enc(user.username)}`, body))) {
      setSaved(true);
      onChange();
    }
  };
  const emailError = email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? 'Not an email address' : undefined;
  return (
    <Panel
      title="Details"
      actions={
        <>
          <Status value={user.disabled ? 'Disabled' : 'Active'} />
          {user.isAdmin && <Status value="Admin" />}
        </>
      }
    >
      <form
        aria-label="User details"
        onSubmit={(e) => {
          e.preventDefault();
          if (!emailError) void patch({ displayName: displayName || null, email: email || null });
        }}
      >
        <div className="c-grid">
          <Field label="Display name">
            <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </Field>
          <Field label="Email" error={emailError}>
            <input name="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
        </div>
        <ErrorBox message={action.error} />
        {saved && <Notice tone="success">Saved.</Notice>}
        <div className="c-form-actions">
          <Button type="submit" kind="primary" busy={action.busy}>
            Save
          </Button>
          <Button onClick={() => void patch({ isAdmin: !user.isAdmin })}>
            {user.isAdmin ? 'Remove administrator role' : 'Make administrator'}
          </Button>
          <Button kind={user.disabled ? 'normal' : 'danger'} onClick={() => void patch({ disabled: !user.disabled })}>
            {user.disabled ? 'Enable user' : 'Disable user'}
          </Button>
        </div>
        {!user.disabled && (
          <p className="c-hint">Disabling signs the user out everywhere and stops their access keys at once.</p>
        )}
      </form>
    </Panel>
  );
}

function Links({ user }: { user: User }) {
  const [link, setLink] = useState<{ label: string; value: string }>();
  const action = useAction();
  const make = async (kind: 'invite' | 'password-reset') => {
    setLink(undefined);
    const out = await action.run(() => api<OneTimeLink>('POST', `/api/v1/users/${enc(user.username)}/${kind}`, {}));
    if (out)
      setLink({
        label:
          `${kind === 'invite' ? 'Invitation' : 'Password reset'} link for ${user.username} (valid until ` +
          `${new Date(out.expiresAt).toLocaleString()})`,
        value: out.url,
      });
  };
  return (
    <Panel title="Sign-in links">
      <p className="c-muted">
        A one-time link lets {user.username} choose a password. A reset link also signs them out everywhere.
      </p>
      <div className="c-form-actions">
        <Button onClick={() => void make('invite')} busy={action.busy}>
          Create invitation link
        </Button>
        <Button onClick={() => void make('password-reset')} busy={action.busy}>
          Create password-reset link
        </Button>
      </div>
      <ErrorBox message={action.error} />
      {link && <SecretBox label={link.label} value={link.value} onDismiss={() => setLink(undefined)} />}
    </Panel>
  );
}

function AccessKeys({ user }: { user: User }) {
  const base = `/api/v1/users/${enc(user.username)}/access-keys`;
  const keys = useLoad(() => api<{ accessKeys: AccessKey[] }>('GET', base), [base]);
  const [fresh, setFresh] = useState<NewAccessKey>();
  const [revoking, setRevoking] = useState<string>();
  const action = useAction();
  const revoke = useAction();
  return (
    <Panel
      title="Access keys"
      actions={
        <Button
          kind="primary"
          busy={action.busy}
          onClick={async () => {
            const k = await action.run(() => api<NewAccessKey>('POST', base));
            if (k) {
              setFresh(k);
              void keys.reload();
            }
          }}
        >
          Create access key
        </Button>
      }
    >
      <p className="c-muted">For boto3 and the AWS SDKs against this server's SageMaker API.</p>
      <ErrorBox message={action.error ?? keys.error} />
      {fresh && (
        <>
          <p>
            Access key ID <code>{fresh.accessKeyId}</code>
          </p>
          <SecretBox label="Secret access key" value={fresh.secretAccessKey} onDismiss={() => setFresh(undefined)} />
        </>
      )}
      <Table
        label="Access keys"
        rows={keys.data?.accessKeys}
        rowKey={(k) => k.accessKeyId}
        empty="No access keys."
        columns={[
          { header: 'Access key ID', cell: (k) => <code>{k.accessKeyId}</code> },
          { header: 'Status', cell: (k) => <Status value={k.status} /> },
          { header: 'Created', cell: (k) => when(k.createdAt) },
          {
            header: 'Last used',
            cell: (k) => (k.lastUsedAt ? when(k.lastUsedAt) : <span className="c-muted">never</span>),
          },
          {
            header: '',
            align: 'right',
            cell: (k) => (
              <Button kind="link" onClick={() => setRevoking(k.accessKeyId)}>
                Revoke
              </Button>
            ),
          },
        ]}
      />
      {revoking && (
        <Confirm
          title={`Revoke ${revoking}?`}
          confirmLabel="Revoke key"
          busy={revoke.busy}
          error={revoke.error}
          onCancel={() => setRevoking(undefined)}
          onConfirm={async () => {
            if (await revoke.run(() => api('DELETE', `${base}/${enc(revoking)}`).then(() => true))) {
              setRevoking(undefined);
              if (fresh?.accessKeyId === revoking) setFresh(undefined);
              void keys.reload();
            }
          }}
        >
          <p>Programs using this key stop working at once.</p>
        </Confirm>
      )}
    </Panel>
  );
}

function Memberships({ user }: { user: User }) {
  const groups = useLoad(() => api<{ groups: Group[] }>('GET', '/api/v1/groups'), []);
  const action = useAction();
  return (
    <Panel title="Groups">
      <ErrorBox message={groups.error ?? action.error} />
      {groups.data?.groups.length === 0 && (
        <p className="c-muted">There are no groups yet; create them on Users & groups.</p>
      )}
      <div className="c-checks">
        {groups.data?.groups.map((g) => {
          const member = g.members.includes(user.username);
          return (
            <label key={g.name} className="c-check">
              <input
                type="checkbox"
                checked={member}
                onChange={() =>
                  void action
                    .run(() =>
                      member
                        ? api('DELETE', `/api/v1/groups/${enc(g.name)}/members/${enc(user.username)}`)
                        : api('POST', `/api/v1/groups/${enc(g.name)}/members`, { username: user.username }),
                    )
                    .then(groups.reload)
                }
              />
              {g.name}
            </label>
          );
        })}
      </div>
    </Panel>
  );
}

function DeleteUser({ user }: { user: User }) {
  const [confirm, setConfirm] = useState(false);
  const action = useAction();
  return (
    <Panel title="Delete user">
      <p className="c-muted">
        Refused while the user runs apps, jobs or endpoints; their user profiles stay, without an owner.
      </p>
      <Button kind="danger" onClick={() => setConfirm(true)}>
        Delete {user.username}
      </Button>
      {confirm && (
        <Confirm
          title={`Delete ${user.username}?`}
          confirmLabel="Delete user"
          busy={action.busy}
          error={action.error}
          onCancel={() => setConfirm(false)}
          onConfirm={async () => {
            if (await action.run(() => api('DELETE', `/api/v1/users/${enc(user.username)}`).then(() => true)))
              navigate('/users');
          }}
        >
          <p>Their sessions and access keys end and their account is removed. This cannot be undone.</p>
        </Confirm>
      )}
    </Panel>
  );
}
