// Usage and cost: instance-hours priced by the price table, per day, per user and per domain,
// with the detailed rows and a CSV export of the same range.
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { BarList, ColumnChart, money } from '../components/charts.tsx';
import { useLoad } from '../components/hooks.ts';
import { ErrorBox, Field, PageHeader, Panel, Table } from '../components/ui.tsx';
import { DomainSelect } from '../components/selects.tsx';
import type { Usage } from '../types.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);
const hours = (s: number) =>
  s < 60 ? `${Math.round(s)} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(s < 36000 ? 2 : 1)} h`;

/** Every day of the range, so days without usage show as empty columns. */
function allDays(from: string, to: string, byDay: Usage['byDay']) {
  const cost = new Map(byDay.map((d) => [d.day, d.cost]));
  const out: { key: string; value: number }[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`) && out.length < 400;
    t += 86_400_000
  ) {
    const k = day(new Date(t));
    out.push({ key: k, value: cost.get(k) ?? 0 });
  }
  return out;
}

export function UsagePage() {
  const [to, setTo] = useState(day(new Date()));
  const [from, setFrom] = useState(day(new Date(Date.now() - 13 * 86_400_000)));
  const [domainId, setDomainId] = useState('');
  const query = `from=${enc(from)}&to=${enc(to)}${domainId ? `&domainId=${enc(domainId)}` : ''}`;
  const rangeError = from > to ? '“From” is after “to”' : undefined;
  const usage = useLoad(
    () => (rangeError ? Promise.resolve(undefined) : api<Usage>('GET', `/api/v1/usage?${query}`)),
    [query, rangeError],
  );
  const u = usage.data;
  return (
    <>
      <PageHeader
        title="Usage & cost"
        description="Instance time of apps, jobs and endpoints, priced by the price table."
        actions={
          <a className="c-btn c-btn-normal" href={`/api/v1/usage.csv?${query}`} download>
            Export CSV
          </a>
        }
      />
      <Panel>
        <div className="c-grid c-grid-tight">
          <Field label="From" error={rangeError}>
            <input type="date" name="from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="To">
            <input type="date" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
          <Field label="Domain">
            <DomainSelect name="domain" value={domainId} onChange={setDomainId} empty="All domains" />
          </Field>
          {u && (
            <div className="c-kpis">
              <div className="c-kpi">
                <span>Total cost</span>
                <strong data-testid="total-cost">{money(u.total.cost, u.currency)}</strong>
              </div>
              <div className="c-kpi">
                <span>Instance time</span>
                <strong>{hours(u.total.instanceSeconds)}</strong>
              </div>
            </div>
          )}
        </div>
      </Panel>
      <ErrorBox message={usage.error} />
      {u && (
        <>
          <Panel title="Cost per day">
            <ColumnChart label="Cost per day" currency={u.currency} data={allDays(u.from, u.to, u.byDay)} />
          </Panel>
          <div className="c-two">
            <Panel title="Cost per user">
              {u.byUser.length ? (
                <BarList
                  label="Cost per user"
                  currency={u.currency}
                  data={u.byUser.map((r) => ({
                    key: r.username ?? '(no owner)',
                    value: r.cost,
                    detail: hours(r.instanceSeconds),
                  }))}
                />
              ) : (
                <p className="c-muted">No usage in this range.</p>
              )}
            </Panel>
            <Panel title="Cost per domain">
              {u.byDomain.length ? (
                <BarList
                  label="Cost per domain"
                  currency={u.currency}
                  data={u.byDomain.map((r) => ({
                    key: r.domainName ?? r.domainId ?? '(no domain)',
                    value: r.cost,
                    detail: hours(r.instanceSeconds),
                  }))}
                />
              ) : (
                <p className="c-muted">No usage in this range.</p>
              )}
            </Panel>
          </div>
          <Panel title="Per user">
            <Table
              label="Usage per user"
              rows={u.byUser}
              rowKey={(r) => r.userId ?? '-'}
              empty="No usage in this range."
              columns={[
                { header: 'User', cell: (r) => r.username ?? <span className="c-muted">(no owner)</span> },
                { header: 'Instance time', align: 'right', cell: (r) => hours(r.instanceSeconds) },
                { header: 'Cost', align: 'right', cell: (r) => money(r.cost, u.currency) },
              ]}
            />
          </Panel>
          <Panel title="Detail">
            <Table
              label="Usage rows"
              rows={u.rows.slice(0, 500)}
              rowKey={(r) => `${r.day}/${r.resourceKind}/${r.resourceName}/${r.instanceType}/${r.userId}`}
              empty="No usage in this range."
              columns={[
                { header: 'Day', cell: (r) => r.day },
                { header: 'User', cell: (r) => r.username ?? '—' },
                { header: 'Profile', cell: (r) => r.userProfileName ?? '—' },
                { header: 'Resource', cell: (r) => `${r.resourceKind} · ${r.resourceName}` },
                { header: 'Instance type', cell: (r) => <code>{r.instanceType}</code> },
                { header: 'Time', align: 'right', cell: (r) => hours(r.instanceSeconds) },
                { header: 'Cost', align: 'right', cell: (r) => money(r.cost, u.currency) },
              ]}
            />
            {u.rows.length > 500 && (
              <p className="c-muted">Showing 500 of {u.rows.length} rows; the CSV has them all.</p>
            )}
          </Panel>
        </>
      )}
    </>
  );
}
