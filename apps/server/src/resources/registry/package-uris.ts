// The S3 data a model package names, which must be in buckets its creator (or updater) may use,
// as a model's must: a package cannot become a way into another user's objects.
import type { OperationInput } from '@tessera/contracts';

/** Every s3:// URI a package names: its model data, sample payload and metric reports. */
export function s3Uris(
  input: Pick<OperationInput<'CreateModelPackage'>, 'InferenceSpecification' | 'SamplePayloadUrl' | 'ModelMetrics'>,
): { field: string; uri: string }[] {
  const out: { field: string; uri: string }[] = [];
  for (const [i, c] of (input.InferenceSpecification?.Containers ?? []).entries())
    if (c.ModelDataUrl) out.push({ field: `InferenceSpecification.Containers.${i}.ModelDataUrl`, uri: c.ModelDataUrl });
  if (input.SamplePayloadUrl) out.push({ field: 'SamplePayloadUrl', uri: input.SamplePayloadUrl });
  const walk = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'S3Uri' && typeof x === 'string') out.push({ field: `${path}.S3Uri`, uri: x });
      else walk(x, `${path}.${k}`);
    }
  };
  walk(input.ModelMetrics, 'ModelMetrics');
  return out;
}
