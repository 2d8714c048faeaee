// Shared by the Model Monitor tests: a model that adds its first two features (so its output is a
// column the baseline can describe), an endpoint that captures its traffic, data drawn from a known
// distribution (x ~ N(0,1) + shift, y ~ U(0,10), c in {a,b,c}), SageMaker's suggest_baseline as the
// SDK sends it, and waits on executions.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateProcessingJobCommand,
  DescribeEndpointCommand,
  DescribeMonitoringScheduleCommand,
  ListEndpointsCommand,
  type DescribeMonitoringScheduleCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { waitFor } from '@tessera/test-support';
import { uniqueName } from './harness.ts';
import { processingEnds, ROLE, SKLEARN_IMAGE, sourceDir, type WorkUser } from './work-fixture.ts';

/** The analyzer's published URI (us-east-1), as the SDK's image_uris.retrieve("model-monitor") gives it. */
export const MONITOR_IMAGE = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';

const ADDER = `
def model_fn(model_dir):
    return None
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return [line.split(',') for line in text.strip().splitlines()]
def predict_fn(rows, model):
    return [float(r[0]) + float(r[1]) for r in rows]
def output_fn(prediction, accept):
    return '\\n'.join('%.4f' % p for p in prediction), 'text/csv'
`;

export const CLARIFY_IMAGE = '205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0';

/** score = 0.1·Age + 0·Gender + 0.5·Income − 3: a linear model, so each SHAP value is w·(x − baseline). */
export const LINEAR = `
def model_fn(model_dir):
    return None
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return [[float(v) for v in line.split(',')] for line in text.strip().splitlines()]
def predict_fn(rows, model):
    return [0.1 * r[0] + 0.0 * r[1] + 0.5 * r[2] - 3 for r in rows]
def output_fn(prediction, accept):
    return '\\n'.join('%.6f' % p for p in prediction), 'text/csv'
`;
export const W = { Age: 0.1, Gender: 0, Income: 0.5 };
export const score = (age: number, income: number) => 0.1 * age + 0.5 * income - 3;

/** 200 rows: Gender 1 (the facet) has 30 positive labels of 100, Gender 0 has 60 of 100. */
export function plantedRows(): { Target: number; Age: number; Gender: number; Income: number }[] {
  let s = 3;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows = [];
  for (let i = 0; i < 200; i++) {
    const Gender = i < 100 ? 1 : 0;
    const k = i % 100;
    const Target = Gender === 1 ? (k < 30 ? 1 : 0) : k < 60 ? 1 : 0;
    rows.push({ Target, Age: Math.round(20 + rand() * 40), Gender, Income: Number((rand() * 10).toFixed(3)) });
  }
  return rows;
}

/** Rows of x,y,c (no prediction): x ~ N(shift, 1), y ~ U(0, 10), c uniform over a, b, c. */
export function featureRows(n: number, seed: number, shift = 0): [number, number, string][] {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows: [number, number, string][] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()) + shift;
    rows.push([Number(x.toFixed(4)), Number((rand() * 10).toFixed(4)), 'abc'[Math.floor(rand() * 3)]!]);
  }
  return rows;
}

/** The baseline: the model's output first (output_columns_position START), then the features. */
export function baselineCsv(rows: [number, number, string][]): string {
  return ['prediction,x,y,c', ...rows.map(([x, y, c]) => `${(x + y).toFixed(4)},${x},${y},${c}`)].join('\n') + '\n';
}

/** A model of the scikit-learn container serving `code` (its inference.py). */
export async function scriptModel(u: WorkUser, code: string): Promise<string> {
  const model = uniqueName('model');
  const data = await u.put(`models/${model}.tar.gz`, await sourceDir({ 'code/inference.py': code }));
  await u.sagemaker.send(
    new CreateModelCommand({
      ModelName: model,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: SKLEARN_IMAGE,
        ModelDataUrl: data,
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    }),
  );
  return model;
}

/** An endpoint of the adder (or the model `code` defines) that captures its traffic under s3://<bucket>/capture. */
export async function capturingEndpoint(u: WorkUser, code = ADDER): Promise<{ endpoint: string; capture: string }> {
  const model = await scriptModel(u, code);
  const config = uniqueName('cfg');
  const capture = `s3://${u.bucket}/capture`;
  await u.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: config,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
      ],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: capture,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      },
    }),
  );
  const endpoint = uniqueName('ep');
  await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: config }));
  await waitFor(
    async () => {
      const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint }));
      if (d.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
      return d.EndpointStatus === 'InService' || undefined;
    },
    `endpoint ${endpoint} InService`,
    120_000,
    200,
  );
  return { endpoint, capture };
}

