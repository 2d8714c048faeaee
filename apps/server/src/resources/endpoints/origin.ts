// What an endpoint was made from: its endpoint config and the model of every variant, copied when
// CreateEndpoint / UpdateEndpoint is accepted. Names outlive their owners (a deleted config or
// model can be recreated by anyone under the same name), so the reconciler, scaling, instance
// replacement and the router read only this copy, as SageMaker keeps what an endpoint was created
// or updated with. Endpoint.desiredOrigin holds the requested rollout's copy; each Fleet carries
// the copy it was rolled out from.
import { randomUUID } from 'node:crypto';
import type { CreateEndpointConfigRequest, CreateModelRequest, DataCaptureConfig } from '@tessera/contracts';
import type { Endpoint } from '@tessera/db';
import type { Arns } from '../../platform/arns.ts';
import type { Tx } from '../../platform/db/transaction.ts';
import type { EndpointOrigin, Fleet, ModelOrigin } from './fleet-shape.ts';

export type { EndpointOrigin, ModelOrigin };

type Reader = Pick<Tx, 'endpointConfig' | 'model'>;
type Row = { ownerUserId: string | null };

/**
 * Copies the config named `configName` and its models, if `mayUse` accepts each row; otherwise
 * says why not, in the words SageMaker uses for a config or model that cannot be found.
 */
export async function takeOrigin(
  db: Reader,
  configName: string,
  mayUse: (row: Row) => boolean,
  arns: Pick<Arns, 'named'>,
): Promise<EndpointOrigin | { missing: string }> {
  const config = await db.endpointConfig.findUnique({ where: { name: configName } });
  if (!config || !mayUse(config))
    return { missing: `Could not find endpoint configuration "${arns.named('endpoint-config', configName)}".` };
  const spec = config.spec as unknown as CreateEndpointConfigRequest;
  const models: Record<string, ModelOrigin> = {};
  for (const v of spec.ProductionVariants) {
    const model = await db.model.findUnique({ where: { name: v.ModelName! } });
    if (!model || !mayUse(model))
      return {
        missing:
          `Could not find model "${arns.named('model', v.ModelName!)}" of variant ${v.VariantName} of endpoint ` +
          `configuration ${configName}.`,
      };
    models[v.VariantName] = { name: model.name, arn: model.arn, spec: model.spec as unknown as CreateModelRequest };
  }
  return {
    id: randomUUID(),
    configName: config.name,
    configArn: config.arn,
    config: spec,
    models,
    takenAt: new Date().toISOString(),
  };
}

export const isMissing = (o: EndpointOrigin | { missing: string }): o is { missing: string } => 'missing' in o;

export const desiredOriginOf = (e: Pick<Endpoint, 'desiredOrigin'>) =>
  (e.desiredOrigin as unknown as EndpointOrigin | null) ?? undefined;

/** The copy the serving fleet was rolled out from, else (while Creating) the requested one. */
export function currentOrigin(e: Pick<Endpoint, 'variants' | 'desiredOrigin'>): EndpointOrigin | undefined {
  return (e.variants as unknown as Fleet | null)?.origin ?? desiredOriginOf(e);
}

/** The data capture the origin asks for, or undefined when it asks for none. */
export function captureOf(origin: EndpointOrigin | undefined): DataCaptureConfig | undefined {
  const capture = origin?.config.DataCaptureConfig;
  return capture?.EnableCapture === false ? undefined : capture;
}
