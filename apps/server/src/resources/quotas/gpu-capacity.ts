// GPU instance types where the host has GPUs to hand out, and an early, SageMaker-shaped refusal
// where it does not: SageMaker answers a request for an instance type the account may not run with
// ResourceLimitExceeded at Create time, naming the limit, and so does Tessera — before a row
// exists — instead of a job or app that fails later. The reconcilers ask again when they start
// instances (a host can lose its GPUs between the two).
import { limitExceeded } from '../../platform/errors.ts';
import type { Services } from '../services.ts';

/** Why `instanceType` cannot run here, or undefined when it can (CPU types always can). */
export async function gpuShortfall(
  s: Pick<Services, 'db' | 'runtimes'>,
  instanceType: string,
): Promise<string | undefined> {
  const type = await s.db.instanceType.findUnique({ where: { name: instanceType }, select: { gpus: true } });
  if (!type?.gpus) return undefined;
  const runtime = s.runtimes.current;
  const available = await runtime.gpusAvailable();
  if (type.gpus <= available) return undefined;
  return (
    `${instanceType} needs ${type.gpus} GPU${type.gpus > 1 ? 's' : ''} and the ${runtime.name} runtime on this host ` +
    `has ${available || 'none'} to hand out (GPUs need NVIDIA devices and the nvidia container runtime)`
  );
}

/**
 * Refuses work on a GPU instance type this host cannot give, as SageMaker refuses one over its
 * limit: `usage` names the limit ("training job usage", "endpoint usage", "KernelGateway apps").
 */
export async function checkGpuCapacity(
  s: Pick<Services, 'db' | 'runtimes'>,
  instanceType: string,
  count: number,
  usage: string,
): Promise<void> {
  const why = await gpuShortfall(s, instanceType);
  if (!why) return;
  throw limitExceeded(
    `The account-level service limit '${instanceType} for ${usage}' is 0 Instances, with a request delta of ` +
      `${count} Instance${count === 1 ? '' : 's'}: ${why}. Choose a CPU instance type such as ml.m5.large ` +
      '(ml.t3.medium for Studio).',
  );
}
