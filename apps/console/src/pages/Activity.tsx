// What runs now: apps, jobs and endpoints across every domain, with a stop button each.
// Polled every few seconds.
import { useState } from 'react';
import { api } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, PageHeader, Panel, Status, Table, since } from '../components/ui.tsx';
import type { Activity } from '../types.ts';

export function ActivityPage() {
  const activity = useLoad(() => api<Activity>('GET', '/api/v1/console/activity'), [], 4000);
  const [stopping, setStopping] = useState<{ arn: string; what: string; verb: string }>();
  const action = useAction();
  const a = activity.data;
  const owner = (o: string | null) => o ?? <span className="c-muted">—</span>;
  const stop = (arn: string, what: string, verb = 'Stop') => (
    <Button kind="danger" onClick={() => setStopping({ arn, what, verb })} aria-label={`${verb} ${what}`}>
      {verb}
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Activity"
        description="Who runs which apps, jobs and endpoints now. Refreshes every few seconds."
      />
      <ErrorBox message={activity.error} />
      <Panel title={`Apps${a ? ` (${a.apps.length})` : ''}`}>
        <Table
          label="Running apps"
          rows={a?.apps}
          rowKey={(r) => r.arn}
          empty="No apps are running."
          columns={[
            { header: 'Owner', cell: (r) => owner(r.ownerUsername) },
            { header: 'Domain / profile', cell: (r) => `${r.domainName} / ${r.userProfileName ?? r.spaceName ?? '—'}` },
            { header: 'App', cell: (r) => `${r.appType} · ${r.appName}` },
            { header: 'Instance', cell: (r) => <code>{r.instanceType}</code> },
            { header: 'Image', cell: (r) => r.imageName ?? <span className="c-muted">—</span> },
            { header: 'Status', cell: (r) => <Status value={r.status} /> },
            { header: 'For', cell: (r) => <span className="c-nowrap">{since(r.since)}</span> },
            {
              header: '',
              align: 'right',
              cell: (r) => stop(r.arn, `${r.appType} ${r.appName} of ${r.userProfileName ?? r.spaceName}`, 'Delete'),
            },
          ]}
        />
      </Panel>
      <Panel title={`Jobs${a ? ` (${a.jobs.length})` : ''}`}>
        <Table
          label="Running jobs"
          rows={a?.jobs}
          rowKey={(r) => r.arn}
          empty="No jobs are running."
          columns={[
            { header: 'Owner', cell: (r) => owner(r.ownerUsername) },
            { header: 'Kind', cell: (r) => r.kind },
            { header: 'Name', cell: (r) => r.name },
            { header: 'Instances', cell: (r) => (r.instanceType ? `${r.instanceType} × ${r.instanceCount}` : '—') },
            { header: 'Status', cell: (r) => <Status value={r.status} /> },
            { header: 'For', cell: (r) => <span className="c-nowrap">{since(r.since)}</span> },
            {
              header: '',
              align: 'right',
              cell: (r) =>
                r.status === 'Stopping' ? (
                  <span className="c-muted">stopping…</span>
                ) : (
                  stop(r.arn, `${r.kind.toLowerCase()} job ${r.name}`)
                ),
            },
          ]}
        />
      </Panel>
      <Panel title={`Endpoints${a ? ` (${a.endpoints.length})` : ''}`}>
        <Table
          label="Endpoints"
          rows={a?.endpoints}
          rowKey={(r) => r.arn}
          empty="No endpoints."
          columns={[
            { header: 'Owner', cell: (r) => owner(r.ownerUsername) },
            { header: 'Name', cell: (r) => r.name },
            {
              header: 'Variants',
              cell: (r) =>
                r.variants.map((v) => `${v.variantName}: ${v.instanceType} × ${v.instanceCount}`).join(', ') || '—',
            },
            { header: 'Status', cell: (r) => <Status value={r.status} /> },
            { header: 'For', cell: (r) => <span className="c-nowrap">{since(r.since)}</span> },
            {
              header: '',
              align: 'right',
              cell: (r) =>
                r.status === 'Deleting' ? (
                  <span className="c-muted">deleting…</span>
                ) : (
                  stop(r.arn, `endpoint ${r.name}`, 'Delete')
                ),
            },
          ]}
        />
      </Panel>
      {stopping && (
        <Confirm
          title={`${stopping.verb} ${stopping.what}?`}
          confirmLabel={stopping.verb}
          busy={action.busy}
          error={action.error}
          onCancel={() => setStopping(undefined)}
          onConfirm={async () => {
            if (
              await action.run(() =>
                api('POST', '/api/v1/console/activity/stop', { arn: stopping.arn }).then(() => true),
              )
            ) {
              setStopping(undefined);
              void activity.reload();
            }
          }}
        >
          <p>Its owner sees it stop at once; unsaved work in a running kernel is lost.</p>
        </Confirm>
      )}
    </>
  );
}
