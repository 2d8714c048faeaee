// Endpoint requests as quota claims: how many instances of each type the endpoint would hold
// afterwards beyond what it holds now. A blue/green update is counted by its new fleet alone:
// the two fleets overlap only for the minutes of the switch, and refusing an update because
// of that overlap would make a full quota impossible to update within.
import type { Endpoint } from '@tessera/db';
import type { Tx } from '../../platform/db/transaction.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import { requireProfile } from './attribution.ts';
import { checkQuota } from './check.ts';
import { configHolds, endpointHolds } from './held.ts';

type Variants = { ProductionVariants?: { InstanceType?: string; InitialInstanceCount?: number }[] };

export const configInstanceTypes = (spec: unknown) => [
  ...new Set(
    ((spec as Variants | null)?.ProductionVariants ?? []).map((v) => v.InstanceType).filter((t): t is string => !!t),
  ),
];

export async function checkEndpointQuota(
  tx: Tx,
  who: { domainId: string | null; userProfileName: string | null },
  holds: { before: (type: string) => number; after: (type: string) => number; types: string[] },
  what: string,
  caller: Pick<Principal, 'isAdmin'>,
  whose?: string,
): Promise<void> {
  const adding = holds.types.filter((t) => holds.after(t) - holds.before(t) > 0);
  if (!who.domainId || !who.userProfileName) return requireProfile(caller, who, adding, whose);
  for (const instanceType of adding) {
    const adds = holds.after(instanceType) - holds.before(instanceType);
    await checkQuota(tx, { domainId: who.domainId, userProfileName: who.userProfileName, instanceType, adds, what });
  }
}

/** What an endpoint holds now and would hold with `nextConfigSpec` (or a changed fleet). */
export function endpointDelta(
  e: Endpoint | null,
  currentConfigSpec: unknown,
  next: { configSpec?: unknown; endpoint?: Endpoint },
) {
  const fleetTypes = (x: Endpoint | null | undefined) =>
    ((x?.variants as { variants?: { instanceType: string }[] } | null)?.variants ?? []).map((v) => v.instanceType);
  const types = [
    ...new Set([
      ...configInstanceTypes(currentConfigSpec),
      ...configInstanceTypes(next.configSpec),
      ...fleetTypes(e),
      ...fleetTypes(next.endpoint),
    ]),
  ];
  return {
    types,
    before: (t: string) => (e ? endpointHolds(e, currentConfigSpec, t) : 0),
    after: (t: string) =>
      next.endpoint ? endpointHolds(next.endpoint, currentConfigSpec, t) : configHolds(next.configSpec, t),
  };
}
