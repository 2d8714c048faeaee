// An SSO domain's OpenID Connect provider and each member's direct Studio URL (routes of the
// sso part). The client secret is write-only: the server says whether one is stored.
import { useEffect, useState } from 'react';
import { api, enc, RestError } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, Field, Notice, Panel, Table } from '../components/ui.tsx';
import type { IdentityProvider, SsoMember } from '../types.ts';

export function DomainSso({ domainId }: { domainId: string }) {
  const base = `/api/v1/domains/${enc(domainId)}/identity-provider`;
  const idp = useLoad(
    () =>
      api<IdentityProvider>('GET', base).catch((e) =>
        e instanceof RestError && e.status === 404 ? null : Promise.reject(e),
      ),
    [domainId],
  );
  const members = useLoad(() => api<{ members: SsoMember[] }>('GET', `${base}/members`), [domainId]);
  const [form, setForm] = useState({
    issuer: '',
    clientId: '',
    clientSecret: '',
    scopes: 'openid profile email',
    usernameClaim: 'preferred_username',
  });
  const [removing, setRemoving] = useState(false);
  const save = useAction();
  const remove = useAction();

  useEffect(() => {
    if (idp.data)
      setForm((f) => ({
        ...f,
        issuer: idp.data!.issuer,
        clientId: idp.data!.clientId,
        scopes: idp.data!.scopes,
        usernameClaim: idp.data!.usernameClaim,
        clientSecret: '',
      }));
  }, [idp.data]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const ok = await save.run(() =>
      api('POST', base, {
        issuer: form.issuer,
        clientId: form.clientId,
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        scopes: form.scopes,
        usernameClaim: form.usernameClaim,
      }),
    );
    if (ok) {
      void idp.reload();
      void members.reload();
    }
  }
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });

  return (
    <Panel title="Single sign-on (OpenID Connect)">
      <ErrorBox message={idp.error} />
      {idp.data === null && (
        <Notice tone="warning">No identity provider is set: members of this domain cannot sign in yet.</Notice>
      )}
      {idp.data && (
        <dl className="c-summary">
          <div>
            <dt>Sign-in URL</dt>
            <dd>
              <code>{idp.data.loginUrl}</code>
            </dd>
          </div>
          <div>
            <dt>Redirect URI to register</dt>
            <dd>
              <code>{idp.data.redirectUri}</code>
            </dd>
          </div>
          <div>
            <dt>Client secret</dt>
            <dd>{idp.data.hasClientSecret ? 'stored (never shown)' : 'none (public client)'}</dd>
          </div>
        </dl>
      )}
      <form onSubmit={submit} aria-label="Identity provider">
        <div className="c-grid">
          <Field label="Issuer URL" hint="Its /.well-known/openid-configuration must answer.">
            <input
              value={form.issuer}
              onChange={set('issuer')}
              name="issuer"
              placeholder="https://login.example.com/realms/main"
            />
          </Field>
          <Field label="Client ID">
            <input value={form.clientId} onChange={set('clientId')} name="clientId" />
          </Field>
          <Field
            label="Client secret"
            hint={
              idp.data?.hasClientSecret ? 'Leave empty to keep the stored secret.' : 'Leave empty for a public client.'
            }
          >
            <input
              type="password"
              value={form.clientSecret}
              onChange={set('clientSecret')}
              name="clientSecret"
              autoComplete="new-password"
            />
          </Field>
          <Field label="Scopes">
            <input value={form.scopes} onChange={set('scopes')} name="scopes" />
          </Field>
          <Field label="Username claim" hint="Matched against each profile's SSO user name.">
            <input value={form.usernameClaim} onChange={set('usernameClaim')} name="usernameClaim" />
          </Field>
        </div>
        <ErrorBox message={save.error} />
        <div className="c-form-actions">
          <Button type="submit" kind="primary" busy={save.busy}>
            Save provider
          </Button>
          {idp.data && (
            <Button kind="danger" onClick={() => setRemoving(true)}>
              Remove provider
            </Button>
          )}
        </div>
      </form>
      <h3>Members' direct Studio URLs</h3>
      <ErrorBox message={members.error} />
      <Table
        label="SSO members"
        rows={members.data?.members}
        rowKey={(m) => m.userProfileName}
        empty="No user profiles in this domain yet."
        columns={[
          { header: 'Profile', cell: (m) => m.userProfileName },
          { header: 'SSO user name', cell: (m) => m.singleSignOnUserValue },
          { header: 'Last signed in as', cell: (m) => m.username ?? <span className="c-muted">not yet</span> },
          { header: 'Direct URL', cell: (m) => <code className="c-url">{m.url}</code> },
        ]}
      />
      {removing && (
        <Confirm
          title="Remove the identity provider?"
          confirmLabel="Remove"
          busy={remove.busy}
          error={remove.error}
          onCancel={() => setRemoving(false)}
          onConfirm={async () => {
            if (await remove.run(() => api('DELETE', base).then(() => true))) {
              setRemoving(false);
              void idp.reload();
            }
          }}
        >
          <p>Members of this domain can no longer sign in through single sign-on until a provider is set again.</p>
        </Confirm>
      )}
    </Panel>
  );
}
