// The control plane as instances see it: on each tenant network, 169.254.170.2:80 (the address
// AWS SDKs trust for container credentials over plain HTTP) leads here (runtime/docker/
// gateway-routes.ts). It serves the AWS APIs — SageMaker, the runtime, S3, CloudWatch Logs,
// Application Auto Scaling, STS — and the container-credentials endpoint, and nothing else: no
// console, no Studio, no Jupyter, no share links. Connections that did not come in through a
// tenant network's gateway address (or loopback, for the process runtime) are closed unanswered.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CREDENTIALS_PATH } from '../../runtime/contract.ts';
import { credentialsForInstance } from '../../resources/identity/instance-credentials.ts';
import type { Services } from '../../resources/services.ts';

export type Dispatch = (req: IncomingMessage, res: ServerResponse) => boolean;

function json(res: ServerResponse, status: number, body: object) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function credentials(s: Services, req: IncomingMessage, res: ServerResponse) {
  const token = req.headers.authorization;
  const found = typeof token === 'string' ? await credentialsForInstance(s, token) : undefined;
  if (!found) {
    s.logger.info({ path: CREDENTIALS_PATH }, 'container credentials refused');
    json(res, 403, {
      code: 'AccessDenied',
      message:
        'No credentials for this token: it is not an instance token of this server, or its app, job or endpoint ' +
        'no longer runs for its owner',
    });
    return;
  }
  json(res, 200, {
    AccessKeyId: found.accessKeyId,
    SecretAccessKey: found.secretAccessKey,
    Token: found.sessionToken,
    Expiration: found.expiration.toISOString(),
    RoleArn: found.roleArn,
  });
}

/**
 * `aws` answers the request when it is one of the AWS APIs' (and says so); `admits` says whether a
 * connection (its local and remote address) came through a tenant network or loopback.
 */
export function createGateway(
  s: Services,
  aws: Dispatch,
  admits: (localAddress: string, remoteAddress: string) => boolean,
): Server {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 3_600_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === CREDENTIALS_PATH) {
      void credentials(s, req, res).catch((err) => {
        s.logger.error({ err }, 'container credentials failed');
        if (!res.headersSent) json(res, 500, { code: 'InternalFailure', message: 'credentials could not be issued' });
      });
      return;
    }
    if (aws(req, res)) return;
    json(res, 404, {
      __type: 'UnknownOperationException',
      message:
        `The gateway serves the AWS APIs only (SageMaker, SageMaker Runtime, S3, CloudWatch Logs, Application Auto ` +
        `Scaling, STS); ${req.method} ${path} is not one of them. Studio and the console are at ${s.publicUrl()}`,
    });
  });
  server.on('connection', (socket) => {
    if (!admits(socket.localAddress ?? '', socket.remoteAddress ?? '')) socket.destroy();
    else socket.setNoDelay(true);
  });
  // No WebSocket upgrades: events and Jupyter are not the gateway's.
  server.on('upgrade', (_req, socket) => socket.destroy());
  return server;
}
