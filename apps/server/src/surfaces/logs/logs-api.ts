// The CloudWatch Logs API: POST / with X-Amz-Target: Logs_20140328.<Operation>, AWS JSON 1.1,
// SigV4 under the signing name `logs` with the same access keys as the SageMaker API.
//
// Who sees what: a caller sees the streams they own (admins see all), and a group exists for
// them while it holds one of those. Someone else's group or stream is answered exactly like one
// that does not exist (empty listings, ResourceNotFoundException), never AccessDeniedException,
// so that names of other users' jobs do not leak.
import { LogsErrorCode, logsOperations } from '@tessera/contracts';
import { awsJsonApi, type RequestHandler } from '../aws/aws-json-api.ts';
import type { Services } from '../../resources/services.ts';
import { logsHandlers } from './operations/index.ts';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

export function logsApi(services: Services, opts: { validateResponses: boolean }): RequestHandler {
  return awsJsonApi(
    services,
    {
      signingName: 'logs',
      targetPrefix: LOGS_TARGET_PREFIX,
      surface: 'logs',
      operations: logsOperations,
      handlers: logsHandlers,
      validationCode: LogsErrorCode.InvalidParameter,
      renameCodes: { InternalFailure: 'ServiceUnavailableException', ResourceNotFound: LogsErrorCode.ResourceNotFound },
    },
    opts,
  );
}
