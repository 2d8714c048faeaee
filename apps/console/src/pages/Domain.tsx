// One domain: its summary, settings, user profiles (with owners and apps), SSO and deletion.
import { api, enc } from '../api.ts';
import { Link } from '../App.tsx';
import { useLoad } from '../components/hooks.ts';
import { ErrorBox, PageHeader, Panel, Status } from '../components/ui.tsx';
import type { Blockers, Domain } from '../types.ts';
import { DomainDelete } from './DomainDelete.tsx';
import { DomainProfiles } from './DomainProfiles.tsx';
import { DomainSettings } from './DomainSettings.tsx';
import { DomainSso } from './DomainSso.tsx';

export function DomainPage({ domainId }: { domainId: string }) {
  const domain = useLoad(() => api<Domain>('GET', `/api/v1/domains/${enc(domainId)}`), [domainId], 5000);
  const blockers = useLoad(() => api<Blockers>('GET', `/api/v1/domains/${enc(domainId)}/blockers`), [domainId], 5000);
  const d = domain.data;
  const reload = () => {
    void domain.reload();
    void blockers.reload();
  };
  return (
    <>
      <PageHeader
        title={d ? d.DomainName : 'Domain'}
        description={
          <>
            <Link to="/domains">Domains</Link> › {domainId}
          </>
        }
      />
      <ErrorBox message={domain.error} />
      {d && (
        <>
          <Panel title="Summary">
            <dl className="c-summary">
              <div>
                <dt>Status</dt>
                <dd>
                  <Status value={d.Status} />
                  {d.FailureReason && <span className="c-bad-text"> {d.FailureReason}</span>}
                </dd>
              </div>
              <div>
                <dt>Domain ID</dt>
                <dd>
                  <code>{d.DomainId}</code>
                </dd>
              </div>
              <div>
                <dt>Authentication</dt>
                <dd>{d.AuthMode === 'SSO' ? 'SSO (OpenID Connect)' : 'IAM (passwords, access keys)'}</dd>
              </div>
              <div>
                <dt>Created</dt>
                <dd>
                  {new Date(d.CreationTime * 1000).toLocaleString(undefined, {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  })}
                </dd>
              </div>
              <div>
                <dt>Studio URL</dt>
                <dd>
                  <a href={d.Url}>{d.Url}</a>
                </dd>
              </div>
            </dl>
          </Panel>
          <DomainSettings domain={d} onChange={reload} />
          <DomainProfiles domain={d} blockers={blockers.data} onChange={reload} />
          {d.AuthMode === 'SSO' && <DomainSso domainId={d.DomainId} />}
          <DomainDelete domain={d} blockers={blockers.data} onChange={reload} />
        </>
      )}
    </>
  );
}
