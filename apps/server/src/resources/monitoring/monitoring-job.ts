// One shape for what a monitoring execution runs, whichever way it was defined: one of the four
// Create*JobDefinition requests, or a schedule's inline MonitoringJobDefinition (data quality).
// Executions are built from this alone (launch-execution.ts).
import type {
  CreateDataQualityJobDefinitionRequest,
  CreateModelBiasJobDefinitionRequest,
  CreateModelExplainabilityJobDefinitionRequest,
  CreateModelQualityJobDefinitionRequest,
  EndpointInput,
  JobDefinitionRequest,
  MonitoringInput,
  MonitoringJobDefinition,
  MonitoringType,
} from '@tessera/contracts';

export interface MonitoringJob {
  type: MonitoringType;
  constraintsUri?: string;
  statisticsUri?: string;
  image: string;
  entrypoint?: string[];
  arguments?: string[];
  recordPreprocessorUri?: string;
  postAnalyticsUri?: string;
  /** Clarify's analysis_config.json (bias and explainability). */
  configUri?: string;
  problemType?: string;
  environment: Record<string, string>;
  input: MonitoringInput;
  groundTruthUri?: string;
  output: { S3Uri: string; LocalPath: string; S3UploadMode?: 'Continuous' | 'EndOfJob' | undefined };
  cluster: { InstanceCount: number; InstanceType: string; VolumeSizeInGB: number };
  maxRuntimeInSeconds?: number;
  roleArn: string;
  isolated: boolean;
}

const cluster = (c: { InstanceCount: number; InstanceType: string; VolumeSizeInGB: number }) => ({
  InstanceCount: c.InstanceCount,
  InstanceType: c.InstanceType,
  VolumeSizeInGB: c.VolumeSizeInGB,
});

export function fromInline(d: MonitoringJobDefinition): MonitoringJob {
  const app = d.MonitoringAppSpecification;
  return {
    type: 'DataQuality',
    ...baselineUris(d.BaselineConfig),
    image: app.ImageUri,
    ...(app.ContainerEntrypoint ? { entrypoint: app.ContainerEntrypoint } : {}),
    ...(app.ContainerArguments ? { arguments: app.ContainerArguments } : {}),
    ...(app.RecordPreprocessorSourceUri ? { recordPreprocessorUri: app.RecordPreprocessorSourceUri } : {}),
    ...(app.PostAnalyticsProcessorSourceUri ? { postAnalyticsUri: app.PostAnalyticsProcessorSourceUri } : {}),
    environment: d.Environment ?? {},
    input: d.MonitoringInputs[0]!,
    output: d.MonitoringOutputConfig.MonitoringOutputs[0]!.S3Output,
    cluster: cluster(d.MonitoringResources.ClusterConfig),
    ...(d.StoppingCondition ? { maxRuntimeInSeconds: d.StoppingCondition.MaxRuntimeInSeconds } : {}),
    roleArn: d.RoleArn,
    isolated: !!d.NetworkConfig?.EnableNetworkIsolation,
  };
}

function baselineUris(b: { ConstraintsResource?: { S3Uri?: string }; StatisticsResource?: { S3Uri?: string } } = {}) {
  return {
    ...(b.ConstraintsResource?.S3Uri ? { constraintsUri: b.ConstraintsResource.S3Uri } : {}),
    ...(b.StatisticsResource?.S3Uri ? { statisticsUri: b.StatisticsResource.S3Uri } : {}),
  };
}

