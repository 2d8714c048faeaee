// An instance of the process runtime sees the host's file system, not its mounts: a container
// path is rewritten to the mount's host directory wherever the runtime can see it — in arguments
// (whole, or after `--flag=`) and environment values, which is how a processing script learns its
// paths. Paths written inside a script are not seen.
import type { Mount, Program } from '../contract.ts';

export function rewritePath(value: string, mounts: Pick<Mount, 'source' | 'target'>[]): string {
  const targets = mounts
    .map((m) => ({ from: m.target.replace(/\/+$/, ''), to: m.source }))
    .sort((a, b) => b.from.length - a.from.length);
  const eq = value.startsWith('-') ? value.indexOf('=') + 1 : 0;
  const head = value.slice(0, eq);
  const path = value.slice(eq);
  for (const { from, to } of targets) {
    if (path === from || path.startsWith(`${from}/`)) return head + to + path.slice(from.length);
  }
  return value;
}

/**
 * The argv an image program runs as. SageMaker starts an image as `docker run IMAGE train|serve`,
 * which the images' own `train` and `serve` turn into `python3 -m tessera_sagemaker …`; anything
 * else (a processing job's ContainerEntrypoint and arguments) runs as given, its paths rewritten.
 */
export function imageCommand(
  program: Extract<Program, { type: 'image' }>,
  mounts: Pick<Mount, 'source' | 'target'>[],
  python: string,
): string[] {
  const args = program.command ?? (program.entrypoint ? [] : ['serve']);
  const given = program.entrypoint ? [...program.entrypoint, ...args] : args;
  if (!program.entrypoint && (given[0] === 'train' || given[0] === 'serve'))
    return [python, '-m', 'tessera_sagemaker', ...given];
  if (!given.length) throw new Error('the container has no command to run');
  return given.map((a) => rewritePath(a, mounts));
}
