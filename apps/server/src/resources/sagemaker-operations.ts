// Operation name → handler. Adding an operation: its shapes in @tessera/contracts, its handler
// in a file of its own here, and one line below.
import type { OperationInput, OperationOutput, SageMakerOperation } from '@tessera/contracts';
import type { OpContext } from './services.ts';
import { addTags } from './tags/operations/add-tags.ts';
import { createApp } from './apps/operations/create-app.ts';
import { describeApp } from './apps/operations/describe-app.ts';
import { listApps } from './apps/operations/list-apps.ts';
import { deleteApp } from './apps/operations/delete-app.ts';
import { createImage } from './images/operations/create-image.ts';
import { describeImage } from './images/operations/describe-image.ts';
import { listImages } from './images/operations/list-images.ts';
import { deleteImage } from './images/operations/delete-image.ts';
import { createImageVersion } from './images/operations/create-image-version.ts';
import { describeImageVersion } from './images/operations/describe-image-version.ts';
import { createAppImageConfig } from './images/operations/create-app-image-config.ts';
import { describeAppImageConfig } from './images/operations/describe-app-image-config.ts';
import { listAppImageConfigs } from './images/operations/list-app-image-configs.ts';
import { deleteAppImageConfig } from './images/operations/delete-app-image-config.ts';
import { createDomain } from './domains/operations/create-domain.ts';
import { search } from './search/operations/search.ts';
import { getSearchSuggestions } from './search/operations/get-search-suggestions.ts';
import { createExperiment } from './experiments/operations/create-experiment.ts';
import { describeExperiment } from './experiments/operations/describe-experiment.ts';
import { listExperiments } from './experiments/operations/list-experiments.ts';
import { updateExperiment } from './experiments/operations/update-experiment.ts';
import { deleteExperiment } from './experiments/operations/delete-experiment.ts';
import { createTrial } from './experiments/operations/create-trial.ts';
import { describeTrial } from './experiments/operations/describe-trial.ts';
import { listTrials } from './experiments/operations/list-trials.ts';
import { updateTrial } from './experiments/operations/update-trial.ts';
import { deleteTrial } from './experiments/operations/delete-trial.ts';
import { createTrialComponent } from './experiments/operations/create-trial-component.ts';
import { describeTrialComponent } from './experiments/operations/describe-trial-component.ts';
import { listTrialComponents } from './experiments/operations/list-trial-components.ts';
import { updateTrialComponent } from './experiments/operations/update-trial-component.ts';
import { deleteTrialComponent } from './experiments/operations/delete-trial-component.ts';
import { associateTrialComponent } from './experiments/operations/associate-trial-component.ts';
import { disassociateTrialComponent } from './experiments/operations/disassociate-trial-component.ts';
import { createHyperParameterTuningJob } from './tuning/operations/create-hyper-parameter-tuning-job.ts';
import { describeHyperParameterTuningJob } from './tuning/operations/describe-hyper-parameter-tuning-job.ts';
import { listHyperParameterTuningJobs } from './tuning/operations/list-hyper-parameter-tuning-jobs.ts';
import { listTrainingJobsForHyperParameterTuningJob } from './tuning/operations/list-tuning-training-jobs.ts';
import { stopHyperParameterTuningJob } from './tuning/operations/stop-hyper-parameter-tuning-job.ts';
import { deleteHyperParameterTuningJob } from './tuning/operations/delete-hyper-parameter-tuning-job.ts';
import { createUserProfile } from './profiles/operations/create-user-profile.ts';
import { deleteDomain } from './domains/operations/delete-domain.ts';
import { deleteTags } from './tags/operations/delete-tags.ts';
import { deleteUserProfile } from './profiles/operations/delete-user-profile.ts';
import { describeDomain } from './domains/operations/describe-domain.ts';
import { describeUserProfile } from './profiles/operations/describe-user-profile.ts';
import { listDomains } from './domains/operations/list-domains.ts';
import { listTags } from './tags/operations/list-tags.ts';
import { listUserProfiles } from './profiles/operations/list-user-profiles.ts';
import { updateDomain } from './domains/operations/update-domain.ts';
import { updateUserProfile } from './profiles/operations/update-user-profile.ts';
import { createTrainingJob } from './training/operations/create-training-job.ts';
import { describeTrainingJob } from './training/operations/describe-training-job.ts';
import { listTrainingJobs } from './training/operations/list-training-jobs.ts';
import { stopTrainingJob } from './training/operations/stop-training-job.ts';
import { createProcessingJob } from './processing/operations/create-processing-job.ts';
import { describeProcessingJob } from './processing/operations/describe-processing-job.ts';
import { listProcessingJobs } from './processing/operations/list-processing-jobs.ts';
import { stopProcessingJob } from './processing/operations/stop-processing-job.ts';
import { createModel } from './models/operations/create-model.ts';
import { describeModel } from './models/operations/describe-model.ts';
import { listModels } from './models/operations/list-models.ts';
import { deleteModel } from './models/operations/delete-model.ts';
import { createEndpointConfig } from './endpoints/operations/create-endpoint-config.ts';
import { describeEndpointConfig } from './endpoints/operations/describe-endpoint-config.ts';
import { listEndpointConfigs } from './endpoints/operations/list-endpoint-configs.ts';
import { deleteEndpointConfig } from './endpoints/operations/delete-endpoint-config.ts';
import { createEndpoint } from './endpoints/operations/create-endpoint.ts';
import { describeEndpoint } from './endpoints/operations/describe-endpoint.ts';
import { listEndpoints } from './endpoints/operations/list-endpoints.ts';
import { deleteEndpoint } from './endpoints/operations/delete-endpoint.ts';
import { updateEndpoint } from './endpoints/operations/update-endpoint.ts';
import { updateEndpointWeightsAndCapacities } from './endpoints/operations/update-endpoint-weights-and-capacities.ts';
import { createTransformJob } from './transform/operations/create-transform-job.ts';
import { describeTransformJob } from './transform/operations/describe-transform-job.ts';
import { listTransformJobs } from './transform/operations/list-transform-jobs.ts';
import { stopTransformJob } from './transform/operations/stop-transform-job.ts';
import { createPresignedDomainUrl } from './profiles/operations/create-presigned-domain-url.ts';
import { createModelPackageGroup } from './registry/operations/create-model-package-group.ts';
import { describeModelPackageGroup } from './registry/operations/describe-model-package-group.ts';
import { listModelPackageGroups } from './registry/operations/list-model-package-groups.ts';
import { deleteModelPackageGroup } from './registry/operations/delete-model-package-group.ts';
import { createModelPackage } from './registry/operations/create-model-package.ts';
import { describeModelPackage } from './registry/operations/describe-model-package.ts';
import { listModelPackages } from './registry/operations/list-model-packages.ts';
import { updateModelPackage } from './registry/operations/update-model-package.ts';
import { deleteModelPackage } from './registry/operations/delete-model-package.ts';
import { createJobDefinition } from './monitoring/operations/create-job-definition.ts';
import { describeJobDefinition } from './monitoring/operations/describe-job-definition.ts';
import { listJobDefinitions } from './monitoring/operations/list-job-definitions.ts';
import { deleteJobDefinition } from './monitoring/operations/delete-job-definition.ts';
import { createMonitoringSchedule } from './monitoring/operations/create-monitoring-schedule.ts';
import { describeMonitoringSchedule } from './monitoring/operations/describe-monitoring-schedule.ts';
import { listMonitoringSchedules } from './monitoring/operations/list-monitoring-schedules.ts';
import { updateMonitoringSchedule } from './monitoring/operations/update-monitoring-schedule.ts';
import { startMonitoringSchedule } from './monitoring/operations/start-monitoring-schedule.ts';
import { stopMonitoringSchedule } from './monitoring/operations/stop-monitoring-schedule.ts';
import { deleteMonitoringSchedule } from './monitoring/operations/delete-monitoring-schedule.ts';
import { listMonitoringExecutions } from './monitoring/operations/list-monitoring-executions.ts';

