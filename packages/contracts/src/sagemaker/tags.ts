import { z } from 'zod';
import { ZNextToken, ZResourceArn, ZTagKey, ZTagList } from './common.ts';

export const ZAddTagsRequestSchema = z.strictObject({ ResourceArn: ZResourceArn, Tags: ZTagList });
export const ZAddTagsResponseSchema = z.object({ Tags: ZTagList });

export const ZListTagsRequestSchema = z.strictObject({
  ResourceArn: ZResourceArn,
  NextToken: ZNextToken.optional(),
  MaxResults: z.number().int().min(50).optional(),
});
export const ZListTagsResponseSchema = z.object({ Tags: ZTagList, NextToken: z.string().optional() });

export const ZDeleteTagsRequestSchema = z.strictObject({
  ResourceArn: ZResourceArn,
  TagKeys: z.array(ZTagKey).min(1).max(50),
});
export const ZDeleteTagsResponseSchema = z.object({});
