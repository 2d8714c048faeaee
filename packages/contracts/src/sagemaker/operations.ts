// The operations Tessera's SageMaker API serves: name → request and response shapes. The server
// validates every request against `input` and (in tests) every response against `output`.
import type { z } from 'zod';
import * as app from './app.ts';
import * as domain from './domain.ts';
import * as image from './image.ts';
import * as tags from './tags.ts';
import * as profile from './user-profile.ts';
import * as training from './training-job.ts';
import * as tuning from './tuning-job.ts';
import * as experiment from './experiment.ts';
import * as search from './search.ts';
import * as ep from './endpoint.ts';
import * as registry from './model-package.ts';
import * as transform from './transform-job.ts';
import * as processing from './processing-job.ts';
import * as presigned from './presigned-domain-url.ts';
import * as monitoring from './monitoring.ts';

export interface OperationShape {
  input: z.ZodType;
  output: z.ZodType;
}

export const sageMakerOperations = {
  CreateDomain: { input: domain.ZCreateDomainRequestSchema, output: domain.ZCreateDomainResponseSchema },
  DescribeDomain: { input: domain.ZDescribeDomainRequestSchema, output: domain.ZDescribeDomainResponseSchema },
  ListDomains: { input: domain.ZListDomainsRequestSchema, output: domain.ZListDomainsResponseSchema },
  UpdateDomain: { input: domain.ZUpdateDomainRequestSchema, output: domain.ZUpdateDomainResponseSchema },
  DeleteDomain: { input: domain.ZDeleteDomainRequestSchema, output: domain.ZDeleteDomainResponseSchema },
  CreateUserProfile: {
    input: profile.ZCreateUserProfileRequestSchema,
    output: profile.ZCreateUserProfileResponseSchema,
  },
  DescribeUserProfile: {
    input: profile.ZDescribeUserProfileRequestSchema,
    output: profile.ZDescribeUserProfileResponseSchema,
  },
  ListUserProfiles: { input: profile.ZListUserProfilesRequestSchema, output: profile.ZListUserProfilesResponseSchema },
  UpdateUserProfile: {
    input: profile.ZUpdateUserProfileRequestSchema,
    output: profile.ZUpdateUserProfileResponseSchema,
  },
  DeleteUserProfile: {
    input: profile.ZDeleteUserProfileRequestSchema,
    output: profile.ZDeleteUserProfileResponseSchema,
  },
  AddTags: { input: tags.ZAddTagsRequestSchema, output: tags.ZAddTagsResponseSchema },
  ListTags: { input: tags.ZListTagsRequestSchema, output: tags.ZListTagsResponseSchema },
  DeleteTags: { input: tags.ZDeleteTagsRequestSchema, output: tags.ZDeleteTagsResponseSchema },
  CreateApp: { input: app.ZCreateAppRequestSchema, output: app.ZCreateAppResponseSchema },
  DescribeApp: { input: app.ZDescribeAppRequestSchema, output: app.ZDescribeAppResponseSchema },
  ListApps: { input: app.ZListAppsRequestSchema, output: app.ZListAppsResponseSchema },
  DeleteApp: { input: app.ZDeleteAppRequestSchema, output: app.ZDeleteAppResponseSchema },
  CreateImage: { input: image.ZCreateImageRequestSchema, output: image.ZCreateImageResponseSchema },
  DescribeImage: { input: image.ZDescribeImageRequestSchema, output: image.ZDescribeImageResponseSchema },
  ListImages: { input: image.ZListImagesRequestSchema, output: image.ZListImagesResponseSchema },
  DeleteImage: { input: image.ZDeleteImageRequestSchema, output: image.ZDeleteImageResponseSchema },
  CreateImageVersion: {
    input: image.ZCreateImageVersionRequestSchema,
    output: image.ZCreateImageVersionResponseSchema,
  },
  DescribeImageVersion: {
    input: image.ZDescribeImageVersionRequestSchema,
    output: image.ZDescribeImageVersionResponseSchema,
  },
  CreateAppImageConfig: {
    input: image.ZCreateAppImageConfigRequestSchema,
    output: image.ZCreateAppImageConfigResponseSchema,
  },
  DescribeAppImageConfig: {
    input: image.ZDescribeAppImageConfigRequestSchema,
    output: image.ZDescribeAppImageConfigResponseSchema,
  },
  ListAppImageConfigs: {
    input: image.ZListAppImageConfigsRequestSchema,
    output: image.ZListAppImageConfigsResponseSchema,
  },
  DeleteAppImageConfig: {
    input: image.ZDeleteAppImageConfigRequestSchema,
    output: image.ZDeleteAppImageConfigResponseSchema,
  },
  CreateTrainingJob: {
    input: training.ZCreateTrainingJobRequestSchema,
    output: training.ZCreateTrainingJobResponseSchema,
  },
  DescribeTrainingJob: {
    input: training.ZDescribeTrainingJobRequestSchema,
    output: training.ZDescribeTrainingJobResponseSchema,
  },
  ListTrainingJobs: {
    input: training.ZListTrainingJobsRequestSchema,
    output: training.ZListTrainingJobsResponseSchema,
  },
  StopTrainingJob: { input: training.ZStopTrainingJobRequestSchema, output: training.ZStopTrainingJobResponseSchema },
  CreateHyperParameterTuningJob: {
    input: tuning.ZCreateHyperParameterTuningJobRequestSchema,
    output: tuning.ZCreateHyperParameterTuningJobResponseSchema,
  },
  DescribeHyperParameterTuningJob: {
    input: tuning.ZDescribeHyperParameterTuningJobRequestSchema,
    output: tuning.ZDescribeHyperParameterTuningJobResponseSchema,
  },
  ListHyperParameterTuningJobs: {
    input: tuning.ZListHyperParameterTuningJobsRequestSchema,
    output: tuning.ZListHyperParameterTuningJobsResponseSchema,
  },
  ListTrainingJobsForHyperParameterTuningJob: {
    input: tuning.ZListTrainingJobsForHyperParameterTuningJobRequestSchema,
    output: tuning.ZListTrainingJobsForHyperParameterTuningJobResponseSchema,
  },
  StopHyperParameterTuningJob: {
    input: tuning.ZStopHyperParameterTuningJobRequestSchema,
    output: ep.ZEmptyResponseSchema,
  },
  DeleteHyperParameterTuningJob: {
    input: tuning.ZDeleteHyperParameterTuningJobRequestSchema,
    output: ep.ZEmptyResponseSchema,
  },
  CreateModel: { input: ep.ZCreateModelRequestSchema, output: ep.ZCreateModelResponseSchema },
  DescribeModel: { input: ep.ZDescribeModelRequestSchema, output: ep.ZDescribeModelResponseSchema },
  ListModels: { input: ep.ZListModelsRequestSchema, output: ep.ZListModelsResponseSchema },
  DeleteModel: { input: ep.ZDeleteModelRequestSchema, output: ep.ZEmptyResponseSchema },
  CreateModelPackageGroup: {
    input: registry.ZCreateModelPackageGroupRequestSchema,
    output: registry.ZCreateModelPackageGroupResponseSchema,
  },
  DescribeModelPackageGroup: {
    input: registry.ZDescribeModelPackageGroupRequestSchema,
    output: registry.ZDescribeModelPackageGroupResponseSchema,
  },
  ListModelPackageGroups: {
    input: registry.ZListModelPackageGroupsRequestSchema,
    output: registry.ZListModelPackageGroupsResponseSchema,
  },
  DeleteModelPackageGroup: { input: registry.ZDeleteModelPackageGroupRequestSchema, output: ep.ZEmptyResponseSchema },
  CreateModelPackage: {
    input: registry.ZCreateModelPackageRequestSchema,
    output: registry.ZCreateModelPackageResponseSchema,
  },
  DescribeModelPackage: {
    input: registry.ZDescribeModelPackageRequestSchema,
    output: registry.ZDescribeModelPackageResponseSchema,
  },
  ListModelPackages: {
    input: registry.ZListModelPackagesRequestSchema,
    output: registry.ZListModelPackagesResponseSchema,
  },
  UpdateModelPackage: {
    input: registry.ZUpdateModelPackageRequestSchema,
    output: registry.ZUpdateModelPackageResponseSchema,
  },
  DeleteModelPackage: { input: registry.ZDeleteModelPackageRequestSchema, output: ep.ZEmptyResponseSchema },
  CreateEndpointConfig: {
    input: ep.ZCreateEndpointConfigRequestSchema,
    output: ep.ZCreateEndpointConfigResponseSchema,
  },
  DescribeEndpointConfig: {
    input: ep.ZDescribeEndpointConfigRequestSchema,
    output: ep.ZDescribeEndpointConfigResponseSchema,
  },
  ListEndpointConfigs: { input: ep.ZListEndpointConfigsRequestSchema, output: ep.ZListEndpointConfigsResponseSchema },
  DeleteEndpointConfig: { input: ep.ZDeleteEndpointConfigRequestSchema, output: ep.ZEmptyResponseSchema },
  CreateEndpoint: { input: ep.ZCreateEndpointRequestSchema, output: ep.ZCreateEndpointResponseSchema },
  DescribeEndpoint: { input: ep.ZDescribeEndpointRequestSchema, output: ep.ZDescribeEndpointResponseSchema },
  ListEndpoints: { input: ep.ZListEndpointsRequestSchema, output: ep.ZListEndpointsResponseSchema },
  DeleteEndpoint: { input: ep.ZDeleteEndpointRequestSchema, output: ep.ZEmptyResponseSchema },
  UpdateEndpoint: { input: ep.ZUpdateEndpointRequestSchema, output: ep.ZUpdateEndpointResponseSchema },
  UpdateEndpointWeightsAndCapacities: {
    input: ep.ZUpdateEndpointWeightsAndCapacitiesRequestSchema,
    output: ep.ZUpdateEndpointWeightsAndCapacitiesResponseSchema,
  },
  CreateTransformJob: {
    input: transform.ZCreateTransformJobRequestSchema,
    output: transform.ZCreateTransformJobResponseSchema,
  },
  DescribeTransformJob: {
    input: transform.ZDescribeTransformJobRequestSchema,
    output: transform.ZDescribeTransformJobResponseSchema,
  },
  ListTransformJobs: {
    input: transform.ZListTransformJobsRequestSchema,
    output: transform.ZListTransformJobsResponseSchema,
  },
  StopTransformJob: {
    input: transform.ZStopTransformJobRequestSchema,
    output: transform.ZStopTransformJobResponseSchema,
  },
  CreateProcessingJob: {
    input: processing.ZCreateProcessingJobRequestSchema,
    output: processing.ZCreateProcessingJobResponseSchema,
  },
  DescribeProcessingJob: {
    input: processing.ZDescribeProcessingJobRequestSchema,
    output: processing.ZDescribeProcessingJobResponseSchema,
  },
  ListProcessingJobs: {
    input: processing.ZListProcessingJobsRequestSchema,
    output: processing.ZListProcessingJobsResponseSchema,
  },
  StopProcessingJob: {
    input: processing.ZStopProcessingJobRequestSchema,
    output: processing.ZStopProcessingJobResponseSchema,
  },
  CreateExperiment: {
    input: experiment.ZCreateExperimentRequestSchema,
    output: experiment.ZCreateExperimentResponseSchema,
  },
  DescribeExperiment: {
    input: experiment.ZDescribeExperimentRequestSchema,
    output: experiment.ZDescribeExperimentResponseSchema,
  },
  ListExperiments: {
    input: experiment.ZListExperimentsRequestSchema,
    output: experiment.ZListExperimentsResponseSchema,
  },
  UpdateExperiment: {
    input: experiment.ZUpdateExperimentRequestSchema,
    output: experiment.ZUpdateExperimentResponseSchema,
  },
  DeleteExperiment: {
    input: experiment.ZDeleteExperimentRequestSchema,
    output: experiment.ZDeleteExperimentResponseSchema,
  },
  CreateTrial: { input: experiment.ZCreateTrialRequestSchema, output: experiment.ZCreateTrialResponseSchema },
  DescribeTrial: { input: experiment.ZDescribeTrialRequestSchema, output: experiment.ZDescribeTrialResponseSchema },
  ListTrials: { input: experiment.ZListTrialsRequestSchema, output: experiment.ZListTrialsResponseSchema },
  UpdateTrial: { input: experiment.ZUpdateTrialRequestSchema, output: experiment.ZUpdateTrialResponseSchema },
  DeleteTrial: { input: experiment.ZDeleteTrialRequestSchema, output: experiment.ZDeleteTrialResponseSchema },
  CreateTrialComponent: {
    input: experiment.ZCreateTrialComponentRequestSchema,
    output: experiment.ZCreateTrialComponentResponseSchema,
  },
  DescribeTrialComponent: {
    input: experiment.ZDescribeTrialComponentRequestSchema,
    output: experiment.ZDescribeTrialComponentResponseSchema,
  },
  ListTrialComponents: {
    input: experiment.ZListTrialComponentsRequestSchema,
    output: experiment.ZListTrialComponentsResponseSchema,
  },
  UpdateTrialComponent: {
    input: experiment.ZUpdateTrialComponentRequestSchema,
    output: experiment.ZUpdateTrialComponentResponseSchema,
  },
  DeleteTrialComponent: {
    input: experiment.ZDeleteTrialComponentRequestSchema,
    output: experiment.ZDeleteTrialComponentResponseSchema,
  },
  AssociateTrialComponent: {
    input: experiment.ZAssociateTrialComponentRequestSchema,
    output: experiment.ZAssociateTrialComponentResponseSchema,
  },
  DisassociateTrialComponent: {
    input: experiment.ZDisassociateTrialComponentRequestSchema,
    output: experiment.ZDisassociateTrialComponentResponseSchema,
  },
  Search: { input: search.ZSearchRequestSchema, output: search.ZSearchResponseSchema },
  GetSearchSuggestions: {
    input: search.ZGetSearchSuggestionsRequestSchema,
    output: search.ZGetSearchSuggestionsResponseSchema,
  },
  CreateDataQualityJobDefinition: {
    input: monitoring.ZCreateDataQualityJobDefinitionRequestSchema,
    output: monitoring.ZCreateJobDefinitionResponseSchema,
  },
  DescribeDataQualityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDescribeJobDefinitionResponseSchema,
  },
  ListDataQualityJobDefinitions: {
    input: monitoring.ZListJobDefinitionsRequestSchema,
    output: monitoring.ZListJobDefinitionsResponseSchema,
  },
  DeleteDataQualityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDeleteJobDefinitionResponseSchema,
  },
  CreateModelQualityJobDefinition: {
    input: monitoring.ZCreateModelQualityJobDefinitionRequestSchema,
    output: monitoring.ZCreateJobDefinitionResponseSchema,
  },
  DescribeModelQualityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDescribeJobDefinitionResponseSchema,
  },
  ListModelQualityJobDefinitions: {
    input: monitoring.ZListJobDefinitionsRequestSchema,
    output: monitoring.ZListJobDefinitionsResponseSchema,
  },
  DeleteModelQualityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDeleteJobDefinitionResponseSchema,
  },
  CreateModelBiasJobDefinition: {
    input: monitoring.ZCreateModelBiasJobDefinitionRequestSchema,
    output: monitoring.ZCreateJobDefinitionResponseSchema,
  },
  DescribeModelBiasJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDescribeJobDefinitionResponseSchema,
  },
  ListModelBiasJobDefinitions: {
    input: monitoring.ZListJobDefinitionsRequestSchema,
    output: monitoring.ZListJobDefinitionsResponseSchema,
  },
  DeleteModelBiasJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDeleteJobDefinitionResponseSchema,
  },
  CreateModelExplainabilityJobDefinition: {
    input: monitoring.ZCreateModelExplainabilityJobDefinitionRequestSchema,
    output: monitoring.ZCreateJobDefinitionResponseSchema,
  },
  DescribeModelExplainabilityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDescribeJobDefinitionResponseSchema,
  },
  ListModelExplainabilityJobDefinitions: {
    input: monitoring.ZListJobDefinitionsRequestSchema,
    output: monitoring.ZListJobDefinitionsResponseSchema,
  },
  DeleteModelExplainabilityJobDefinition: {
    input: monitoring.ZJobDefinitionNameRequestSchema,
    output: monitoring.ZDeleteJobDefinitionResponseSchema,
  },
  CreateMonitoringSchedule: {
    input: monitoring.ZCreateMonitoringScheduleRequestSchema,
    output: monitoring.ZMonitoringScheduleArnResponseSchema,
  },
  DescribeMonitoringSchedule: {
    input: monitoring.ZMonitoringScheduleNameRequestSchema,
    output: monitoring.ZDescribeMonitoringScheduleResponseSchema,
  },
  ListMonitoringSchedules: {
    input: monitoring.ZListMonitoringSchedulesRequestSchema,
    output: monitoring.ZListMonitoringSchedulesResponseSchema,
  },
  UpdateMonitoringSchedule: {
    input: monitoring.ZUpdateMonitoringScheduleRequestSchema,
    output: monitoring.ZMonitoringScheduleArnResponseSchema,
  },
  StartMonitoringSchedule: {
    input: monitoring.ZMonitoringScheduleNameRequestSchema,
    output: ep.ZEmptyResponseSchema,
  },
  StopMonitoringSchedule: {
    input: monitoring.ZMonitoringScheduleNameRequestSchema,
    output: ep.ZEmptyResponseSchema,
  },
  DeleteMonitoringSchedule: {
    input: monitoring.ZMonitoringScheduleNameRequestSchema,
    output: ep.ZEmptyResponseSchema,
  },
  ListMonitoringExecutions: {
    input: monitoring.ZListMonitoringExecutionsRequestSchema,
    output: monitoring.ZListMonitoringExecutionsResponseSchema,
  },
  CreatePresignedDomainUrl: {
    input: presigned.ZCreatePresignedDomainUrlRequestSchema,
    output: presigned.ZCreatePresignedDomainUrlResponseSchema,
  },
} satisfies Record<string, OperationShape>;

export type SageMakerOperation = keyof typeof sageMakerOperations;
export type OperationInput<Op extends SageMakerOperation> = z.infer<(typeof sageMakerOperations)[Op]['input']>;
export type OperationOutput<Op extends SageMakerOperation> = z.input<(typeof sageMakerOperations)[Op]['output']>;
