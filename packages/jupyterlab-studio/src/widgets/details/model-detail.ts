// What a model's view shows: its containers (image, artifacts, environment), its role, and the
// endpoints whose current config serves it.
import { h } from '../../dom.ts';
import { sageMaker } from '../../details-client.ts';
import { s3Uri, section, table, time, type Described } from './parts.ts';

export async function modelSections(name: string): Promise<{ arn: string; sections: HTMLElement[] }> {
  const d = (await sageMaker('DescribeModel', { ModelName: name })) as Described;
  const containers = [d.PrimaryContainer, ...(d.Containers ?? [])].filter(Boolean) as Described[];
  const sections = [
    section(
      'Overview',
      table([
        ['Created', time(d.CreationTime)],
        ['Execution role', d.ExecutionRoleArn],
      ]),
    ),
    ...containers.map((c, i) =>
      section(
        containers.length > 1 ? `Container ${i + 1}` : 'Container',
        table([
          ['Image', c.Image],
          ['Model artifacts', s3Uri(c.ModelDataUrl)],
          ...Object.entries((c.Environment ?? {}) as Record<string, string>).map(
            ([k, v]) => [k, v] as [string, string],
          ),
        ]),
      ),
    ),
    section('Used by', await endpointsUsing(name)),
  ];
  return { arn: d.ModelArn, sections };
}

/** The endpoints whose config names this model (the caller's own endpoints). */
async function endpointsUsing(model: string): Promise<HTMLElement> {
  const { Endpoints } = (await sageMaker('ListEndpoints', { MaxResults: 100 })) as Described;
  const using: string[] = [];
  for (const e of (Endpoints ?? []) as Described[]) {
    const ep = (await sageMaker('DescribeEndpoint', { EndpointName: e.EndpointName })) as Described;
    const config = (await sageMaker('DescribeEndpointConfig', {
      EndpointConfigName: ep.EndpointConfigName,
    }).catch(() => undefined)) as Described | undefined;
    if ((config?.ProductionVariants ?? []).some((v: Described) => v.ModelName === model)) using.push(e.EndpointName);
  }
  return using.length
    ? h(
        'ul',
        {},
        using.map((n) => h('li', {}, n)),
      )
    : h('p', { className: 'tessera-Muted' }, 'No endpoint serves it.');
}
