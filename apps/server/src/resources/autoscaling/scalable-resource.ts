// What a request may scale: SageMaker endpoint variants only, named
// endpoint/<EndpointName>/variant/<VariantName>, owned by the caller unless they are an admin.
import { SAGEMAKER_VARIANT_DIMENSION } from '@tessera/contracts';
import { accessDenied } from '../../platform/errors.ts';
import type { OpContext } from '../services.ts';
import { desiredOriginOf } from '../endpoints/origin.ts';
import { objectNotFound, validation, type TargetKey } from './errors.ts';

const RESOURCE_ID = /^endpoint\/([^/]+)\/variant\/([^/]+)$/;

/** The endpoint and variant a request names, or the ValidationException AWS gives for a target it cannot scale. */
export function variantOf(k: TargetKey): { endpointName: string; variantName: string } {
  if (k.ServiceNamespace !== 'sagemaker' || !k.ScalableDimension.startsWith('sagemaker:')) {
    throw validation(
      'Unsupported service namespace, resource type or scalable dimension: this server scales SageMaker endpoint ' +
        `variants only (ServiceNamespace sagemaker, ScalableDimension ${SAGEMAKER_VARIANT_DIMENSION})`,
    );
  }
  if (k.ScalableDimension !== SAGEMAKER_VARIANT_DIMENSION) {
    throw validation(
      `Unsupported scalable dimension ${k.ScalableDimension}: this server scales ${SAGEMAKER_VARIANT_DIMENSION} only`,
    );
  }
  const m = RESOURCE_ID.exec(k.ResourceId);
  if (!m)
    throw validation(
      `Unsupported resource ID ${k.ResourceId}: for ${SAGEMAKER_VARIANT_DIMENSION} it must be ` +
        'endpoint/<EndpointName>/variant/<VariantName>',
    );
  return { endpointName: m[1]!, variantName: m[2]! };
}

export function assertMayScale(ctx: OpContext<'db'>, ownerUserId: string | null, what: string): void {
  if (ctx.principal.isAdmin || (ownerUserId !== null && ownerUserId === ctx.principal.userId)) return;
  throw accessDenied(
    `User: ${ctx.principal.username} is not authorized to perform: application-autoscaling on resource: ${what} ` +
      "(only the endpoint's owner or an administrator may)",
  );
}

/** Variant names in an endpoint's `variants` column or a config's spec, whichever shape holds them. */
function variantNames(json: unknown): string[] {
  const obj = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const list = Array.isArray(json)
    ? json
    : Array.isArray(obj?.ProductionVariants)
      ? obj.ProductionVariants
      : Array.isArray(obj?.variants)
        ? obj.variants
        : [];
  return (list as unknown[])
    .map((v) =>
      v && typeof v === 'object'
        ? ((v as { VariantName?: unknown; name?: unknown }).VariantName ?? (v as { name?: unknown }).name)
        : undefined,
    )
    .filter((n): n is string => typeof n === 'string');
}

/**
 * The endpoint's owner, once the endpoint and its variant are known to exist and the caller may
 * scale it. A variant counts when the endpoint's observed variants or the ProductionVariants of
 * the config it was last created or updated with (its copy, not the config of that name now) name it.
 */
export async function scalableVariant(
  ctx: OpContext<'db'>,
  endpointName: string,
  variantName: string,
  resourceId: string,
): Promise<{ ownerUserId: string | null }> {
  const { db } = ctx.services;
  const endpoint = await db.endpoint.findUnique({ where: { name: endpointName } });
  // One being deleted is gone already: a target registered now would outlive it.
  if (!endpoint || endpoint.desiredState === 'Deleted')
    throw objectNotFound(`Endpoint ${endpointName} does not exist (resource ID: ${resourceId})`);
  assertMayScale(ctx, endpoint.ownerUserId, resourceId);
  const names = new Set([...variantNames(endpoint.variants), ...variantNames(desiredOriginOf(endpoint)?.config)]);
  if (!names.has(variantName))
    throw objectNotFound(
      `Variant ${variantName} does not exist in endpoint ${endpointName} (resource ID: ${resourceId})`,
    );
  return { ownerUserId: endpoint.ownerUserId };
}
