import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { propertyNames } from '../expression.ts';
import { loadSearchable, SEARCHABLE } from '../sources.ts';

/** Suggestions are drawn from this many of the caller's newest resources. */
const SAMPLE = 100;

// Property names Search can filter and sort on, from the caller's own resources of the kind,
// those starting with the hint (any case) first in name order.
export async function getSearchSuggestions(
  ctx: OpContext<'db'>,
  input: OperationInput<'GetSearchSuggestions'>,
): Promise<OperationOutput<'GetSearchSuggestions'>> {
  if (!SEARCHABLE.includes(input.Resource))
    throw validation(`Resource ${input.Resource} is not searchable here; search one of ${SEARCHABLE.join(', ')}`);
  const hint = (input.SuggestionQuery?.PropertyNameQuery?.PropertyNameHint ?? '').toLowerCase();
  const { items } = await loadSearchable(ctx.services.db, ctx.principal, input.Resource, SAMPLE);
  const names = new Set<string>();
  for (const i of items) propertyNames(i.doc, '', names);
  return {
    PropertyNameSuggestions: [...names]
      .filter((n) => n.toLowerCase().startsWith(hint))
      .sort()
      .slice(0, 100)
      .map((PropertyName) => ({ PropertyName })),
  };
}
