// InvokeEndpoint's logic, shared by the SageMaker Runtime API (SigV4) and Studio's test-invoke route
// (a session): who may invoke, which variant and instance serve, one retry when an instance went
// away, data capture, and the per-minute figures. Each surface only turns the outcome into its wire format.
import { Agent, request } from 'node:http';
import { ApiError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Arns } from '../../platform/arns.ts';
import type { DataCapture } from './data-capture.ts';
import type { Instance } from './fleet-shape.ts';
import type { InvocationActivity } from './invocation-activity.ts';
import type { InvocationMetrics } from './invocation-metrics.ts';
import type { Router } from './router.ts';

const INVOKE_TIMEOUT_MS = 60_000;
/** InvokeEndpoint's payload limit (6 MB, as SageMaker's). */
export const MAX_PAYLOAD = 6 * 1024 * 1024;

export interface InvokeRequest {
  endpoint: string;
  body: Buffer;
  contentType: string;
  accept?: string;
  customAttributes?: string;
  targetVariant?: string;
  /** X-Amzn-SageMaker-Inference-Id: recorded with the captured data, for joining ground truth. */
  inferenceId?: string;
}

export interface ModelAnswer {
  variant: string;
  /** The model's status: 2xx, or its error (which InvokeEndpoint reports as ModelError). */
  status: number;
  contentType: string;
  body: Buffer;
  customAttributes?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// The Runtime API's own name for a bad request (not SageMaker's ValidationException).
const validationError = (message: string, absent = false) => new ApiError('ValidationError', message, 400, absent);

/** How InvokeEndpoint describes a model's error answer (its ModelError). */
export function modelErrorOf(endpoint: string, answer: Pick<ModelAnswer, 'status' | 'body'>) {
  const original = answer.body.toString('utf8').slice(0, 2000);
  const kind = answer.status >= 500 ? 'server' : 'client';
  return {
    errorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
    original,
    message:
      `Received ${kind} error (${answer.status}) from primary with message "${original}". ` +
      `See the endpoint's logs in /aws/sagemaker/Endpoints/${endpoint}.`,
  };
}

export function createInvoker(deps: {
  router: Router;
  capture: DataCapture;
  metrics: InvocationMetrics;
  activity: Pick<InvocationActivity, 'touched'>;
  arns: Pick<Arns, 'accountId'>;
}) {
  const { router, capture, metrics, activity } = deps;
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

  /**
   * Invokes as `principal`: throws ApiError when the endpoint cannot be invoked (someone else's is
   * as unknown as a missing one, as across AWS accounts) or the model cannot be reached; resolves
   * with the model's answer, success or not.
   */
  async function invoke(principal: Principal, r: InvokeRequest): Promise<ModelAnswer> {
    const name = r.endpoint;
    if (r.body.length > MAX_PAYLOAD)
      throw validationError(
        `Request payload is larger than ${MAX_PAYLOAD / 1024 / 1024} MB, the limit of InvokeEndpoint`,
      );
    // SageMaker's InferenceId: 1 to 64 printable characters (\A\p{ASCII}*\z less controls).
    if (r.inferenceId !== undefined && !/^[\x20-\x7e]{1,64}$/.test(r.inferenceId))
      throw validationError('X-Amzn-SageMaker-Inference-Id must be 1 to 64 printable ASCII characters');
    const route = await router.lookup(name);
    if (!route || (!principal.isAdmin && route.endpoint.ownerUserId !== principal.userId)) {
      throw validationError(`Endpoint ${name} of account ${deps.arns.accountId} not found.`, true);
    }
    if (!route.fleet || !['InService', 'Updating', 'SystemUpdating'].includes(route.endpoint.status)) {
      throw validationError(
        `Endpoint ${name} is ${route.endpoint.status}: it can be invoked once it is InService ` +
          '(DescribeEndpoint shows its status)',
      );
    }
    const target = r.targetVariant;
    if (target && !route.fleet.variants.some((v) => v.name === target)) {
      throw validationError(
        `Target variant ${target} does not exist on endpoint ${name}; ` +
          `its variants are ${route.fleet.variants.map((v) => v.name).join(', ')}`,
      );
    }
    const headers: Record<string, string> = { 'content-type': r.contentType };
    if (r.accept) headers.accept = r.accept;
    if (r.customAttributes) headers['x-amzn-sagemaker-custom-attributes'] = r.customAttributes;

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
    let started = performance.now();
    for (let attempt = 0; attempt < 2 && !answer; attempt++) {
      // Ended by id: `chosen` may be another instance by the time `finally` runs.
      const instanceId = chosen.instance.id;
      router.begin(name, chosen.variant.name, instanceId);
      started = performance.now();
      try {
        answer = await call(chosen.instance, r.body, headers);
      } catch (err) {
        if (attempt === 1) {
          metrics.record({ endpoint: name, variant: chosen.variant.name, status: undefined, latencyMs: 0 });
          activity.touched(route.endpoint);
          throw new ApiError(
            'ModelError',
            `Could not reach the model on variant ${chosen.variant.name}: ${(err as Error).message}`,
            424,
          );
        }
        const fresh = (await router.lookup(name))?.fleet ?? route.fleet;
        chosen = router.pick(fresh, target ?? chosen.variant.name, chosen.instance.id) ?? chosen;
      } finally {
        router.end(instanceId);
      }
    }
    const variant = chosen.variant.name;
    const got = answer!;
    metrics.record({ endpoint: name, variant, status: got.status, latencyMs: performance.now() - started });
    activity.touched(route.endpoint);
    const contentType = (got.headers['content-type'] as string | undefined) ?? 'application/octet-stream';
    const custom = got.headers['x-amzn-sagemaker-custom-attributes'] as string | undefined;
    const ok = got.status >= 200 && got.status < 300;
    if (ok && route.capture)
      capture.offer({
        endpoint: name,
        ownerUserId: route.endpoint.ownerUserId,
        variant,
        config: route.capture,
        input: { contentType: r.contentType, body: r.body },
        output: { contentType, body: got.body },
        time: new Date(),
        ...(r.inferenceId ? { inferenceId: r.inferenceId } : {}),
      });
    return {
      variant,
      status: got.status,
      contentType,
      body: got.body,
      ...(custom ? { customAttributes: custom } : {}),
    };
  }

  return { invoke, metrics };
}
export type Invoker = ReturnType<typeof createInvoker>;
