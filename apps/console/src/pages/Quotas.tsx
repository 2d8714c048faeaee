// Instance-type quotas: how many instances of a type a domain, a group or a user profile may run.
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, Field, PageHeader, Panel, Table } from '../components/ui.tsx';
import { DomainSelect, InstanceTypeSelect } from '../components/selects.tsx';
import type { DomainSummary, Group, Quota, UserProfileSummary } from '../types.ts';

type Scope = 'Domain' | 'Group' | 'UserProfile';
type QuotaRow = Quota;

export function QuotasPage() {
  const domains = useLoad(() => api<{ Domains: DomainSummary[] }>('GET', '/api/v1/domains?maxResults=100'), []);
  const groups = useLoad(() => api<{ groups: Group[] }>('GET', '/api/v1/groups'), []);
  const [domainId, setDomainId] = useState('');
  const quotas = useLoad(
    () => api<{ Quotas: QuotaRow[] }>('GET', `/api/v1/quotas${domainId ? `?domainId=${enc(domainId)}` : ''}`),
    [domainId],
  );
  const [f, setF] = useState({
    scope: 'Domain' as Scope,
    domainId: '',
    target: '',
    instanceType: 'ml.t3.medium',
    max: '2',
  });
  const profiles = useLoad(
    () =>
      f.domainId
        ? api<{ UserProfiles: UserProfileSummary[] }>(
            'GET',
            `/api/v1/domains/${enc(f.domainId)}/user-profiles?maxResults=100`,
          )
        : Promise.resolve({ UserProfiles: [] }),
    [f.domainId],
  );
  const [removing, setRemoving] = useState<QuotaRow>();
  const [touched, setTouched] = useState(false);
  const put = useAction();
  const del = useAction();
  const domainName = (id: string) => domains.data?.Domains.find((d) => d.DomainId === id)?.DomainName ?? id;
  const maxError = /^\d+$/.test(f.max) && Number(f.max) <= 10000 ? undefined : 'A whole number from 0 to 10000';
  const targetError =
    f.scope !== 'Domain' && !f.target ? `Choose a ${f.scope === 'Group' ? 'group' : 'user profile'}` : undefined;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!f.domainId || maxError || targetError) return;
    const ok = await put.run(() =>
      api('POST', '/api/v1/quotas', {
        Scope: f.scope,
        DomainId: f.domainId,
        ...(f.scope === 'UserProfile' ? { UserProfileName: f.target } : {}),
        ...(f.scope === 'Group' ? { GroupName: f.target } : {}),
        InstanceType: f.instanceType,
        MaxInstances: Number(f.max),
      }),
    );
    if (ok) {
      setTouched(false);
      void quotas.reload();
    }
  }

  return (
    <>
      <PageHeader
        title="Quotas"
        description={
          'Caps on instances of a type, counted over apps, jobs and endpoints. Every quota that applies must hold: ' +
          "a user profile's own, its owner's groups' (their members together) and the domain's."
        }
      />
      <Panel
        title="Quotas"
        actions={
          <DomainSelect
            name="filterDomain"
            label="Filter by domain"
            value={domainId}
            onChange={setDomainId}
            empty="All domains"
          />
        }
      >
        <ErrorBox message={quotas.error} />
        <Table
          label="Quotas"
          rows={quotas.data?.Quotas}
          rowKey={(q) => q.QuotaId}
          empty="No quotas: any number of instances may run."
          columns={[
            { header: 'Domain', cell: (q) => domainName(q.DomainId) },
            {
              header: 'Applies to',
              cell: (q) =>
                q.Scope === 'Domain'
                  ? 'Whole domain'
                  : q.Scope === 'Group'
                    ? `Group ${q.GroupName ?? ''}`
                    : `Profile ${q.UserProfileName}`,
            },
            { header: 'Instance type', cell: (q) => <code>{q.InstanceType}</code> },
            { header: 'Max instances', align: 'right', cell: (q) => q.MaxInstances },
            { header: 'In use now', align: 'right', cell: (q) => q.InUse ?? <span className="c-muted">—</span> },
            {
              header: '',
              align: 'right',
              cell: (q) => (
                <Button kind="link" onClick={() => setRemoving(q)}>
                  Remove
                </Button>
              ),
            },
          ]}
        />
      </Panel>
      <Panel title="Set a quota">
        <form onSubmit={submit} aria-label="Set a quota">
          <div className="c-grid">
            <Field label="Domain" error={touched && !f.domainId ? 'Choose a domain' : undefined}>
              <DomainSelect
                name="domain"
                value={f.domainId}
                onChange={(v) => setF({ ...f, domainId: v, target: f.scope === 'UserProfile' ? '' : f.target })}
                empty="Choose…"
              />
            </Field>
            <Field label="Applies to">
              <select
                name="scope"
                value={f.scope}
                onChange={(e) => setF({ ...f, scope: e.target.value as Scope, target: '' })}
              >
                <option value="Domain">The whole domain</option>
                <option value="Group">A group</option>
                <option value="UserProfile">A user profile</option>
              </select>
            </Field>
            {f.scope !== 'Domain' && (
              <Field label={f.scope === 'Group' ? 'Group' : 'User profile'} error={touched ? targetError : undefined}>
                <select name="target" value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })}>
                  <option value="">Choose…</option>
                  {(f.scope === 'Group'
                    ? (groups.data?.groups ?? []).map((g) => g.name)
                    : (profiles.data?.UserProfiles ?? []).map((p) => p.UserProfileName)
                  ).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <Field label="Instance type">
              <InstanceTypeSelect
                name="instanceType"
                value={f.instanceType}
                onChange={(v) => setF({ ...f, instanceType: v })}
              />
            </Field>
            <Field label="Max instances" error={touched ? maxError : undefined} hint="0 forbids the type.">
              <input
                name="maxInstances"
                inputMode="numeric"
                value={f.max}
                onChange={(e) => setF({ ...f, max: e.target.value })}
              />
            </Field>
          </div>
          <ErrorBox message={put.error} />
          <div className="c-form-actions">
            <Button type="submit" kind="primary" busy={put.busy}>
              Set quota
            </Button>
          </div>
        </form>
      </Panel>
      {removing && (
        <Confirm
          title="Remove this quota?"
          confirmLabel="Remove quota"
          busy={del.busy}
          error={del.error}
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            if (await del.run(() => api('DELETE', `/api/v1/quotas/${enc(removing.QuotaId)}`).then(() => true))) {
              setRemoving(undefined);
              void quotas.reload();
            }
          }}
        >
          <p>
            {removing.InstanceType} in {domainName(removing.DomainId)}
            {' is no longer capped at '}
            {removing.MaxInstances} for this scope.
          </p>
        </Confirm>
      )}
    </>
  );
}
