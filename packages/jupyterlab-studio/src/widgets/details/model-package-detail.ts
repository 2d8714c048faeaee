// A model version's page (a versioned model package of the registry): its approval, which can be
// changed with a note; what it deploys (containers); its metric reports and metadata. Deploy (in
// resource-detail.ts) makes a model from it, an endpoint config and an endpoint.
import { showErrorMessage } from '@jupyterlab/apputils';
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import { s3Uri, section, status, table, time, type Described } from './parts.ts';

export const APPROVALS = ['Approved', 'Rejected', 'PendingManualApproval'] as const;

export const describeModelPackage = (arn: string): Promise<Described> =>
  sageMaker('DescribeModelPackage', { ModelPackageName: arn }) as Promise<Described>;

/** "churn v3" for …:model-package/churn/3. */
export function versionLabel(arn: string): string {
  const [group, version] = arn.split('/').slice(-2);
  return `${group} v${version}`;
}

export function modelPackageSections(d: Described, onChanged: () => void): HTMLElement[] {
  const containers = ((d.InferenceSpecification as Described | undefined)?.Containers ?? []) as Described[];
  const metrics = reports(d.ModelMetrics as Described | undefined);
  const metadata = Object.entries((d.CustomerMetadataProperties ?? {}) as Record<string, string>);
  return [
    section(
      'Overview',
      table([
        ['Group', d.ModelPackageGroupName],
        ['Version', String(d.ModelPackageVersion)],
        ['Description', d.ModelPackageDescription],
        ['Approval', status(d.ModelApprovalStatus)],
        ['Approval note', d.ApprovalDescription],
        ['Created', time(d.CreationTime)],
        ['Last modified', time(d.LastModifiedTime)],
      ]),
    ),
    approvalForm(d, onChanged),
    ...containers.map((c, i) =>
      section(
        containers.length > 1 ? `Container ${i + 1}` : 'Inference container',
        table([
          ['Image', c.Image],
          ['Model artifacts', s3Uri(c.ModelDataUrl)],
          ...(c.Framework ? [['Framework', `${c.Framework} ${c.FrameworkVersion ?? ''}`] as [string, string]] : []),
          ...Object.entries((c.Environment ?? {}) as Record<string, string>).map(
            ([k, v]) => [k, v] as [string, string],
          ),
        ]),
      ),
    ),
    section('Metrics', table(metrics, 'No metric reports were registered with this version (ModelMetrics).')),
    section('Metadata', table(metadata, 'No CustomerMetadataProperties.')),
  ];
}

/** Each report of ModelMetrics (model quality statistics, bias report, …) and where it is. */
function reports(m: Described | undefined): [string, HTMLElement | string | undefined][] {
  const out: [string, HTMLElement | string | undefined][] = [];
  for (const [area, parts] of Object.entries(m ?? {}))
    for (const [part, source] of Object.entries((parts ?? {}) as Record<string, Described>))
      if (source?.S3Uri) out.push([`${area} · ${part}`, s3Uri(source.S3Uri)]);
  return out;
}

function approvalForm(d: Described, onChanged: () => void): HTMLElement {
  const choice = h(
    'select',
    { 'aria-label': 'Approval status' },
    APPROVALS.map((a) => h('option', { value: a, selected: a === d.ModelApprovalStatus }, a)),
  ) as HTMLSelectElement;
  const note = h('textarea', {
    rows: '2',
    'aria-label': 'Approval note',
    placeholder: 'Why (shown with the version, sent with the approval event)',
  }) as HTMLTextAreaElement;
  const save = async () => {
    try {
      await sageMaker('UpdateModelPackage', {
        ModelPackageArn: d.ModelPackageArn,
        ModelApprovalStatus: choice.value as (typeof APPROVALS)[number],
        ...(note.value.trim() ? { ApprovalDescription: note.value.trim() } : {}),
      });
      note.value = ''; // saved: the page shows it as the version's note
      onChanged();
    } catch (err) {
      void showErrorMessage('Could not change the approval', err as Error);
    }
  };
  return section(
    'Approval',
    h('label', { className: 'tessera-Field' }, 'Status ', choice),
    note,
    h('button', { className: 'jp-mod-styled jp-mod-accept', onclick: () => void save() }, 'Save approval'),
  );
}

/** A model from the version, an endpoint config on `instanceType`, and an endpoint. */
export async function deployModelPackage(arn: string, endpointName: string, instanceType: string): Promise<void> {
  const model = `${endpointName}-model`;
  await sageMaker('CreateModel', { ModelName: model, PrimaryContainer: { ModelPackageName: arn } });
  await sageMaker('CreateEndpointConfig', {
    EndpointConfigName: `${endpointName}-config`,
    ProductionVariants: [
      { VariantName: 'AllTraffic', ModelName: model, InstanceType: instanceType, InitialInstanceCount: 1 },
    ],
  });
  await sageMaker('CreateEndpoint', { EndpointName: endpointName, EndpointConfigName: `${endpointName}-config` });
}
