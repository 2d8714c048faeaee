// Builds the IStudioContext from the page config that the boot page wrote (option "tessera").
import { KernelChoice } from './kernel-choice.ts';
import { createStudioClient } from './rest-client.ts';
import { StudioEvents } from './studio-events.ts';
import type { IStudioContext } from './tokens.ts';

/** What the boot page puts under the page config's "tessera" option (as a JSON string). */
export interface StudioPageInfo {
  domainId: string;
  userProfileName: string;
  username: string;
  jupyterBaseUrl: string;
  defaults: { imageName: string; instanceType: string };
}

export function createStudioContext(info: StudioPageInfo): IStudioContext {
  const scope = { domainId: info.domainId, userProfileName: info.userProfileName };
  const client = createStudioClient(scope);
  let catalog: ReturnType<IStudioContext['catalog']> | undefined;
  return {
    scope,
    username: info.username,
    jupyterBaseUrl: info.jupyterBaseUrl,
    defaults: info.defaults,
    client,
    events: new StudioEvents(),
    choice: new KernelChoice(info.defaults, `tessera-studio:kernel-choice:${info.domainId}/${info.userProfileName}`),
    catalog() {
      catalog ??= Promise.all([client.instanceTypes(), client.images()]).then(([instanceTypes, images]) => ({
        instanceTypes,
        images,
      }));
      // A failed fetch is retried on the next call rather than cached.
      catalog.catch(() => (catalog = undefined));
      return catalog;
    },
  };
}
