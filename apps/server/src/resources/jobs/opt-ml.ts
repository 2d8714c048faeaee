// The /opt/ml tree of one instance, laid out on this host before its container starts (SageMaker's
// container contract): input/config/*.json, input/data/<channel>/, model/, output/, code/.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runtime } from '../../runtime/contract.ts';

export interface OptMlLayout {
  root: string;
  config: string;
  data: (channel: string) => string;
  model: string;
  output: string;
  outputData: string;
  failure: string;
  code: string;
}

export function optMl(root: string): OptMlLayout {
  return {
    root,
    config: join(root, 'input', 'config'),
    data: (channel) => join(root, 'input', 'data', channel),
    model: join(root, 'model'),
    output: join(root, 'output'),
    outputData: join(root, 'output', 'data'),
    failure: join(root, 'output', 'failure'),
    code: join(root, 'code'),
  };
}

/** Where an instance's tree lives: a volume of the runtime's, bounded at the instance's VolumeSizeInGB. */
export interface OptMlStorage {
  runtime: Pick<Runtime, 'createVolume' | 'releaseVolume'>;
  sizeGiB: number;
}

/** A fresh, empty tree on a fresh volume (a retried step starts clean). */
export async function createOptMl(root: string, storage: OptMlStorage): Promise<OptMlLayout> {
  await removeTree(storage.runtime, root);
  await storage.runtime.createVolume(root, storage.sizeGiB);
  const l = optMl(root);
  for (const dir of [l.config, join(root, 'input', 'data'), l.model, l.outputData, l.code])
    await mkdir(dir, { recursive: true });
  return l;
}

/** Removes a tree of instance directories, releasing the volumes mounted in it first. */
export async function removeTree(runtime: Pick<Runtime, 'releaseVolume'>, dir: string): Promise<void> {
  await runtime.releaseVolume(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}
