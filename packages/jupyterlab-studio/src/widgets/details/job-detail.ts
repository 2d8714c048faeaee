// What a training, processing or transform job's view shows besides its logs: the description
// (status, timeline, hyperparameters, inputs and outputs, failure reason), a chart per metric of a
// training job, and Stop; Deploy for a completed training job.
import { h } from '../../dom.ts';
import { sageMaker, trainingJobMetrics } from '../../details-client.ts';
import { epochMs, s3Uri, section, status, table, time, type Described, failureSection } from './parts.ts';
import { TimeChart } from './time-chart.ts';

export type JobKind = 'TrainingJob' | 'ProcessingJob' | 'TransformJob';

/** The job's description as the SageMaker API gives it (the fields the view reads). */
export type JobDescription = Described;

export async function describeJob(kind: JobKind, name: string): Promise<JobDescription> {
  if (kind === 'TrainingJob') return sageMaker('DescribeTrainingJob', { TrainingJobName: name });
  if (kind === 'ProcessingJob') return sageMaker('DescribeProcessingJob', { ProcessingJobName: name });
  return sageMaker('DescribeTransformJob', { TransformJobName: name });
}

export const jobStatus = (kind: JobKind, d: JobDescription): string =>
  d[
    kind === 'TrainingJob'
      ? 'TrainingJobStatus'
      : kind === 'ProcessingJob'
        ? 'ProcessingJobStatus'
        : 'TransformJobStatus'
  ];

export const jobArn = (kind: JobKind, d: JobDescription): string =>
  d[kind === 'TrainingJob' ? 'TrainingJobArn' : kind === 'ProcessingJob' ? 'ProcessingJobArn' : 'TransformJobArn'];

export async function stopJob(kind: JobKind, name: string): Promise<void> {
  if (kind === 'TrainingJob') await sageMaker('StopTrainingJob', { TrainingJobName: name });
  else if (kind === 'ProcessingJob') await sageMaker('StopProcessingJob', { ProcessingJobName: name });
  else await sageMaker('StopTransformJob', { TransformJobName: name });
}

/** "2 × ml.m5.large", from whichever of the three jobs' resource fields is there. */
function instancesOf(d: Described): string | undefined {
  const r = d.ResourceConfig ?? d.ProcessingResources?.ClusterConfig ?? d.TransformResources;
  return r ? `${r.InstanceCount} × ${r.InstanceType}` : undefined;
}

/** The description's sections, in the order a person reads them. */
export function jobSections(kind: JobKind, d: JobDescription): HTMLElement[] {
  const out: (HTMLElement | null)[] = [];
  out.push(...failureSection(d.FailureReason));
  out.push(
    section(
      'Overview',
      table([
        ['Status', status(jobStatus(kind, d))],
        ['Secondary status', d.SecondaryStatus],
        ['Created', time(d.CreationTime)],
        ['Started', time(d.TrainingStartTime ?? d.ProcessingStartTime ?? d.TransformStartTime)],
        ['Ended', time(d.TrainingEndTime ?? d.ProcessingEndTime ?? d.TransformEndTime)],
        ['Image', d.AlgorithmSpecification?.TrainingImage ?? d.AppSpecification?.ImageUri],
        ['Model', d.ModelName],
        ['Instances', instancesOf(d)],
        ['Billable seconds', d.BillableTimeInSeconds],
      ]),
    ),
  );
  const transitions = (d.SecondaryStatusTransitions ?? []) as Described[];
  if (transitions.length) {
    out.push(
      section(
        'Timeline',
        h(
          'ol',
          { className: 'tessera-Timeline' },
          transitions.map((t) =>
            h(
              'li',
              {},
              h('strong', {}, t.Status),
              ` ${time(t.StartTime)}`,
              t.StatusMessage ? h('div', { className: 'tessera-Muted' }, t.StatusMessage) : null,
            ),
          ),
        ),
      ),
    );
  }
  if (d.HyperParameters)
    out.push(section('Hyperparameters', table(Object.entries(d.HyperParameters as Record<string, string>))));
  const inputs: [string, Node | undefined][] = [
    ...((d.InputDataConfig ?? []) as Described[]).map(
      (c) => [c.ChannelName, s3Uri(c.DataSource?.S3DataSource?.S3Uri)] as [string, Node | undefined],
    ),
    ...((d.ProcessingInputs ?? []) as Described[]).map(
      (i) => [i.InputName, s3Uri(i.S3Input?.S3Uri)] as [string, Node | undefined],
    ),
    ...(d.TransformInput
      ? [['input', s3Uri(d.TransformInput.DataSource?.S3DataSource?.S3Uri)] as [string, Node | undefined]]
      : []),
  ];
  if (inputs.length) out.push(section('Inputs', table(inputs)));
  const outputs: [string, Node | undefined][] = [
    ['Model artifacts', s3Uri(d.ModelArtifacts?.S3ModelArtifacts)],
    ['Output path', s3Uri(d.OutputDataConfig?.S3OutputPath ?? d.TransformOutput?.S3OutputPath)],
    ...((d.ProcessingOutputConfig?.Outputs ?? []) as Described[]).map(
      (o) => [o.OutputName, s3Uri(o.S3Output?.S3Uri)] as [string, Node | undefined],
    ),
  ];
  out.push(section('Outputs', table(outputs, 'Nothing yet.')));
  return out.filter((n): n is HTMLElement => !!n);
}

