import type { SigV4Codes } from '../aws/sigv4.ts';

/** How SigV4 failures read on the S3 surface. */
export const S3_SIGV4_CODES: SigV4Codes = {
  missing: { code: 'AccessDenied', status: 403 },
  malformed: { code: 'AuthorizationHeaderMalformed', status: 400 },
  scope: { code: 'AuthorizationHeaderMalformed', status: 400 },
  unsignedHeader: { code: 'AccessDenied', status: 403 },
  skew: { code: 'RequestTimeTooSkewed', status: 403 },
  expired: { code: 'AccessDenied', status: 403 },
  unknownKey: { code: 'InvalidAccessKeyId', status: 403 },
  invalidToken: { code: 'InvalidToken', status: 400 },
  expiredToken: { code: 'ExpiredToken', status: 400 },
  mismatch: { code: 'SignatureDoesNotMatch', status: 403 },
  payloadHash: { code: 'XAmzContentSHA256Mismatch', status: 400 },
  payloadHashMissing: { code: 'InvalidRequest', status: 400 },
};