export function fromDefinition(type: MonitoringType, request: JobDefinitionRequest): MonitoringJob {
  const common = {
    type,
    cluster: cluster(request.JobResources.ClusterConfig),
    ...(request.StoppingCondition ? { maxRuntimeInSeconds: request.StoppingCondition.MaxRuntimeInSeconds } : {}),
    roleArn: request.RoleArn,
    isolated: !!request.NetworkConfig?.EnableNetworkIsolation,
  };
  switch (type) {
    case 'DataQuality': {
      const r = request as CreateDataQualityJobDefinitionRequest;
      const app = r.DataQualityAppSpecification;
      return {
        ...common,
        ...baselineUris(r.DataQualityBaselineConfig),
        ...analyzer(app),
        input: r.DataQualityJobInput,
        output: r.DataQualityJobOutputConfig.MonitoringOutputs[0]!.S3Output,
      };
    }
    case 'ModelQuality': {
      const r = request as CreateModelQualityJobDefinitionRequest;
      const app = r.ModelQualityAppSpecification;
      const { GroundTruthS3Input, ...input } = r.ModelQualityJobInput;
      return {
        ...common,
        ...baselineUris(r.ModelQualityBaselineConfig),
        ...analyzer(app),
        ...(app.ProblemType ? { problemType: app.ProblemType } : {}),
        input,
        ...(GroundTruthS3Input.S3Uri ? { groundTruthUri: GroundTruthS3Input.S3Uri } : {}),
        output: r.ModelQualityJobOutputConfig.MonitoringOutputs[0]!.S3Output,
      };
    }
    case 'ModelBias': {
      const r = request as CreateModelBiasJobDefinitionRequest;
      const { GroundTruthS3Input, ...input } = r.ModelBiasJobInput;
      return {
        ...common,
        ...baselineUris(r.ModelBiasBaselineConfig),
        ...clarify(r.ModelBiasAppSpecification),
        input,
        ...(GroundTruthS3Input.S3Uri ? { groundTruthUri: GroundTruthS3Input.S3Uri } : {}),
        output: r.ModelBiasJobOutputConfig.MonitoringOutputs[0]!.S3Output,
      };
    }
    case 'ModelExplainability': {
      const r = request as CreateModelExplainabilityJobDefinitionRequest;
      return {
        ...common,
        ...baselineUris(r.ModelExplainabilityBaselineConfig),
        ...clarify(r.ModelExplainabilityAppSpecification),
        input: r.ModelExplainabilityJobInput,
        output: r.ModelExplainabilityJobOutputConfig.MonitoringOutputs[0]!.S3Output,
      };
    }
  }
}

function analyzer(app: CreateDataQualityJobDefinitionRequest['DataQualityAppSpecification']) {
  return {
    image: app.ImageUri,
    ...(app.ContainerEntrypoint ? { entrypoint: app.ContainerEntrypoint } : {}),
    ...(app.ContainerArguments ? { arguments: app.ContainerArguments } : {}),
    ...(app.RecordPreprocessorSourceUri ? { recordPreprocessorUri: app.RecordPreprocessorSourceUri } : {}),
    ...(app.PostAnalyticsProcessorSourceUri ? { postAnalyticsUri: app.PostAnalyticsProcessorSourceUri } : {}),
    environment: app.Environment ?? {},
  };
}

function clarify(app: { ImageUri: string; ConfigUri: string; Environment?: Record<string, string> | undefined }) {
  return { image: app.ImageUri, configUri: app.ConfigUri, environment: app.Environment ?? {} };
}

/** The endpoint a job watches (batch transform input is refused before this is asked). */
export const endpointInputOf = (job: MonitoringJob): EndpointInput | undefined => job.input.EndpointInput;

/** Every S3 location the job reads or writes, named by field, for the bucket checks. */
export function bucketsOf(job: MonitoringJob): { field: string; uri: string }[] {
  const at: [string, string | undefined][] = [
    ['MonitoringOutputs S3Uri', job.output.S3Uri],
    ['ConstraintsResource', job.constraintsUri],
    ['StatisticsResource', job.statisticsUri],
    ['RecordPreprocessorSourceUri', job.recordPreprocessorUri],
    ['PostAnalyticsProcessorSourceUri', job.postAnalyticsUri],
    ['ConfigUri', job.configUri],
    ['GroundTruthS3Input', job.groundTruthUri],
  ];
  return at.filter(([, uri]) => uri).map(([field, uri]) => ({ field, uri: uri! }));
}
