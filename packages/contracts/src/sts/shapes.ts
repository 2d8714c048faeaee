// The STS operations Tessera serves (AWS Query protocol: POST / with a form body, XML answers),
// with the constraints of the published service model (botocore data/sts/2011-06-15/service-2.json).
// Form values arrive as strings; DurationSeconds is coerced.
import { z } from 'zod';
import type { OperationShape } from '../sagemaker/operations.ts';

const ZRoleArn = z
  .string()
  .min(20)
  .max(2048)
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN: arn:aws:iam::<account>:role/<name>');

export const ZGetCallerIdentityRequestSchema = z.object({}).loose();
export const ZGetCallerIdentityResponseSchema = z.object({ UserId: z.string(), Account: z.string(), Arn: z.string() });

export const ZAssumeRoleRequestSchema = z
  .object({
    RoleArn: ZRoleArn,
    RoleSessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, '2 to 64 characters of letters, digits and +=,.@_-'),
    DurationSeconds: z.coerce.number().int().min(900).max(43_200).optional(),
    ExternalId: z.string().min(2).max(1224).optional(),
    SourceIdentity: z.string().min(2).max(64).optional(),
  })
  .loose();

export const ZCredentialsSchema = z.object({
  AccessKeyId: z.string(),
  SecretAccessKey: z.string(),
  SessionToken: z.string(),
  /** ISO 8601, as STS writes it in XML. */
  Expiration: z.string(),
});

export const ZAssumeRoleResponseSchema = z.object({
  Credentials: ZCredentialsSchema,
  AssumedRoleUser: z.object({ AssumedRoleId: z.string(), Arn: z.string() }),
  PackedPolicySize: z.number().int(),
});

export const stsOperations = {
  GetCallerIdentity: { input: ZGetCallerIdentityRequestSchema, output: ZGetCallerIdentityResponseSchema },
  AssumeRole: { input: ZAssumeRoleRequestSchema, output: ZAssumeRoleResponseSchema },
} satisfies Record<string, OperationShape>;

export type StsOperation = keyof typeof stsOperations;
export type StsInput<Op extends StsOperation> = z.infer<(typeof stsOperations)[Op]['input']>;
export type StsOutput<Op extends StsOperation> = z.input<(typeof stsOperations)[Op]['output']>;