/** A chart per metric of a training job (MetricDefinitions, or the algorithm's own), kept current. */
export class MetricCharts {
  readonly node = h('div', { className: 'tessera-Charts' });

  constructor(private name: string) {}

  async refresh(): Promise<void> {
    const r = await trainingJobMetrics(this.name);
    if (!r.Metrics.length) {
      this.node.replaceChildren(h('p', { className: 'tessera-Muted' }, 'No metrics reported yet.'));
      this.charts.clear();
      return;
    }
    for (const m of r.Metrics) {
      let chart = this.charts.get(m.MetricName);
      if (!chart) {
        if (!this.charts.size) this.node.replaceChildren();
        chart = new TimeChart(m.MetricName);
        this.charts.set(m.MetricName, chart);
        this.node.append(chart.node);
      }
      chart.update([{ label: m.MetricName, points: m.Points.map((p) => [epochMs(p.Timestamp), p.Value]) }]);
    }
  }

  dispose(): void {
    for (const c of this.charts.values()) c.dispose();
  }

  private charts = new Map<string, TimeChart>();
}

/**
 * Deploys a completed training job: a model from its artifacts (with its script-mode program and
 * code, as the SDK's deploy() does), an endpoint config on the chosen instance type, an endpoint.
 */
export async function deployTrainingJob(d: JobDescription, endpointName: string, instanceType: string): Promise<void> {
  const hp = (d.HyperParameters ?? {}) as Record<string, string>;
  const decode = (v: string | undefined) => {
    if (v === undefined) return undefined;
    try {
      return String(JSON.parse(v));
    } catch {
      return v;
    }
  };
  const program = decode(hp.sagemaker_program);
  const code = decode(hp.sagemaker_submit_directory);
  const model = `${endpointName}-model`;
  await sageMaker('CreateModel', {
    ModelName: model,
    ExecutionRoleArn: d.RoleArn,
    PrimaryContainer: {
      Image: d.AlgorithmSpecification.TrainingImage,
      ModelDataUrl: d.ModelArtifacts.S3ModelArtifacts,
      ...(program && code ? { Environment: { SAGEMAKER_PROGRAM: program, SAGEMAKER_SUBMIT_DIRECTORY: code } } : {}),
    },
  });
  await sageMaker('CreateEndpointConfig', {
    EndpointConfigName: `${endpointName}-config`,
    ProductionVariants: [
      { VariantName: 'AllTraffic', ModelName: model, InstanceType: instanceType, InitialInstanceCount: 1 },
    ],
  });
  await sageMaker('CreateEndpoint', { EndpointName: endpointName, EndpointConfigName: `${endpointName}-config` });
}
