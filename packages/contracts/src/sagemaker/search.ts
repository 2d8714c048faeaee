// Search and GetSearchSuggestions over training jobs, experiments, trials, trial components and
// model packages: filters on any property of a resource's description (metrics, hyperparameters,
// parameters and tags by name), nested filters over lists, sub-expressions, sorting and pages.
import { z } from 'zod';
import { ZNextToken, ZSortOrder } from './common.ts';
import { ZIgnored } from './work-common.ts';

export const ZSearchResource = z.enum([
  'TrainingJob',
  'Experiment',
  'ExperimentTrial',
  'ExperimentTrialComponent',
  'ModelPackage',
]);
export const ZSearchOperator = z.enum([
  'Equals',
  'NotEquals',
  'GreaterThan',
  'GreaterThanOrEqualTo',
  'LessThan',
  'LessThanOrEqualTo',
  'Contains',
  'Exists',
  'NotExists',
  'In',
]);
/** Property names: dotted paths of at most 20 parts. */
const ZPropertyName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => n.split('.').length <= 20, 'a property name has at most 20 dotted parts');
export const ZSearchFilter = z.strictObject({
  Name: ZPropertyName,
  Operator: ZSearchOperator.optional(),
  Value: z.string().min(1).max(1024).optional(),
});
export type SearchFilter = z.infer<typeof ZSearchFilter>;
export interface SearchExpression {
  Filters?: SearchFilter[];
  NestedFilters?: { NestedPropertyName: string; Filters: SearchFilter[] }[];
  SubExpressions?: SearchExpression[];
  Operator?: 'And' | 'Or';
}
/** How deep SubExpressions nest, counted without recursion (a deep body must not exhaust the stack). */
function nesting(value: unknown): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length && depth <= 6) {
    level = level.flatMap((v) =>
      v && typeof v === 'object' && Array.isArray((v as SearchExpression).SubExpressions)
        ? (v as SearchExpression).SubExpressions!
        : [],
    );
    if (level.length) depth++;
  }
  return depth;
}
/** Everything an expression holds: filters, nested filters and sub-expressions, all levels. */
function elements(e: SearchExpression): number {
  return (
    (e.Filters?.length ?? 0) +
    (e.NestedFilters?.length ?? 0) +
    (e.SubExpressions ?? []).reduce((n, sub) => n + 1 + elements(sub), 0)
  );
}
const ZSearchExpressionShape: z.ZodType<SearchExpression> = z.lazy(() =>
  z.strictObject({
    Filters: z.array(ZSearchFilter).min(1).max(20).optional(),
    NestedFilters: z
      .array(z.strictObject({ NestedPropertyName: ZPropertyName, Filters: z.array(ZSearchFilter).min(1).max(20) }))
      .min(1)
      .max(20)
      .optional(),
    SubExpressions: z.array(ZSearchExpressionShape).min(1).max(20).optional(),
    Operator: z.enum(['And', 'Or']).optional(),
  }),
);
/** As SageMaker: at most 20 elements in all, SubExpressions at most 5 deep. */
export const ZSearchExpression = z
  .unknown()
  .refine((v) => nesting(v) <= 5, 'SearchExpression: SubExpressions nest at most 5 deep')
  .pipe(ZSearchExpressionShape)
  .refine((e) => elements(e) <= 20, 'SearchExpression: at most 20 filters, nested filters and sub-expressions in all');

export const ZSearchRequestSchema = z.strictObject({
  Resource: z.string().min(1).max(64),
  SearchExpression: ZSearchExpression.optional(),
  SortBy: ZPropertyName.optional(),
  SortOrder: ZSortOrder.optional(),
  NextToken: ZNextToken.optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  CrossAccountFilterOption: ZIgnored,
  VisibilityConditions: ZIgnored,
});
export const ZSearchResponseSchema = z.object({
  Results: z.array(z.record(z.string(), z.record(z.string(), z.unknown()))),
  NextToken: z.string().optional(),
  TotalHits: z.object({ Value: z.number().int(), Relation: z.enum(['EqualTo', 'GreaterThanOrEqualTo']) }).optional(),
});

export const ZGetSearchSuggestionsRequestSchema = z.strictObject({
  Resource: z.string().min(1).max(64),
  SuggestionQuery: z
    .strictObject({ PropertyNameQuery: z.strictObject({ PropertyNameHint: z.string().max(100) }).optional() })
    .optional(),
});
export const ZGetSearchSuggestionsResponseSchema = z.object({
  PropertyNameSuggestions: z.array(z.object({ PropertyName: z.string() })),
});
