// Groups and their members.
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, Field, Panel, Table } from '../components/ui.tsx';
import type { Group, User } from '../types.ts';
import { GROUP_NAME } from '../validation.ts';

export function Groups({ users }: { users: User[] }) {
  const groups = useLoad(() => api<{ groups: Group[] }>('GET', '/api/v1/groups'), []);
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const [adding, setAdding] = useState<Record<string, string>>({});
  const create = useAction();
  const row = useAction();
  const del = useAction();
  const nameError = !name ? 'Required' : GROUP_NAME.test(name) ? undefined : 'Letters, digits and . _ - only';

  return (
    <Panel title="Groups">
      <ErrorBox message={groups.error ?? row.error} />
      <Table
        label="Groups"
        rows={groups.data?.groups}
        rowKey={(g) => g.name}
        empty="No groups yet."
        columns={[
          { header: 'Group', cell: (g) => <strong>{g.name}</strong> },
          {
            header: 'Members',
            cell: (g) => (
              <div className="c-chips">
                {g.members.length === 0 && <span className="c-muted">no members</span>}
                {g.members.map((m) => (
                  <span key={m} className="c-chip">
                    {m}
                    <button
                      aria-label={`Remove ${m} from ${g.name}`}
                      onClick={() =>
                        void row
                          .run(() => api('DELETE', `/api/v1/groups/${enc(g.name)}/members/${enc(m)}`))
                          .then(groups.reload)
                      }
                    >
                      ×
                    </button>
                  </span>
                ))}
              </div>
            ),
          },
          {
            header: 'Add member',
            cell: (g) => (
              <div className="c-row">
                <select
                  aria-label={`Add member to ${g.name}`}
                  value={adding[g.name] ?? ''}
                  onChange={(e) => setAdding({ ...adding, [g.name]: e.target.value })}
                >
                  <option value="">Choose a user…</option>
                  {users
                    .filter((u) => !g.members.includes(u.username))
                    .map((u) => (
                      <option key={u.username} value={u.username}>
                        {u.username}
                      </option>
                    ))}
                </select>
                <Button
                  disabled={!adding[g.name]}
                  onClick={() =>
                    void row
                      .run(() => api('POST', `/api/v1/groups/${enc(g.name)}/members`, { username: adding[g.name] }))
                      .then(() => {
                        setAdding({ ...adding, [g.name]: '' });
                        void groups.reload();
                      })
                  }
                >
                  Add
                </Button>
              </div>
            ),
          },
          {
            header: '',
            align: 'right',
            cell: (g) => (
              <Button kind="link" onClick={() => setDeleting(g.name)}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      <form
        className="c-inline-form"
        aria-label="Create group"
        onSubmit={async (e) => {
          e.preventDefault();
          setTouched(true);
          if (nameError) return;
          if (await create.run(() => api('POST', '/api/v1/groups', { name }))) {
            setName('');
            setTouched(false);
            void groups.reload();
          }
        }}
      >
        <Field label="New group" error={touched ? nameError : undefined}>
          <input name="groupName" value={name} onChange={(e) => setName(e.target.value)} placeholder="data-science" />
        </Field>
        <Button type="submit" kind="primary" busy={create.busy}>
          Create group
        </Button>
      </form>
      <ErrorBox message={create.error} />
      {deleting && (
        <Confirm
          title={`Delete group ${deleting}?`}
          confirmLabel="Delete group"
          busy={del.busy}
          error={del.error}
          onCancel={() => setDeleting(undefined)}
          onConfirm={async () => {
            if (await del.run(() => api('DELETE', `/api/v1/groups/${enc(deleting)}`).then(() => true))) {
              setDeleting(undefined);
              void groups.reload();
            }
          }}
        >
          <p>The group's members keep their accounts; quotas set for the group are removed with it.</p>
        </Confirm>
      )}
    </Panel>
  );
}
