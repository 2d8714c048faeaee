// The token an instance (a Studio app, a job's container, an endpoint instance) presents to the
// gateway for its owner's credentials (AWS_CONTAINER_AUTHORIZATION_TOKEN). It names the resource
// the instance belongs to, sealed with the server's key so that it cannot be forged or pointed at
// another resource; what it buys is decided at each use from that resource as it is then (an app
// deleted, a job ended: the token buys nothing more). Nothing is stored.
import type { SecretBox } from './secret-box.ts';

export interface InstanceRef {
  kind: string;
  resourceId: string;
  /** Who the instance was started for: a name reused by someone else is not theirs. */
  ownerUserId: string;
}

export interface InstanceTokens {
  tokenFor(ref: InstanceRef): string;
  /** The resource a token names, or undefined for anything that is not a token of ours. */
  open(token: string): InstanceRef | undefined;
}

export function createInstanceTokens(box: SecretBox): InstanceTokens {
  return {
    tokenFor: ({ kind, resourceId, ownerUserId }) =>
      `tit1.${Buffer.from(box.seal(JSON.stringify({ k: kind, r: resourceId, o: ownerUserId }))).toString('base64url')}`,
    open(token) {
      if (!token.startsWith('tit1.')) return undefined;
      try {
        const { k, r, o } = JSON.parse(box.open(Buffer.from(token.slice(5), 'base64url').toString('utf8'))) as {
          k?: unknown;
          r?: unknown;
          o?: unknown;
        };
        return typeof k === 'string' && typeof r === 'string' && typeof o === 'string'
          ? { kind: k, resourceId: r, ownerUserId: o }
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
