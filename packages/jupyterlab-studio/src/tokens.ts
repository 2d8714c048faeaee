import { Token } from '@lumino/coreutils';
import type { KernelChoice } from './kernel-choice.ts';
import type { StudioClient, StudioScope } from './rest-client.ts';
import type { StudioEvents } from './studio-events.ts';
import type { InstanceType, StudioImage } from './types.ts';

/** Which Studio this page is: the user profile, its Jupyter server, and Tessera's REST API. */
export interface IStudioContext {
  readonly scope: StudioScope;
  readonly username: string;
  /** Where this profile's Jupyter Server is proxied, e.g. /jupyter/<domain>/<profile>/default/. */
  readonly jupyterBaseUrl: string;
  readonly defaults: { imageName: string; instanceType: string };
  readonly client: StudioClient;
  readonly events: StudioEvents;
  /** The image and instance type the launcher starts new kernels on. */
  readonly choice: KernelChoice;
  /** Instance types and images, fetched once per page. */
  catalog(): Promise<{ instanceTypes: InstanceType[]; images: StudioImage[] }>;
}

export const IStudioContext = new Token<IStudioContext>(
  '@tessera/jupyterlab-studio:IStudioContext',
  'The user profile this Studio belongs to and its REST client.',
);