/** Sends the rows in invocations of `batch` CSV lines each. */
export async function sendTraffic(u: WorkUser, endpoint: string, rows: [number, number, string][], batch = 50) {
  for (let i = 0; i < rows.length; i += batch) {
    const body = rows
      .slice(i, i + batch)
      .map((r) => r.join(','))
      .join('\n');
    await u.runtime.send(
      new InvokeEndpointCommand({ EndpointName: endpoint, ContentType: 'text/csv', Body: Buffer.from(body) }),
    );
  }
}

/** Waits until the capture holds at least `records` records (the server writes it every few seconds). */
export async function captured(u: WorkUser, endpoint: string, records: number): Promise<void> {
  await waitFor(
    async () => {
      let count = 0;
      let token: string | undefined;
      do {
        const page = await u.s3.send(
          new ListObjectsV2Command({ Bucket: u.bucket, Prefix: `capture/${endpoint}/`, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) count += (await u.get(o.Key!)).toString().trim().split('\n').length;
        token = page.NextContinuationToken;
      } while (token);
      return count >= records || undefined;
    },
    `${records} captured records of ${endpoint}`,
    30_000,
    500,
  );
}

/** DefaultModelMonitor.suggest_baseline's processing job, as the SageMaker Python SDK creates it. */
export async function suggestBaseline(u: WorkUser, dataset: string, outputPrefix: string): Promise<string> {
  const name = uniqueName('baseline-suggestion-job');
  await u.sagemaker.send(
    new CreateProcessingJobCommand({
      ProcessingJobName: name,
      ProcessingInputs: [
        {
          InputName: 'baseline_dataset_input',
          S3Input: {
            S3Uri: dataset,
            LocalPath: '/opt/ml/processing/input/baseline_dataset_input',
            S3DataType: 'S3Prefix',
            S3InputMode: 'File',
            S3DataDistributionType: 'FullyReplicated',
          },
        },
      ],
      ProcessingOutputConfig: {
        Outputs: [
          {
            OutputName: 'monitoring_output',
            S3Output: { S3Uri: outputPrefix, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' },
          },
        ],
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
      AppSpecification: { ImageUri: MONITOR_IMAGE },
      RoleArn: ROLE,
      Environment: {
        dataset_format: JSON.stringify({ csv: { header: true, output_columns_position: 'START' } }),
        dataset_source: '/opt/ml/processing/input/baseline_dataset_input',
        output_path: '/opt/ml/processing/output',
        publish_cloudwatch_metrics: 'Disabled',
      },
    }),
  );
  const d = await processingEnds(u.sagemaker, name, 120_000);
  if (d.ProcessingJobStatus !== 'Completed') throw new Error(`baselining failed: ${d.FailureReason}`);
  return name;
}

/** Waits until the schedule's last execution was scheduled after `after` and has ended. */
export async function executionEnds(
  sm: SageMakerClient,
  schedule: string,
  after = 0,
  timeoutMs = 150_000,
): Promise<DescribeMonitoringScheduleCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
      const last = d.LastMonitoringExecutionSummary;
      if (!last || last.ScheduledTime!.getTime() < after) return undefined;
      return ['Completed', 'CompletedWithViolations', 'Failed', 'Stopped'].includes(last.MonitoringExecutionStatus!)
        ? d
        : undefined;
    },
    `an execution of ${schedule} to end`,
    timeoutMs,
    250,
  );
}

export { processingEnds };

/**
 * Waits until no Clarify shadow endpoint of the user's is listed: Clarify deletes its shadow when it
 * ends, and DeleteEndpoint, as SageMaker's, finishes after it answers (the endpoint is Deleting a moment).
 */
export async function shadowEndpointsGone(u: WorkUser): Promise<void> {
  await waitFor(
    async () => {
      const listed = await u.sagemaker.send(new ListEndpointsCommand({ NameContains: 'sm-clarify', MaxResults: 100 }));
      return listed.Endpoints!.length === 0 || undefined;
    },
    'the Clarify shadow endpoints deleted',
    30_000,
    200,
  );
}
