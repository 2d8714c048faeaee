// The SageMaker API: POST / with X-Amz-Target: SageMaker.<Operation>, AWS JSON 1.1, SigV4.
// Order of checks follows AWS: authenticate, then find the operation, then parse and validate.
// It is served straight from node:http, not through Express: it is the hot path for programs,
// and it needs none of Express's routing or body parsing.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SageMakerErrorCode, sageMakerOperations, type SageMakerOperation } from '@tessera/contracts';
import { ApiError } from '../errors.ts';
import { handlers } from '../sagemaker/operations/index.ts';
import type { Services } from '../services.ts';
import { sendAwsError, toApiError } from './aws-errors.ts';
import { readBody } from './read-body.ts';
import { verifySigV4 } from './sigv4.ts';
import { describeIssues } from './validation.ts';

const TARGET_PREFIX = 'SageMaker.';

export function sageMakerApi(services: Services, opts: { validateResponses: boolean }) {
  const { config, accessKeys, logger, metrics } = services;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    let operation = 'unknown';
    let code = '200';
    try {
      const body = await readBody(req, config.maxBodyBytes);
      const url = req.url ?? '/';
      const qs = url.indexOf('?');
      const { principal } = await verifySigV4(
        {
          method: req.method ?? 'POST',
          rawPath: qs < 0 ? url : url.slice(0, qs),
          rawQuery: qs < 0 ? '' : url.slice(qs + 1),
          headers: req.headers,
          body,
        },
        {
          service: 'sagemaker',
          region: config.region,
          mustSign: ['x-amz-target', 'content-type'],
          maxSkewSeconds: config.maxClockSkewSeconds,
          resolveKey: accessKeys.resolve,
        },
      );

      const targetHeader = req.headers['x-amz-target'];
      const target = typeof targetHeader === 'string' ? targetHeader : '';
      if (principal.via.kind === 'accessKey') accessKeys.markUsed(principal.via.accessKeyId);
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (!Object.hasOwn(sageMakerOperations, name)) {
        throw new ApiError(SageMakerErrorCode.UnknownOperation, target ? `Operation ${target} is not supported by this server` : 'Missing X-Amz-Target header: it names the operation, e.g. SageMaker.ListDomains');
      }
      operation = name;
      const op = name as SageMakerOperation;

      let json: unknown;
      try {
        json = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (err) {
        throw new ApiError(SageMakerErrorCode.Serialization, `Request body is not valid JSON: ${(err as Error).message}`);
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json)) {
        throw new ApiError(SageMakerErrorCode.Serialization, 'Request body must be a JSON object');
      }
      const parsed = sageMakerOperations[op].input.safeParse(json);
      if (!parsed.success) throw new ApiError(SageMakerErrorCode.Validation, describeIssues(parsed.error, json));

      const handler = handlers[op] as (ctx: unknown, input: unknown) => Promise<unknown>;
      const output = await handler({ services, principal }, parsed.data);
      if (opts.validateResponses) {
        const check = sageMakerOperations[op].output.safeParse(output);
        if (!check.success) throw new Error(`response of ${op} does not match its contract: ${check.error.message}`);
      }
      const payload = JSON.stringify(output);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': requestId });
      res.end(payload);
      if (op.startsWith('Describe') || op.startsWith('List')) logger.debug({ requestId, operation: op, user: principal.username }, 'sagemaker request');
      else logger.info({ requestId, operation: op, user: principal.username }, 'sagemaker request');
    } catch (err) {
      const apiError = toApiError(err, logger, { requestId, operation });
      code = apiError.code;
      if (apiError.status >= 500) logger.error({ requestId, operation, code }, 'sagemaker request failed');
      else logger.info({ requestId, operation, code, message: apiError.message }, 'sagemaker request refused');
      sendAwsError(res, apiError, requestId);
    } finally {
      metrics.requests.inc({ surface: 'sagemaker', operation, code });
      metrics.duration.observe({ surface: 'sagemaker', operation }, (performance.now() - started) / 1000);
    }
  };
}
