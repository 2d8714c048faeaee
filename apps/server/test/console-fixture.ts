// What the console tests share: filling a route's path parameters, and refusals by role.
import { consoleRoutes } from '@tessera/contracts';

/** Every console route with its path parameters filled by plausible (not necessarily existing) values. */
export function consoleRouteSamples() {
  const values: Record<string, string> = {
    username: 'nobody-here',
    groupName: 'no-group',
    accessKeyId: 'TKIANOTAKEY000000000',
    domainId: 'd-notadomain0',
    name: 'no-profile',
  };
  return Object.entries(consoleRoutes).map(([name, r]) => ({
    name,
    method: r.method.toUpperCase(),
    path: r.path.replace(/:(\w+)/g, (_, p: string) => values[p] ?? p),
    body: 'body' in r ? {} : undefined,
  }));
}
