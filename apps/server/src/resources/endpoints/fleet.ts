// An endpoint's instances: for each production variant, containers started with `serve` on the
// variant's model (ModelDataUrl unpacked into /opt/ml/model, script-mode code staged into
// /opt/ml/code), each answering GET /ping before it takes traffic. Batch transform starts its
// instances the same way (kind TransformJob, its own directory and SAGEMAKER_BATCH* variables).
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ContainerDefinition, CreateModelRequest, ProductionVariant } from '@tessera/contracts';
import { parseS3Uri } from '../../platform/objects/object-store.ts';
import type { Services } from '../services.ts';
import { instanceIdentity } from '../identity/instance-credentials.ts';
import { gpuShortfall } from '../quotas/gpu-capacity.ts';
import type { Instance, VariantFleet } from './fleet-shape.ts';
import { resolveImage } from '../jobs/images.ts';
import { createOptMl, removeInstanceTree } from '../jobs/opt-ml.ts';
import { DEFAULT_VOLUME_GIB, workInstanceSpec, workOwner, type WorkInstance } from '../jobs/work-instance.ts';
import { stageArchive, stageCode } from '../jobs/stage-input.ts';
import { ownerStore } from '../jobs/owner-store.ts';

export const SERVE_PORT = 8080;

type Deps = Pick<Services, 'db' | 'config' | 'runtimes' | 'objects' | 'instanceTokens'>;

export const endpointDir = (s: Pick<Services, 'config'>, endpoint: string) =>
  join(s.config.dataDir, 'work', 'endpoints', endpoint);

export function primaryContainer(model: CreateModelRequest): ContainerDefinition {
  const c = model.PrimaryContainer ?? model.Containers?.[0];
  if (!c?.Image) throw new Error(`model ${model.ModelName} names no container image`);
  return c;
}

/**
 * Streams the variant's model.tar.gz from the store into the instance's /opt/ml/model (or copies a
 * model that is a single file), stopping at the model limits rather than filling the disk.
 */
async function stageModel(
  s: Deps,
  owner: string | null,
  container: ContainerDefinition,
  modelDir: string,
  volumeGiB: number,
) {
  if (!container.ModelDataUrl) return;
  if (!parseS3Uri(container.ModelDataUrl))
    throw new Error(`ModelDataUrl ${container.ModelDataUrl} is not an s3:// URI`);
  // The model unpacks onto the instance's volume: it may take at most that much.
  const maxBytes = Math.min(s.config.archives.modelMaxBytes, volumeGiB * 1024 ** 3);
  const limits = { ...s.config.archives, maxBytes };
  await stageArchive(ownerStore(s, owner), container.ModelDataUrl, modelDir, limits);
}

/**
 * Who else starts instances: `kind` labels the containers, `dir` holds their /opt/ml trees, `env`
 * is added to the model's, `volumeGiB` bounds each instance's storage.
 */
export interface InstanceOptions {
  kind?: WorkInstance['kind'];
  dir?: string;
  env?: Record<string, string>;
  volumeGiB?: number;
}

export async function startInstance(
  s: Deps,
  endpoint: { name: string; id: string; ownerUserId: string | null },
  variant: Omit<VariantFleet, 'instances'>,
  model: CreateModelRequest,
  opts: InstanceOptions = {},
): Promise<Instance> {
  const type = await s.db.instanceType.findUnique({ where: { name: variant.instanceType } });
  if (!type) throw new Error(`the instance type ${variant.instanceType} is not offered here`);
  const noGpus = await gpuShortfall(s, type.name);
  if (noGpus) throw new Error(noGpus);
  const id = `${variant.name.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const base = opts.dir ?? endpointDir(s, endpoint.name);
  const root = join(base, id);
  const runtime = s.runtimes.current;
  const volumeGiB = opts.volumeGiB ?? variant.volumeGiB ?? DEFAULT_VOLUME_GIB;
  const layout = await createOptMl(root, { runtime, sizeGiB: volumeGiB });
  const container = primaryContainer(model);
  const env: Record<string, string> = { ...container.Environment, ...opts.env };
  try {
    await stageModel(s, endpoint.ownerUserId, container, layout.model, volumeGiB);
    // Script-mode serving code on S3 is staged here; the container reads it from /opt/ml/code.
    if (env.SAGEMAKER_SUBMIT_DIRECTORY?.startsWith('s3://')) {
      const limits = { ...s.config.archives, maxBytes: s.config.archives.sourceMaxBytes };
      await stageCode(ownerStore(s, endpoint.ownerUserId), env.SAGEMAKER_SUBMIT_DIRECTORY, layout.code, limits);
      env.SAGEMAKER_SUBMIT_DIRECTORY = '/opt/ml/code';
    }
  } catch (err) {
    // Nothing runs on this tree yet: what a refused archive left of itself goes now.
    await removeInstanceTree(runtime, root);
    throw err;
  }
  const kind = opts.kind ?? 'Endpoint';
  const state = await runtime.start(
    workInstanceSpec({
      kind,
      resourceId: endpoint.id,
      host: id,
      owner: await workOwner(s.db, endpoint.ownerUserId),
      image: variant.image,
      command: ['serve'],
      env:
        kind === 'Endpoint'
          ? { ...env, SAGEMAKER_ENDPOINT_NAME: endpoint.name, SAGEMAKER_VARIANT_NAME: variant.name }
          : env,
      optMlDir: root,
      instanceType: { name: type.name, vcpu: type.vcpu, memoryGiB: type.memoryGiB, gpus: type.gpus },
      // The instances of one endpoint (or transform job) of one owner share a network; a name
      // reused by someone else is another network.
      networkKey: `${kind}/${endpoint.id}/${endpoint.ownerUserId ?? ''}`,
      isolated: !!model.EnableNetworkIsolation,
      port: SERVE_PORT,
      ...instanceIdentity(s, kind, endpoint.id, endpoint.ownerUserId),
    }),
  );
  return { id, state, url: runtime.url(state) };
}

export async function stopInstance(
  s: Pick<Services, 'runtimes' | 'config' | 'followers'>,
  endpoint: string,
  instance: Instance,
  dir?: string,
): Promise<void> {
  s.followers.stop(instance.id);
  const runtime = s.runtimes.current;
  await runtime.stop(instance.state, { graceMs: 5_000 }).catch(() => undefined);
  await runtime.remove(instance.state).catch(() => undefined);
  await removeInstanceTree(runtime, join(dir ?? endpointDir(s, endpoint), instance.id));
}

/** GET /ping answered 200 within `timeoutMs`. */
export async function pingOk(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const r = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

export function variantPlan(v: ProductionVariant, model: CreateModelRequest): Omit<VariantFleet, 'instances'> {
  const specified = primaryContainer(model).Image!;
  return {
    name: v.VariantName,
    modelName: v.ModelName!,
    image: resolveImage(specified).image,
    specifiedImage: specified,
    instanceType: v.InstanceType!,
    weight: v.InitialVariantWeight ?? 1,
    desiredCount: v.InitialInstanceCount ?? 1,
    ...(v.VolumeSizeInGB ? { volumeGiB: v.VolumeSizeInGB } : {}),
  };
}
