// What an endpoint's fleet is, as its row stores it (Endpoint.variants and, while one is rolled
// out, Endpoint.backendState): per production variant, the instances that serve it.
import type { InstanceState } from '../../runtime/contract.ts';

export interface Instance {
  id: string;
  state: InstanceState;
  url: string;
}

export interface VariantFleet {
  name: string;
  modelName: string;
  image: string;
  specifiedImage: string;
  instanceType: string;
  weight: number;
  desiredCount: number;
  instances: Instance[];
}

export interface Fleet {
  configName: string;
  variants: VariantFleet[];
}
