// The /opt/ml tree of one instance, laid out on this host before its container starts (SageMaker's
// container contract): input/config/*.json, input/data/<channel>/, model/, output/, code/. The
// container may write anything into it, links included, so the server reads what it left there
// only through platform/storage/inside-dir.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Runtime } from '../../runtime/contract.ts';
import { readInside, removeTree } from '../../platform/storage/inside-dir.ts';

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

/**
 * A fresh, empty tree on a fresh volume (a retried step starts clean, even if a container of the
 * last try still runs).
 */
export async function createOptMl(root: string, storage: OptMlStorage): Promise<OptMlLayout> {
  await removeInstanceTree(storage.runtime, root);
  await storage.runtime.createVolume(root, storage.sizeGiB);
  const l = optMl(root);
  for (const dir of [l.config, join(root, 'input', 'data'), l.model, l.outputData, l.code])
    await mkdir(dir, { recursive: true });
  return l;
}

/**
 * One tree per instance of a job, made one after another so that each volume's room is counted
 * against the ones before it. A volume the host has no room for refuses the job (`refused` is the
 * FailureReason) rather than retrying forever; any other error is the reconciler's to retry.
 */
export async function createOptMls(
  roots: string[],
  storage: OptMlStorage,
): Promise<{ layouts: OptMlLayout[] } | { refused: string }> {
  const layouts: OptMlLayout[] = [];
  try {
    for (const root of roots) layouts.push(await createOptMl(root, storage));
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('CapacityError:')) return { refused: message };
    throw err;
  }
  return { layouts };
}

/**
 * Removes a tree of instance directories: the volumes mounted in it are released first, then the
 * tree goes without following any link a container left in it.
 */
export async function removeInstanceTree(runtime: Pick<Runtime, 'releaseVolume'>, dir: string): Promise<void> {
  await runtime.releaseVolume(dir);
  await removeTree(dir);
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value));
}

/** Enough of a failure reason or exit message (each is cut to 1 KB): the head of a longer file. */
const MAX_TEXT_BYTES = 4096;

/**
 * A short text the container left at `rel` of its /opt/ml (`root` on this host): output/failure,
 * output/message. Undefined when there is none; `refused` says why one could not be read (a link,
 * a FIFO...) in words for the job's FailureReason — never what a link points at.
 */
export async function readContainerText(
  root: string,
  rel: string,
  what: string,
): Promise<{ text: string } | { refused: string } | undefined> {
  const read = await readInside(root, rel, { maxBytes: MAX_TEXT_BYTES, larger: 'truncate' });
  if (read.kind === 'file') return { text: read.bytes.toString('utf8').trim() };
  if (read.refused === 'missing') return undefined;
  return { refused: `/opt/ml/${read.path} ${read.why}; write ${what} as a regular file` };
}
