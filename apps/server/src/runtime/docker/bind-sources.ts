// What the docker and swarm runtimes both hand to an engine that runs SageMaker containers: the
// capabilities a (namespaced) root container keeps, and host directories for bind mounts.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** What a SageMaker container running as (namespaced) root needs; nothing else of Docker's default set. */
export const WORK_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'NET_BIND_SERVICE',
];

/**
 * The engine follows a symbolic link in a bind mount's source on the host: every source must be
 * a directory itself, so that nothing a tenant could have planted picks what gets mounted.
 */
export async function assertDirectory(source: string): Promise<void> {
  const st = await lstat(source).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`${source} is not a directory (a symbolic link is never mounted)`);
}

/** The directory of an instance's scratch space that backs `target` (/tmp → <scratch>/tmp). */
export const scratchSource = (scratch: string, target: string) =>
  join(scratch, target.replace(/^\//, '').replace(/\//g, '-'));
