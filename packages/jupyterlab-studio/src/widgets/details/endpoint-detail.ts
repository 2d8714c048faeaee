// What an endpoint's view shows: its variants (weights, capacities; weights can be changed), its
// data capture, charts of invocations, errors and latency per variant, and a box to invoke it.
import { showErrorMessage } from '@jupyterlab/apputils';
import { h } from '../../dom.ts';
import { endpointHistory, endpointMetrics, invokeEndpoint, sageMaker } from '../../details-client.ts';
import { epochMs, s3Uri, section, status, table, time, type Described, failureSection } from './parts.ts';
import { TimeChart } from './time-chart.ts';

export type EndpointDescription = Described;

export const describeEndpoint = (name: string): Promise<EndpointDescription> =>
  sageMaker('DescribeEndpoint', { EndpointName: name });

export function endpointSections(d: EndpointDescription, onChanged: () => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(...failureSection(d.FailureReason));
  out.push(
    section(
      'Overview',
      table([
        ['Status', status(d.EndpointStatus)],
        ['Endpoint config', d.EndpointConfigName],
        ['Created', time(d.CreationTime)],
        ['Last modified', time(d.LastModifiedTime)],
        ['Last deployment', d.LastDeploymentConfig ? 'see the config' : undefined],
      ]),
    ),
  );
  const variants = (d.ProductionVariants ?? []) as Described[];
  const weights = new Map<string, HTMLInputElement>();
  out.push(
    section(
      'Variants',
      variants.length
        ? h(
            'table',
            { className: 'tessera-Detail-table tessera-Variants' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Variant', 'Weight', 'Instances', 'New weight'].map((t) => h('th', {}, t)),
              ),
            ),
            h(
              'tbody',
              {},
              variants.map((v) => {
                const input = h('input', {
                  type: 'number',
                  min: '0',
                  step: '0.1',
                  value: String(v.CurrentWeight ?? v.DesiredWeight ?? 1),
                  'aria-label': `Weight of ${v.VariantName}`,
                }) as HTMLInputElement;
                weights.set(v.VariantName, input);
                return h(
                  'tr',
                  { dataset: { variant: v.VariantName } },
                  h('td', {}, v.VariantName),
                  h('td', {}, `${v.CurrentWeight ?? '–'} → ${v.DesiredWeight ?? '–'}`),
                  h('td', {}, `${v.CurrentInstanceCount ?? 0} / ${v.DesiredInstanceCount ?? 0}`),
                  h('td', {}, input),
                );
              }),
            ),
          )
        : h('p', { className: 'tessera-Muted' }, 'No variant is running yet.'),
      variants.length
        ? h(
            'button',
            {
              className: 'jp-mod-styled jp-mod-accept',
              disabled: d.EndpointStatus !== 'InService',
              onclick: async () => {
                try {
                  await sageMaker('UpdateEndpointWeightsAndCapacities', {
                    EndpointName: d.EndpointName,
                    DesiredWeightsAndCapacities: [...weights].map(([VariantName, input]) => ({
                      VariantName,
                      DesiredWeight: Number(input.value),
                    })),
                  });
                  onChanged();
                } catch (err) {
                  void showErrorMessage('Could not update the weights', err as Error);
                }
              },
            },
            'Update weights',
          )
        : null,
    ),
  );
  const capture = d.DataCaptureConfig as Described | undefined;
  out.push(
    section(
      'Data capture',
      table(
        capture?.EnableCapture
          ? [
              ['Destination', s3Uri(capture.DestinationS3Uri)],
              ['Sampling', `${capture.CurrentSamplingPercentage ?? 100} %`],
            ]
          : [],
        'Not captured (DataCaptureConfig in the endpoint config turns it on).',
      ),
    ),
  );
  return out;
}

/** What happened to the endpoint, newest first: creation, updates, weight and capacity changes, statuses. */
export async function historySection(name: string): Promise<HTMLElement> {
  let Events: Awaited<ReturnType<typeof endpointHistory>>['Events'];
  try {
    ({ Events } = await endpointHistory(name));
  } catch (err) {
    // The rest of the page (and its Delete button) stays usable.
    return section('History', h('div', { className: 'tessera-Error' }, (err as Error).message));
  }
  return section(
    'History',
    Events.length
      ? h(
          'table',
          { className: 'tessera-Detail-table tessera-History' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Time', 'Status', 'Change', 'Endpoint config'].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            [...Events]
              .reverse()
              .map((e) =>
                h(
                  'tr',
                  {},
                  h('td', {}, time(e.Time)),
                  h('td', {}, status(e.Status)),
                  h(
                    'td',
                    {},
                    e.Change ?? '',
                    e.Reason ? h('div', { className: 'tessera-History-reason' }, e.Reason) : null,
                  ),
                  h('td', {}, e.EndpointConfigName ?? ''),
                ),
              ),
          ),
        )
      : h('p', { className: 'tessera-Muted' }, 'Nothing recorded yet.'),
  );
}

/** Invocations, errors and latency per variant, over the last hour the server keeps. */
export class EndpointCharts {
  readonly node = h('div', { className: 'tessera-Charts' });
  private invocations = new TimeChart('Invocations per minute');
  private errors = new TimeChart('Errors per minute');
  private latency = new TimeChart('Model latency (ms, average)', 'ms');

  constructor(private name: string) {
    this.node.append(this.invocations.node, this.errors.node, this.latency.node);
  }

  async refresh(): Promise<void> {
    const r = await endpointMetrics(this.name, 60);
    const series = (pick: (b: (typeof r.Variants)[number]['Buckets'][number]) => number) =>
      r.Variants.map((v) => ({
        label: v.VariantName,
        points: v.Buckets.map((b) => [epochMs(b.Timestamp), pick(b)] as [number, number]),
      }));
    this.invocations.update(series((b) => b.Invocations));
    this.errors.update(series((b) => b.Invocation4XXErrors + b.Invocation5XXErrors + b.ModelErrors));
    this.latency.update(series((b) => b.ModelLatencyAverageMs));
  }

  dispose(): void {
    for (const c of [this.invocations, this.errors, this.latency]) c.dispose();
  }
}

/** The "test invoke" box: a payload and its content type in, the model's answer out. */
export function invokeBox(name: string, onInvoked: () => void): HTMLElement {
  const contentType = h('input', { value: 'text/csv', 'aria-label': 'Content type' }) as HTMLInputElement;
  const body = h('textarea', { rows: '4', 'aria-label': 'Request body', placeholder: '5.1,3.5,1.4,0.2' });
  const answer = h('pre', { className: 'tessera-InvokeResult', 'aria-label': 'Response' });
  const run = async () => {
    answer.textContent = 'Invoking…';
    try {
      const r = await invokeEndpoint(name, {
        Body: (body as HTMLTextAreaElement).value,
        ContentType: contentType.value,
      });
      answer.textContent =
        `${r.StatusCode} from ${r.InvokedProductionVariant} (${r.ContentType})\n` +
        (r.BodyEncoding === 'utf8' ? r.Body : `[${r.Body.length} bytes of base64]`) +
        (r.ModelError ? `\n${r.ModelError}` : '');
      onInvoked();
    } catch (err) {
      answer.textContent = (err as Error).message;
    }
  };
  return section(
    'Test invoke',
    h('label', { className: 'tessera-Field' }, 'Content type ', contentType),
    body,
    h('button', { className: 'jp-mod-styled jp-mod-accept', onclick: () => void run() }, 'Invoke'),
    answer,
  );
}
