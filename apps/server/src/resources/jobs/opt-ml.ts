// The /opt/ml tree of one instance, laid out on this host before its container starts (SageMaker's
// container contract): input/config/*.json, input/data/<channel>/, model/, output/, code/.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

/** A fresh, empty tree (a retried step starts clean). */
export async function createOptMl(root: string): Promise<OptMlLayout> {
  await rm(root, { recursive: true, force: true });
  const l = optMl(root);
  for (const dir of [l.config, join(root, 'input', 'data'), l.model, l.outputData, l.code])
    await mkdir(dir, { recursive: true });
  return l;
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}
