// Operation name → handler. Adding an operation: its shapes in @tessera/contracts, its handler
// in a file of its own here, and one line below.
import type { OperationInput, OperationOutput, SageMakerOperation } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { addTags } from './add-tags.ts';
import { createApp } from './create-app.ts';
import { describeApp } from './describe-app.ts';
import { listApps } from './list-apps.ts';
import { deleteApp } from './delete-app.ts';
import { createImage } from './create-image.ts';
import { describeImage } from './describe-image.ts';
import { listImages } from './list-images.ts';
import { deleteImage } from './delete-image.ts';
import { createImageVersion } from './create-image-version.ts';
import { describeImageVersion } from './describe-image-version.ts';
import { createAppImageConfig } from './create-app-image-config.ts';
import { describeAppImageConfig } from './describe-app-image-config.ts';
import { listAppImageConfigs } from './list-app-image-configs.ts';
import { deleteAppImageConfig } from './delete-app-image-config.ts';
import { createDomain } from './create-domain.ts';
import { createUserProfile } from './create-user-profile.ts';
import { deleteDomain } from './delete-domain.ts';
import { deleteTags } from './delete-tags.ts';
import { deleteUserProfile } from './delete-user-profile.ts';
import { describeDomain } from './describe-domain.ts';
import { describeUserProfile } from './describe-user-profile.ts';
import { listDomains } from './list-domains.ts';
import { listTags } from './list-tags.ts';
import { listUserProfiles } from './list-user-profiles.ts';
import { updateDomain } from './update-domain.ts';
import { updateUserProfile } from './update-user-profile.ts';
import { createTrainingJob } from './create-training-job.ts';
import { describeTrainingJob } from './describe-training-job.ts';
import { listTrainingJobs } from './list-training-jobs.ts';
import { stopTrainingJob } from './stop-training-job.ts';
import { createProcessingJob } from './create-processing-job.ts';
import { describeProcessingJob } from './describe-processing-job.ts';
import { listProcessingJobs } from './list-processing-jobs.ts';
import { stopProcessingJob } from './stop-processing-job.ts';
import { createModel } from './create-model.ts';
import { describeModel } from './describe-model.ts';
import { listModels } from './list-models.ts';
import { deleteModel } from './delete-model.ts';
import { createEndpointConfig } from './create-endpoint-config.ts';
import { describeEndpointConfig } from './describe-endpoint-config.ts';
import { listEndpointConfigs } from './list-endpoint-configs.ts';
import { deleteEndpointConfig } from './delete-endpoint-config.ts';
import { createEndpoint } from './create-endpoint.ts';
import { describeEndpoint } from './describe-endpoint.ts';
import { listEndpoints } from './list-endpoints.ts';
import { deleteEndpoint } from './delete-endpoint.ts';
import { updateEndpoint } from './update-endpoint.ts';
import { updateEndpointWeightsAndCapacities } from './update-endpoint-weights-and-capacities.ts';
import { createTransformJob } from './create-transform-job.ts';
import { describeTransformJob } from './describe-transform-job.ts';
import { listTransformJobs } from './list-transform-jobs.ts';
import { stopTransformJob } from './stop-transform-job.ts';
import { createPresignedDomainUrl } from './create-presigned-domain-url.ts';

export type Handler<Op extends SageMakerOperation> = (ctx: OpContext, input: OperationInput<Op>) => Promise<OperationOutput<Op>>;

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
  CreateProcessingJob: createProcessingJob,
  DescribeProcessingJob: describeProcessingJob,
  ListProcessingJobs: listProcessingJobs,
  StopProcessingJob: stopProcessingJob,
  CreatePresignedDomainUrl: createPresignedDomainUrl,
  CreateModel: createModel,
  DescribeModel: describeModel,
  ListModels: listModels,
  DeleteModel: deleteModel,
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
  CreateAppImageConfig: createAppImageConfig,
  DescribeAppImageConfig: describeAppImageConfig,
  ListAppImageConfigs: listAppImageConfigs,
  DeleteAppImageConfig: deleteAppImageConfig,
};
