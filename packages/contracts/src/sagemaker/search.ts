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
const ZPropertyName = z.string().min(1).max(1024);
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
export const ZSearchExpression: z.ZodType<SearchExpression> = z.lazy(() =>
  z.strictObject({
    Filters: z.array(ZSearchFilter).min(1).max(20).optional(),
    NestedFilters: z
      .array(z.strictObject({ NestedPropertyName: ZPropertyName, Filters: z.array(ZSearchFilter).min(1).max(20) }))
      .min(1)
      .max(20)
      .optional(),
    SubExpressions: z.array(ZSearchExpression).min(1).max(20).optional(),
    Operator: z.enum(['And', 'Or']).optional(),
  }),
);

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
