// What an endpoint's fleet is, as its row stores it (Endpoint.variants and, while one is rolled
// out, Endpoint.backendState): per production variant, the instances that serve it.
import type { InstanceState } from '../../runtime/contract.ts';
import type { CreateEndpointConfigRequest, CreateModelRequest } from '@tessera/contracts';

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
  /** ProductionVariant.VolumeSizeInGB: each instance's storage, its model unpacked into it. */
  volumeGiB?: number;
  instances: Instance[];
}

export interface ModelOrigin {
  name: string;
  arn: string;
  spec: CreateModelRequest;
}

/** An endpoint config and its models as they were when a rollout was asked for (see origin.ts). */
export interface EndpointOrigin {
  /** Tells one rollout from another, even of the same config name. */
  id: string;
  configName: string;
  configArn: string;
  config: CreateEndpointConfigRequest;
  /** The model of each production variant, by variant name. */
  models: Record<string, ModelOrigin>;
  takenAt: string;
}

export interface Fleet {
  configName: string;
  variants: VariantFleet[];
  /** What this fleet was rolled out from; absent only on fleets older than snapshots, until adopted. */
  origin?: EndpointOrigin;
}
