// SageMaker Runtime: POST /endpoints/<name>/invocations (rest-json, SigV4 signed for `sagemaker`).
// Routed to the endpoint's production variants by weight (or X-Amzn-SageMaker-Target-Variant),
// Content-Type and Accept passed through, the variant returned in x-Amzn-Invoked-Production-Variant.
// A container that answers an error is a ModelError (424) carrying its status and message.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SageMakerErrorCode } from '@tessera/contracts';
import { MAX_PAYLOAD, modelErrorOf, type Invoker } from '../../resources/endpoints/invoke-endpoint.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Services } from '../../resources/services.ts';
import { toApiError } from '../aws/aws-errors.ts';
import { readBody } from '../http/read-body.ts';
import { incomingRequest, verifySigV4 } from '../aws/sigv4.ts';

export const INVOCATIONS = /^\/endpoints\/([^/?]+)\/invocations(?:\?|$)/;

const validationError = (message: string) => new ApiError('ValidationError', message, 400);

export function runtimeApi(services: Services, deps: { invoker: Invoker }) {
  const { config, accessKeys, logger, metrics } = services;
  const { invoker } = deps;

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    let code = '200';
    try {
      const url = req.url ?? '/';
      const name = decodeURIComponent(INVOCATIONS.exec(url)?.[1] ?? '');
      if (req.method !== 'POST') throw validationError('InvokeEndpoint is POST /endpoints/<name>/invocations');
      const body = await readBody(req, MAX_PAYLOAD).catch((err) => {
        if (err instanceof ApiError && err.status === 413)
          throw validationError(
            `Request payload is larger than ${MAX_PAYLOAD / 1024 / 1024} MB, the limit of InvokeEndpoint`,
          );
        throw err;
      });
      const { principal } = await verifySigV4(
        incomingRequest({ method: 'POST', url: req.url, headers: req.headers }, body),
        {
          service: 'sagemaker',
          region: config.region,
          mustSign: [],
          maxSkewSeconds: config.maxClockSkewSeconds,
          resolveKey: accessKeys.resolve,
        },
      );
      const custom = req.headers['x-amzn-sagemaker-custom-attributes'];
      const inferenceId = req.headers['x-amzn-sagemaker-inference-id'];
      const answer = await invoker.invoke(principal, {
        ...(inferenceId !== undefined ? { inferenceId: String(inferenceId) } : {}),
        endpoint: name,
        body,
        contentType: (req.headers['content-type'] as string | undefined) ?? 'application/octet-stream',
        ...(req.headers.accept ? { accept: String(req.headers.accept) } : {}),
        ...(custom ? { customAttributes: String(custom) } : {}),
        ...(req.headers['x-amzn-sagemaker-target-variant']
          ? { targetVariant: String(req.headers['x-amzn-sagemaker-target-variant']) }
          : {}),
      });
      if (answer.status < 200 || answer.status >= 300) {
        const error = modelErrorOf(name, answer);
        const payload = JSON.stringify({
          ErrorCode: error.errorCode,
          OriginalStatusCode: answer.status,
          OriginalMessage: error.original,
          LogStreamArn:
            `arn:aws:logs:${config.region}:${services.arns.accountId}` + `:log-group:/aws/sagemaker/Endpoints/${name}`,
          message: error.message,
        });
        code = 'ModelError';
        res.writeHead(424, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-amzn-errortype': 'ModelError',
          'x-amzn-requestid': requestId,
        });
        res.end(payload);
        return;
      }
      res.writeHead(200, {
        'content-type': answer.contentType,
        'content-length': answer.body.length,
        'x-amzn-invoked-production-variant': answer.variant,
        'x-amzn-requestid': requestId,
        ...(answer.customAttributes ? { 'x-amzn-sagemaker-custom-attributes': answer.customAttributes } : {}),
      });
      res.end(answer.body);
    } catch (err) {
      const apiError =
        err instanceof ApiError && err.code === SageMakerErrorCode.RequestEntityTooLarge
          ? validationError(err.message)
          : toApiError(err, logger, { requestId, surface: 'runtime' });
      code = apiError.code;
      const payload = JSON.stringify({ message: apiError.message });
      res.writeHead(apiError.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        'x-amzn-errortype': apiError.code,
        'x-amzn-requestid': requestId,
      });
      res.end(payload);
    } finally {
      metrics.requests.inc({ surface: 'runtime', operation: 'InvokeEndpoint', code });
      metrics.duration.observe(
        { surface: 'runtime', operation: 'InvokeEndpoint' },
        (performance.now() - started) / 1000,
      );
    }
  };
}
