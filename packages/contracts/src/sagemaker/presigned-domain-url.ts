// CreatePresignedDomainUrl, with the limits of the published service model (botocore
// data/sagemaker/2017-07-24/service-2.json).
import { z } from 'zod';
import { ZDomainId, ZEntityName } from './common.ts';

export const ZCreatePresignedDomainUrlRequestSchema = z.strictObject({
  DomainId: ZDomainId,
  UserProfileName: ZEntityName,
  /** How long the Studio session the URL opens lasts. */
  SessionExpirationDurationInSeconds: z.number().int().min(1800).max(43200).optional(),
  /** How long the URL itself may be used (once). */
  ExpiresInSeconds: z.number().int().min(5).max(300).optional(),
  SpaceName: ZEntityName.optional(),
  LandingUri: z.string().max(1023).optional(),
});
export type CreatePresignedDomainUrlRequest = z.infer<typeof ZCreatePresignedDomainUrlRequestSchema>;
export const ZCreatePresignedDomainUrlResponseSchema = z.object({ AuthorizedUrl: z.string() });
