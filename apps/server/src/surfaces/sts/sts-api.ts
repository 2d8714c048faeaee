// STS, the AWS Query way: `POST /` with a form body (Action=GetCallerIdentity&Version=2011-06-15),
// SigV4 under the signing name `sts`, XML answers and `<ErrorResponse>` errors with STS's codes.
// The SageMaker Python SDK calls GetCallerIdentity to name its default bucket; SDKs in containers
// reach it through the gateway like every other AWS API.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stsOperations, type StsOperation } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';
import { assumeRole } from '../../resources/identity/operations/assume-role.ts';
import { getCallerIdentity } from '../../resources/identity/operations/get-caller-identity.ts';
import type { OpContext, Services } from '../../resources/services.ts';
import { toApiError } from '../aws/aws-errors.ts';
import { incomingRequest, verifySigV4, type SigV4Codes } from '../aws/sigv4.ts';
import { el, type Child } from '../aws/xml.ts';
import { readBody } from '../http/read-body.ts';
import { describeIssues } from '../http/validation.ts';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const VERSION = '2011-06-15';

const STS_SIGV4_CODES: SigV4Codes = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  malformed: { code: 'IncompleteSignature', status: 400 },
  scope: { code: 'SignatureDoesNotMatch', status: 403 },
  unsignedHeader: { code: 'SignatureDoesNotMatch', status: 403 },
  skew: { code: 'SignatureDoesNotMatch', status: 403 },
  expired: { code: 'SignatureDoesNotMatch', status: 403 },
  unknownKey: { code: 'InvalidClientTokenId', status: 403 },
  invalidToken: { code: 'InvalidClientTokenId', status: 403 },
  expiredToken: { code: 'ExpiredToken', status: 403 },
  mismatch: { code: 'SignatureDoesNotMatch', status: 403 },
  payloadHash: { code: 'SignatureDoesNotMatch', status: 403 },
  payloadHashMissing: { code: 'IncompleteSignature', status: 400 },
};

const handlers: { [Op in StsOperation]: (ctx: OpContext, input: never) => Promise<object> } = {
  GetCallerIdentity: (ctx) => getCallerIdentity(ctx),
  AssumeRole: (ctx, input) => assumeRole(ctx, input),
};

/** An STS request: a form POSTed to / with no X-Amz-Target (which the JSON services carry). */
export function isStsRequest(req: IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    (req.url === '/' || req.url?.startsWith('/?') === true) &&
    req.headers['x-amz-target'] === undefined &&
    /^application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''))
  );
}

/** Nested objects become nested elements, in the order the operation's shape lists them. */
function toXml(value: object): Child[] {
  return Object.entries(value).map(([k, v]) =>
    v !== null && typeof v === 'object' ? el(k, toXml(v as object)) : el(k, v as string | number),
  );
}

function send(res: ServerResponse, status: number, xml: string, requestId: string) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

export function stsApi(services: Services) {
  const { config, accessKeys, logger, metrics } = services;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    let operation = 'unknown';
    let code = '200';
    try {
      const body = await readBody(req, config.maxBodyBytes);
      const { principal } = await verifySigV4(
        incomingRequest({ method: 'POST', url: req.url, headers: req.headers }, body),
        {
          service: 'sts',
          region: config.region,
          mustSign: [],
          maxSkewSeconds: config.maxClockSkewSeconds,
          resolveKey: accessKeys.resolve,
          codes: STS_SIGV4_CODES,
        },
      );
      if (principal.via.kind === 'accessKey') accessKeys.markUsed(principal.via.accessKeyId);
      const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      const { Action: action, Version: version, ...params } = form;
      if (!action) throw new ApiError('MissingAction', 'The request must name an Action (e.g. GetCallerIdentity)');
      if (!Object.hasOwn(stsOperations, action))
        throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${version ?? VERSION}`);
      if (version !== undefined && version !== VERSION)
        throw new ApiError('InvalidAction', `Could not find operation ${action} for version ${version}`);
      operation = action;
      const shape = stsOperations[action as StsOperation];
      const parsed = shape.input.safeParse(params);
      if (!parsed.success) throw new ApiError('ValidationError', describeIssues(parsed.error, params));
      const output = await handlers[action as StsOperation]({ services, principal }, parsed.data as never);
      const xml =
        `<${action}Response xmlns="${NAMESPACE}">${el(`${action}Result`, toXml(output))}` +
        `${el('ResponseMetadata', [el('RequestId', requestId)])}</${action}Response>`;
      send(res, 200, xml, requestId);
      logger.info({ requestId, operation, user: principal.username }, 'sts request');
    } catch (err) {
      const apiError = toApiError(err, logger, { requestId, operation });
      code = apiError.code;
      const type = apiError.status >= 500 ? 'Receiver' : 'Sender';
      const xml =
        `<ErrorResponse xmlns="${NAMESPACE}">` +
        el('Error', [el('Type', type), el('Code', apiError.code), el('Message', apiError.message)]) +
        `${el('RequestId', requestId)}</ErrorResponse>`;
      send(res, apiError.status, xml, requestId);
    } finally {
      metrics.requests.inc({ surface: 'sts', operation, code });
      metrics.duration.observe({ surface: 'sts', operation }, (performance.now() - started) / 1000);
    }
  };
}
