// The price table: what an hour of each instance type costs; usage is priced with it.
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { money } from '../components/charts.tsx';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, ErrorBox, Notice, PageHeader, Panel, Table } from '../components/ui.tsx';
import type { Price } from '../types.ts';

export function PricesPage() {
  const prices = useLoad(() => api<{ currency: string; prices: Price[] }>('GET', '/api/v1/prices'), []);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string>();
  const action = useAction();
  const invalid = (v: string) => !/^\d+(\.\d{1,4})?$/.test(v) || Number(v) > 10000;

  async function save(p: Price) {
    const v = edits[p.instanceType]!;
    if (invalid(v)) return;
    setSaved(undefined);
    if (
      await action.run(() =>
        api('PATCH', `/api/v1/prices/${enc(p.instanceType)}`, { pricePerHour: Number(v) }).then(() => true),
      )
    ) {
      setSaved(p.instanceType);
      const { [p.instanceType]: _, ...rest } = edits;
      setEdits(rest);
      void prices.reload();
    }
  }

  const currency = prices.data?.currency ?? 'USD';
  return (
    <>
      <PageHeader
        title="Prices"
        description={`Price per instance-hour in ${currency}. Changes apply to usage from now on.`}
      />
      <ErrorBox message={prices.error ?? action.error} />
      {saved && <Notice tone="success">Price of {saved} saved.</Notice>}
      <Panel>
        <Table
          label="Prices"
          rows={prices.data?.prices}
          rowKey={(p) => p.instanceType}
          empty="No instance types."
          columns={[
            { header: 'Instance type', cell: (p) => <code>{p.instanceType}</code> },
            { header: 'vCPU', align: 'right', cell: (p) => p.vcpu },
            { header: 'Memory', align: 'right', cell: (p) => `${p.memoryGiB} GiB` },
            { header: 'GPUs', align: 'right', cell: (p) => p.gpus },
            { header: 'Current', align: 'right', cell: (p) => money(p.pricePerHour, currency) },
            {
              header: 'New price per hour',
              cell: (p) => {
                const v = edits[p.instanceType];
                return (
                  <form
                    className="c-row"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void save(p);
                    }}
                  >
                    <input
                      aria-label={`Price of ${p.instanceType}`}
                      className={`c-num${v !== undefined && invalid(v) ? ' c-bad' : ''}`}
                      inputMode="decimal"
                      value={v ?? String(p.pricePerHour)}
                      onChange={(e) => setEdits({ ...edits, [p.instanceType]: e.target.value })}
                    />
                    <Button type="submit" disabled={v === undefined || invalid(v)} busy={action.busy}>
                      Save
                    </Button>
                  </form>
                );
              },
            },
          ]}
        />
      </Panel>
    </>
  );
}
