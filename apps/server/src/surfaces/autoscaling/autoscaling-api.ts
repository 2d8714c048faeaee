// The Application Auto Scaling API: POST / with X-Amz-Target: AnyScaleFrontendService.<Operation>,
// AWS JSON 1.1, SigV4 under the signing name `application-autoscaling` with the same access keys
// as the SageMaker API. It scales SageMaker endpoint variants only; the endpoint's owner and
// admins may register, change and see a variant's target, policies and activities.
import { AutoScalingErrorCode, autoScalingOperations } from '@tessera/contracts';
import { awsJsonApi, type RequestHandler } from '../aws/aws-json-api.ts';
import type { Services } from '../../resources/services.ts';
import { autoScalingHandlers } from '../../resources/autoscaling/operations/index.ts';

export const AUTOSCALING_TARGET_PREFIX = 'AnyScaleFrontendService.';

export function autoScalingApi(services: Services, opts: { validateResponses: boolean }): RequestHandler {
  return awsJsonApi(
    services,
    {
      signingName: 'application-autoscaling',
      targetPrefix: AUTOSCALING_TARGET_PREFIX,
      surface: 'autoscaling',
      operations: autoScalingOperations,
      handlers: autoScalingHandlers,
      validationCode: AutoScalingErrorCode.Validation,
      renameCodes: {
        InternalFailure: 'InternalServiceException',
        ResourceInUse: AutoScalingErrorCode.ConcurrentUpdate,
      },
    },
    opts,
  );
}
