// All domains, with their status and auth mode; each opens its own page.
import { api } from '../api.ts';
import { Link } from '../App.tsx';
import { useLoad } from '../components/hooks.ts';
import { Button, ErrorBox, PageHeader, Panel, Status, Table } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import type { DomainSummary } from '../types.ts';

export function DomainsPage() {
  const domains = useLoad(() => api<{ Domains: DomainSummary[] }>('GET', '/api/v1/domains?maxResults=100'), [], 5000);
  return (
    <>
      <PageHeader
        title="Domains"
        description="A domain holds user profiles, their apps and home directories, and the settings they start with."
        actions={
          <Button kind="primary" onClick={() => navigate('/quick-start')}>
            Create domain
          </Button>
        }
      />
      <ErrorBox message={domains.error} />
      <Panel>
        <Table
          label="Domains"
          rows={domains.data?.Domains}
          rowKey={(d) => d.DomainId}
          empty="No domains yet. Create one with Quick start."
          columns={[
            { header: 'Name', cell: (d) => <Link to={`/domains/${d.DomainId}`}>{d.DomainName}</Link> },
            { header: 'Domain ID', cell: (d) => <code>{d.DomainId}</code> },
            { header: 'Status', cell: (d) => <Status value={d.Status} /> },
            {
              header: 'Created',
              cell: (d) =>
                new Date(d.CreationTime * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
            },
          ]}
        />
      </Panel>
    </>
  );
}