export type Handler<Op extends SageMakerOperation> = (
  ctx: OpContext,
  input: OperationInput<Op>,
) => Promise<OperationOutput<Op>>;

export const handlers: { [Op in SageMakerOperation]: Handler<Op> } = {
  CreateDomain: createDomain,
  DescribeDomain: describeDomain,
  ListDomains: listDomains,
  UpdateDomain: updateDomain,
  DeleteDomain: deleteDomain,
  CreateUserProfile: createUserProfile,
  DescribeUserProfile: describeUserProfile,
  ListUserProfiles: listUserProfiles,
  UpdateUserProfile: updateUserProfile,
  DeleteUserProfile: deleteUserProfile,
  AddTags: addTags,
  ListTags: listTags,
  DeleteTags: deleteTags,
  CreateApp: createApp,
  DescribeApp: describeApp,
  ListApps: listApps,
  DeleteApp: deleteApp,
  CreateImage: createImage,
  DescribeImage: describeImage,
  ListImages: listImages,
  DeleteImage: deleteImage,
  CreateImageVersion: createImageVersion,
  DescribeImageVersion: describeImageVersion,
  CreateTrainingJob: createTrainingJob,
  DescribeTrainingJob: describeTrainingJob,
  ListTrainingJobs: listTrainingJobs,
  StopTrainingJob: stopTrainingJob,
  CreateHyperParameterTuningJob: createHyperParameterTuningJob,
  DescribeHyperParameterTuningJob: describeHyperParameterTuningJob,
  ListHyperParameterTuningJobs: listHyperParameterTuningJobs,
  ListTrainingJobsForHyperParameterTuningJob: listTrainingJobsForHyperParameterTuningJob,
  StopHyperParameterTuningJob: stopHyperParameterTuningJob,
  DeleteHyperParameterTuningJob: deleteHyperParameterTuningJob,
  CreateProcessingJob: createProcessingJob,
  DescribeProcessingJob: describeProcessingJob,
  ListProcessingJobs: listProcessingJobs,
  StopProcessingJob: stopProcessingJob,
  CreatePresignedDomainUrl: createPresignedDomainUrl,
  Search: search,
  GetSearchSuggestions: getSearchSuggestions,
  CreateExperiment: createExperiment,
  DescribeExperiment: describeExperiment,
  ListExperiments: listExperiments,
  UpdateExperiment: updateExperiment,
  DeleteExperiment: deleteExperiment,
  CreateTrial: createTrial,
  DescribeTrial: describeTrial,
  ListTrials: listTrials,
  UpdateTrial: updateTrial,
  DeleteTrial: deleteTrial,
  CreateTrialComponent: createTrialComponent,
  DescribeTrialComponent: describeTrialComponent,
  ListTrialComponents: listTrialComponents,
  UpdateTrialComponent: updateTrialComponent,
  DeleteTrialComponent: deleteTrialComponent,
  AssociateTrialComponent: associateTrialComponent,
  DisassociateTrialComponent: disassociateTrialComponent,
  CreateModel: createModel,
  DescribeModel: describeModel,
  ListModels: listModels,
  DeleteModel: deleteModel,
  CreateModelPackageGroup: createModelPackageGroup,
  DescribeModelPackageGroup: describeModelPackageGroup,
  ListModelPackageGroups: listModelPackageGroups,
  DeleteModelPackageGroup: deleteModelPackageGroup,
  CreateModelPackage: createModelPackage,
  DescribeModelPackage: describeModelPackage,
  ListModelPackages: listModelPackages,
  UpdateModelPackage: updateModelPackage,
  DeleteModelPackage: deleteModelPackage,
  CreateEndpointConfig: createEndpointConfig,
  DescribeEndpointConfig: describeEndpointConfig,
  ListEndpointConfigs: listEndpointConfigs,
  DeleteEndpointConfig: deleteEndpointConfig,
  CreateEndpoint: createEndpoint,
  DescribeEndpoint: describeEndpoint,
  ListEndpoints: listEndpoints,
  DeleteEndpoint: deleteEndpoint,
  UpdateEndpoint: updateEndpoint,
  UpdateEndpointWeightsAndCapacities: updateEndpointWeightsAndCapacities,
  CreateTransformJob: createTransformJob,
  DescribeTransformJob: describeTransformJob,
  ListTransformJobs: listTransformJobs,
  StopTransformJob: stopTransformJob,
  CreateDataQualityJobDefinition: createJobDefinition('DataQuality'),
  DescribeDataQualityJobDefinition: describeJobDefinition('DataQuality'),
  ListDataQualityJobDefinitions: listJobDefinitions('DataQuality'),
  DeleteDataQualityJobDefinition: deleteJobDefinition('DataQuality'),
  CreateModelQualityJobDefinition: createJobDefinition('ModelQuality'),
  DescribeModelQualityJobDefinition: describeJobDefinition('ModelQuality'),
  ListModelQualityJobDefinitions: listJobDefinitions('ModelQuality'),
  DeleteModelQualityJobDefinition: deleteJobDefinition('ModelQuality'),
  CreateModelBiasJobDefinition: createJobDefinition('ModelBias'),
  DescribeModelBiasJobDefinition: describeJobDefinition('ModelBias'),
  ListModelBiasJobDefinitions: listJobDefinitions('ModelBias'),
  DeleteModelBiasJobDefinition: deleteJobDefinition('ModelBias'),
  CreateModelExplainabilityJobDefinition: createJobDefinition('ModelExplainability'),
  DescribeModelExplainabilityJobDefinition: describeJobDefinition('ModelExplainability'),
  ListModelExplainabilityJobDefinitions: listJobDefinitions('ModelExplainability'),
  DeleteModelExplainabilityJobDefinition: deleteJobDefinition('ModelExplainability'),
  CreateMonitoringSchedule: createMonitoringSchedule,
  DescribeMonitoringSchedule: describeMonitoringSchedule,
  ListMonitoringSchedules: listMonitoringSchedules,
  UpdateMonitoringSchedule: updateMonitoringSchedule,
  StartMonitoringSchedule: startMonitoringSchedule,
  StopMonitoringSchedule: stopMonitoringSchedule,
  DeleteMonitoringSchedule: deleteMonitoringSchedule,
  ListMonitoringExecutions: listMonitoringExecutions,
  CreateAppImageConfig: createAppImageConfig,
  DescribeAppImageConfig: describeAppImageConfig,
  ListAppImageConfigs: listAppImageConfigs,
  DeleteAppImageConfig: deleteAppImageConfig,
};
