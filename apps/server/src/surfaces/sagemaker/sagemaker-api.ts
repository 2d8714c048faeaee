// The SageMaker API: POST / with X-Amz-Target: SageMaker.<Operation>, AWS JSON 1.1, SigV4 —
// one of the AWS JSON services aws-json-api.ts serves, with its operation table and handlers.
import { SageMakerErrorCode, sageMakerOperations } from '@tessera/contracts';
import { handlers } from '../../resources/sagemaker-operations.ts';
import type { Services } from '../../resources/services.ts';
import { awsJsonApi, type AwsJsonService } from '../aws/aws-json-api.ts';

export function sageMakerApi(services: Services, opts: { validateResponses: boolean }) {
  return awsJsonApi(
    services,
    {
      signingName: 'sagemaker',
      targetPrefix: 'SageMaker.',
      surface: 'sagemaker',
      operations: sageMakerOperations,
      handlers: handlers as unknown as AwsJsonService['handlers'],
      validationCode: SageMakerErrorCode.Validation,
      exampleOperation: 'ListDomains',
      logWrites: true,
    },
    opts,
  );
}
