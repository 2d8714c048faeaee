// REST shapes for usage metering and the price table (admin console's "Usage and cost").
import { z } from 'zod';
import { ZDomainId } from '../sagemaker/common.ts';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a UTC day as YYYY-MM-DD');
export const ZUsageQuerySchema = z.strictObject({
  from: ZDay.optional(), // default: 29 days before `to`
  to: ZDay.optional(), // inclusive; default: today (UTC)
  domainId: ZDomainId.optional(),
});
const ZTotal = z.object({ instanceSeconds: z.number(), cost: z.number() });
export const ZUsageRow = ZTotal.extend({
  day: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  domainId: z.string().nullable(),
  userProfileName: z.string().nullable(),
  resourceKind: z.enum(['App', 'TrainingJob', 'ProcessingJob', 'TransformJob', 'Endpoint']),
  resourceName: z.string(),
  instanceType: z.string(),
});
export const ZUsageResponseSchema = z.object({
  currency: z.literal('USD'),
  from: z.string(),
  to: z.string(),
  total: ZTotal,
  byUser: z.array(ZTotal.extend({ userId: z.string().nullable(), username: z.string().nullable() })),
  byDomain: z.array(ZTotal.extend({ domainId: z.string().nullable(), domainName: z.string().nullable() })),
  byDay: z.array(ZTotal.extend({ day: z.string() })),
  byInstanceType: z.array(ZTotal.extend({ instanceType: z.string(), pricePerHour: z.number() })),
  rows: z.array(ZUsageRow),
});
export type UsageResponse = z.infer<typeof ZUsageResponseSchema>;

export const ZPriceView = z.object({
  instanceType: z.string(),
  vcpu: z.number(),
  memoryGiB: z.number(),
  gpus: z.number().int(),
  pricePerHour: z.number(),
});
export const ZListPricesResponseSchema = z.object({ currency: z.literal('USD'), prices: z.array(ZPriceView) });
export const ZPutPriceRequestSchema = z.strictObject({ pricePerHour: z.number().min(0).max(10_000) });

export const usageRoutes = {
  getUsage: {
    method: 'get',
    path: '/api/v1/usage',
    summary: 'Instance-seconds and cost per user, domain and day',
    access: 'admin',
    query: ZUsageQuerySchema,
    response: ZUsageResponseSchema,
  },
  usageCsv: {
    method: 'get',
    path: '/api/v1/usage.csv',
    summary: 'Export usage and cost as CSV',
    access: 'admin',
    query: ZUsageQuerySchema,
    produces: 'text/csv',
  },
  listPrices: {
    method: 'get',
    path: '/api/v1/prices',
    summary: 'See the price table of instance types',
    access: 'admin',
    response: ZListPricesResponseSchema,
  },
  putPrice: {
    method: 'patch',
    path: '/api/v1/prices/:instanceType',
    summary: "Change an instance type's price per hour",
    access: 'admin',
    body: ZPutPriceRequestSchema,
    response: ZPriceView,
  },
} as const;
