// SageMaker Runtime: POST /endpoints/<name>/invocations (rest-json, SigV4 signed for `sagemaker`).
// Routed to the endpoint's production variants by weight (or X-Amzn-SageMaker-Target-Variant),
// Content-Type and Accept passed through, the variant returned in x-Amzn-Invoked-Production-Variant.
// A container that answers an error is a ModelError (424) carrying its status and message.
import { randomUUID } from 'node:crypto';
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { SageMakerErrorCode } from '@tessera/contracts';
import type { DataCapture } from '../../resources/endpoints/data-capture.ts';
import type { Instance } from '../../resources/endpoints/fleet-shape.ts';
import type { Router } from '../../resources/endpoints/router.ts';
import { ApiError } from '../../platform/errors.ts';
import type { Services } from '../../resources/services.ts';
import { toApiError } from '../aws/aws-errors.ts';
import { readBody } from '../http/read-body.ts';
import { verifySigV4 } from '../aws/sigv4.ts';

export const INVOCATIONS = /^\/endpoints\/([^/?]+)\/invocations(?:\?|$)/;
const MAX_PAYLOAD = 6 * 1024 * 1024;
const INVOKE_TIMEOUT_MS = 60_000;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const validationError = (message: string) => new ApiError('ValidationError', message, 400);

export function runtimeApi(services: Services, deps: { router: Router; capture: DataCapture }) {
  const { config, accessKeys, logger, metrics } = services;
  const { router, capture } = deps;
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });

  function call(instance: Instance, body: Buffer, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${instance.url}/invocations`,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': String(body.length) },
          timeout: INVOKE_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setNoDelay(true);
      req.on('timeout', () => req.destroy(new Error(`the model did not answer within ${INVOKE_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

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
      const qs = url.indexOf('?');
      const { principal } = await verifySigV4(
        {
          method: 'POST',
          rawPath: qs < 0 ? url : url.slice(0, qs),
          rawQuery: qs < 0 ? '' : url.slice(qs + 1),
          headers: req.headers,
          body,
        },
        {
          service: 'sagemaker',
          region: config.region,
          mustSign: [],
          maxSkewSeconds: config.maxClockSkewSeconds,
          resolveKey: accessKeys.resolve,
        },
      );
      const route = await router.lookup(name);
      // Someone else's endpoint is as unknown as a missing one (as across AWS accounts).
      if (!route || (!principal.isAdmin && route.endpoint.ownerUserId !== principal.userId)) {
        throw validationError(`Endpoint ${name} of account ${services.arns.accountId} not found.`);
      }
      if (!route.fleet || !['InService', 'Updating', 'SystemUpdating'].includes(route.endpoint.status)) {
        throw validationError(
          `Endpoint ${name} is ${route.endpoint.status}: it can be invoked once it is InService ` +
            '(DescribeEndpoint shows its status)',
        );
      }
      const target = req.headers['x-amzn-sagemaker-target-variant'] as string | undefined;
      if (target && !route.fleet.variants.some((v) => v.name === target)) {
        throw validationError(
          `Target variant ${target} does not exist on endpoint ${name}; ` +
            `its variants are ${route.fleet.variants.map((v) => v.name).join(', ')}`,
        );
      }
      const contentType = (req.headers['content-type'] as string | undefined) ?? 'application/octet-stream';
      const headers: Record<string, string> = { 'content-type': contentType };
      if (req.headers.accept) headers.accept = String(req.headers.accept);
      const custom = req.headers['x-amzn-sagemaker-custom-attributes'];
      if (custom) headers['x-amzn-sagemaker-custom-attributes'] = String(custom);

      let answer: Answer | undefined;
      let chosen = router.pick(route.fleet, target);
      if (!chosen)
        throw new ApiError(
          'ServiceUnavailable',
          `Endpoint ${name} has no instance ready to serve ${target ? `variant ${target}` : 'traffic'}`,
          503,
        );
      // One retry on another instance when a connection fails: an instance can go away between
      // the route being read and the call (scale-in, replacement), and the caller should not see it.
      for (let attempt = 0; attempt < 2 && !answer; attempt++) {
        router.begin(name, chosen.variant.name, chosen.instance.id);
        try {
          answer = await call(chosen.instance, body, headers);
        } catch (err) {
          if (attempt === 1)
            throw new ApiError(
              'ModelError',
              `Could not reach the model on variant ${chosen.variant.name}: ${(err as Error).message}`,
              424,
            );
          const fresh = (await router.lookup(name))?.fleet ?? route.fleet;
          chosen = router.pick(fresh, target ?? chosen.variant.name, chosen.instance.id) ?? chosen;
        } finally {
          router.end(chosen.instance.id);
        }
      }
      const variant = chosen.variant.name;
      if (answer!.status < 200 || answer!.status >= 300) {
        const original = answer!.body.toString('utf8').slice(0, 2000);
        const kind = answer!.status >= 500 ? 'server' : 'client';
        const payload = JSON.stringify({
          ErrorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
          OriginalStatusCode: answer!.status,
          OriginalMessage: original,
          LogStreamArn:
            `arn:aws:logs:${config.region}:${services.arns.accountId}` + `:log-group:/aws/sagemaker/Endpoints/${name}`,
          message:
            `Received ${kind} error (${answer!.status}) from primary with message "${original}". ` +
            `See the endpoint's logs in /aws/sagemaker/Endpoints/${name}.`,
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
      const outType = (answer!.headers['content-type'] as string | undefined) ?? 'application/octet-stream';
      res.writeHead(200, {
        'content-type': outType,
        'content-length': answer!.body.length,
        'x-amzn-invoked-production-variant': variant,
        'x-amzn-requestid': requestId,
        ...(answer!.headers['x-amzn-sagemaker-custom-attributes']
          ? { 'x-amzn-sagemaker-custom-attributes': answer!.headers['x-amzn-sagemaker-custom-attributes'] as string }
          : {}),
      });
      res.end(answer!.body);
      if (route.capture)
        capture.offer({
          endpoint: name,
          ownerUserId: route.endpoint.ownerUserId,
          variant,
          config: route.capture,
          input: { contentType, body },
          output: { contentType: outType, body: answer!.body },
          time: new Date(),
        });
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
