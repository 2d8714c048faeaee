// A domain's user profiles: who signs in to each (the owner), their running apps, adding one,
// and deleting one (its apps first).
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, Field, Panel, Status, Table } from '../components/ui.tsx';
import type { Blockers, Domain, User } from '../types.ts';
import { ENTITY_NAME } from '../validation.ts';

type Profile = Blockers['userProfiles'][number];

export function DomainProfiles({
  domain,
  blockers,
  onChange,
}: {
  domain: Domain;
  blockers: Blockers | undefined;
  onChange: () => void;
}) {
  const users = useLoad(() => api<{ users: User[] }>('GET', '/api/v1/users'), []);
  const [name, setName] = useState('');
  const [owner, setOwner] = useState('');
  const [touched, setTouched] = useState(false);
  const [deleting, setDeleting] = useState<Profile>();
  const add = useAction();
  const row = useAction();
  const del = useAction();
  const base = `/api/v1/domains/${enc(domain.DomainId)}/user-profiles`;
  const nameError = !name ? 'Required' : ENTITY_NAME.test(name) ? undefined : 'Letters, digits and hyphens only';
  const sso = domain.AuthMode === 'SSO';

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (nameError || (sso && !owner)) return;
    const ok = await add.run(() =>
      api('POST', base, {
        UserProfileName: name,
        ...(owner ? { OwnerUsername: owner } : {}),
        ...(sso ? { SingleSignOnUserIdentifier: 'UserName', SingleSignOnUserValue: owner } : {}),
      }),
    );
    if (ok) {
      setName('');
      setOwner('');
      setTouched(false);
      onChange();
    }
  }

  return (
    <Panel title="User profiles">
      <ErrorBox message={row.error} />
      <Table
        label="User profiles"
        rows={blockers?.userProfiles}
        rowKey={(p) => p.userProfileName}
        empty="No user profiles yet."
        columns={[
          { header: 'Profile', cell: (p) => <strong>{p.userProfileName}</strong> },
          { header: 'Status', cell: (p) => <Status value={p.status} /> },
          {
            header: 'Signs in as (owner)',
            cell: (p) => (
              <select
                aria-label={`Owner of ${p.userProfileName}`}
                value={p.ownerUsername ?? ''}
                onChange={(e) =>
                  void row
                    .run(() =>
                      api('PATCH', `${base}/${enc(p.userProfileName)}/owner`, { username: e.target.value || null }),
                    )
                    .then(onChange)
                }
              >
                <option value="">— nobody —</option>
                {(users.data?.users ?? []).map((u) => (
                  <option key={u.username} value={u.username}>
                    {u.username}
                    {u.disabled ? ' (disabled)' : ''}
                  </option>
                ))}
              </select>
            ),
          },
          {
            header: 'Running apps',
            cell: (p) =>
              p.apps.length ? (
                p.apps.map((a) => `${a.appType}/${a.appName}`).join(', ')
              ) : (
                <span className="c-muted">none</span>
              ),
          },
          {
            header: '',
            align: 'right',
            cell: (p) => (
              <Button kind="link" onClick={() => setDeleting(p)}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      <form onSubmit={create} className="c-inline-form" aria-label="Add user profile">
        <Field label="New profile name" error={touched ? nameError : undefined}>
          <input value={name} onChange={(e) => setName(e.target.value)} name="profileName" placeholder="bob" />
        </Field>
        <Field
          label={sso ? 'Owner (also the SSO user name)' : 'Owner'}
          error={touched && sso && !owner ? 'Required in an SSO domain' : undefined}
        >
          <select value={owner} onChange={(e) => setOwner(e.target.value)} name="owner">
            <option value="">— nobody —</option>
            {(users.data?.users ?? []).map((u) => (
              <option key={u.username} value={u.username}>
                {u.username}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" kind="primary" busy={add.busy}>
          Add profile
        </Button>
      </form>
      <ErrorBox message={add.error} />
      {deleting && (
        <Confirm
          title={`Delete user profile ${deleting.userProfileName}?`}
          confirmLabel={deleting.apps.length ? 'Delete apps and profile' : 'Delete profile'}
          busy={del.busy}
          error={del.error}
          onCancel={() => {
            setDeleting(undefined);
            del.setError(undefined);
          }}
          onConfirm={async () => {
            const ok = await del.run(async () => {
              for (const a of deleting.apps) await api('POST', '/api/v1/console/activity/stop', { arn: a.arn });
              await api('DELETE', `${base}/${enc(deleting.userProfileName)}`);
              return true;
            });
            if (ok) {
              setDeleting(undefined);
              onChange();
            }
          }}
        >
          {deleting.apps.length > 0 && (
            <p>
              Its {deleting.apps.length} running app(s) are deleted first:{' '}
              {deleting.apps.map((a) => `${a.appType}/${a.appName}`).join(', ')}.
            </p>
          )}
          <p>The profile's home directory is kept until the domain is deleted with its home storage.</p>
        </Confirm>
      )}
    </Panel>
  );
}
