// The AWS JSON 1.1 services (SageMaker, CloudWatch Logs, Application Auto Scaling): `POST /` with
// X-Amz-Target, SigV4 under the service's own signing name with the same access keys. Order of
// checks follows AWS: authenticate, then find the operation, then parse and validate. Served
// straight from node:http, not through Express: it is the hot path for programs, and it needs
// none of Express's routing or body parsing. Each service brings its operation table, handlers and
// the error codes it names things with. `routeByTarget` picks the service from the prefix.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SageMakerErrorCode, type OperationShape } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';
import type { OpContext, Services } from '../../resources/services.ts';
import { sendAwsError, toApiError } from './aws-errors.ts';
import { readBody } from '../http/read-body.ts';
import { incomingRequest, verifySigV4 } from './sigv4.ts';
import { describeIssues } from '../http/validation.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface AwsJsonService {
  /** The SigV4 signing name: `logs`, `application-autoscaling`. */
  signingName: string;
  /** X-Amz-Target up to and including the dot: `Logs_20140328.`. */
  targetPrefix: string;
  /** The `surface` label of the request metrics. */
  surface: string;
  operations: Record<string, OperationShape>;
  // Each handler's input was parsed by its operation's own shape (operations) before the call.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handlers: Record<string, (ctx: OpContext, input: any) => Promise<unknown>>;
  /** What a request that fails its shape is called (InvalidParameterException, ValidationException). */
  validationCode: string;
  /**
   * Codes the shared error mapping produces, renamed to this service's (e.g. InternalFailure →
   * ServiceUnavailableException).
   */
  renameCodes?: Partial<Record<string, string>>;
  /** Named in the error for a request without X-Amz-Target, e.g. `ListDomains`. */
  exampleOperation?: string;
  /** Log successful writes at info; reads (Describe and List operations) stay at debug. */
  logWrites?: boolean;
}

export function awsJsonApi(
  services: Services,
  service: AwsJsonService,
  opts: { validateResponses: boolean },
): RequestHandler {
  const { config, accessKeys, logger, metrics } = services;
  const rename = (err: ApiError) => {
    const code = service.renameCodes?.[err.code];
    return code ? new ApiError(code, err.message, err.status) : err;
  };

  return async function handle(req, res) {
    const started = performance.now();
    const requestId = randomUUID();
    let operation = 'unknown';
    let code = '200';
    try {
      const body = await readBody(req, config.maxBodyBytes);
      const { principal } = await verifySigV4(
        incomingRequest({ method: req.method ?? 'POST', url: req.url, headers: req.headers }, body),
        {
          service: service.signingName,
          region: config.region,
          mustSign: ['x-amz-target', 'content-type'],
          maxSkewSeconds: config.maxClockSkewSeconds,
          resolveKey: accessKeys.resolve,
        },
      );
      if (principal.via.kind === 'accessKey') accessKeys.markUsed(principal.via.accessKeyId);
      const target = String(req.headers['x-amz-target'] ?? '');
      const name = target.startsWith(service.targetPrefix) ? target.slice(service.targetPrefix.length) : '';
      if (!Object.hasOwn(service.operations, name)) {
        throw new ApiError(
          SageMakerErrorCode.UnknownOperation,
          !target && service.exampleOperation
            ? 'Missing X-Amz-Target header: it names the operation, e.g. ' +
                `${service.targetPrefix}${service.exampleOperation}`
            : `Operation ${target} is not supported by this server`,
        );
      }
      operation = name;

      let json: unknown;
      try {
        json = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (err) {
        throw new ApiError(
          SageMakerErrorCode.Serialization,
          `Request body is not valid JSON: ${(err as Error).message}`,
        );
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json))
        throw new ApiError(SageMakerErrorCode.Serialization, 'Request body must be a JSON object');
      const shape = service.operations[name]!;
      const parsed = shape.input.safeParse(json);
      if (!parsed.success) throw new ApiError(service.validationCode, describeIssues(parsed.error, json));

      const output = await service.handlers[name]!({ services, principal }, parsed.data);
      if (opts.validateResponses) {
        const check = shape.output.safeParse(output);
        if (!check.success) throw new Error(`response of ${name} does not match its contract: ${check.error.message}`);
      }
      const payload = JSON.stringify(output);
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(payload),
        'x-amzn-requestid': requestId,
      });
      res.end(payload);
      const write = service.logWrites && !name.startsWith('Describe') && !name.startsWith('List');
      logger[write ? 'info' : 'debug'](
        { requestId, operation, user: principal.username },
        `${service.surface} request`,
      );
    } catch (err) {
      const apiError = rename(toApiError(err, logger, { requestId, operation }));
      code = apiError.code;
      if (apiError.status >= 500) logger.error({ requestId, operation, code }, `${service.surface} request failed`);
      else logger.info({ requestId, operation, code, message: apiError.message }, `${service.surface} request refused`);
      sendAwsError(res, apiError, requestId);
    } finally {
      metrics.requests.inc({ surface: service.surface, operation, code });
      metrics.duration.observe({ surface: service.surface, operation }, (performance.now() - started) / 1000);
    }
  };
}

/** Sends `POST /` to the service whose X-Amz-Target prefix matches, else to `fallback` (SageMaker). */
export function routeByTarget(routes: Record<string, RequestHandler>, fallback: RequestHandler): RequestHandler {
  const prefixes = Object.entries(routes);
  return (req, res) => {
    const target = req.headers['x-amz-target'];
    const found = typeof target === 'string' ? prefixes.find(([prefix]) => target.startsWith(prefix)) : undefined;
    return (found?.[1] ?? fallback)(req, res);
  };
}
