import type { StudioScope } from '@tessera/jupyterlab-studio/rest';

/** "…choose one of: d-abc/alice, d-xyz/alice-2" → the profiles, from the open call's ValidationException. */
export function profilesIn(message: string): StudioScope[] {
  const list = /choose one of:\s*(.+)$/i.exec(message)?.[1] ?? '';
  return [...list.matchAll(/([A-Za-z0-9-]+)\/([A-Za-z0-9-]+)/g)].map((m) => ({
    domainId: m[1]!,
    userProfileName: m[2]!,
  }));
}
