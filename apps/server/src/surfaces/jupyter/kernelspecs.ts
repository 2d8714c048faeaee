// The kernelspecs a Studio offers: one per (image, instance type) this installation can run.
// They describe where a kernel runs; the kernel itself is the image's Python kernel.
import type { UserProfile } from '@tessera/db';
import { loadKernelDefaults } from '../../resources/apps/defaults.ts';
import type { Services } from '../../resources/services.ts';
import { kernelNameOf } from '../../resources/apps/kernel-apps.ts';

export async function defaultKernelName(s: Services, profile: UserProfile): Promise<string> {
  const domain = await s.db.domain.findUniqueOrThrow({ where: { id: profile.domainId } });
  const d = await loadKernelDefaults(s, domain, profile);
  return kernelNameOf(d.imageName, d.instanceType);
}

export async function kernelSpecs(s: Services, profile: UserProfile, base: string) {
  const [images, types, gpus] = await Promise.all([
    s.db.image.findMany({
      where: { status: 'CREATED', versions: { some: { status: 'CREATED' } } },
      orderBy: [{ builtIn: 'desc' }, { name: 'asc' }],
    }),
    s.db.instanceType.findMany({
      where: { name: { not: 'system' } },
      orderBy: [{ gpus: 'asc' }, { vcpu: 'asc' }, { memoryGiB: 'asc' }],
    }),
    s.runtimes.current.gpusAvailable(),
  ]);
  const kernelspecs: Record<string, unknown> = {};
  for (const image of images) {
    for (const type of types.filter((t) => t.gpus <= gpus)) {
      const name = kernelNameOf(image.name, type.name);
      kernelspecs[name] = {
        name,
        spec: {
          argv: [],
          display_name: `Python 3 (${image.displayName ?? image.name}) · ${type.name}`,
          language: 'python',
          interrupt_mode: 'signal',
          env: {},
          metadata: {
            tessera: {
              imageName: image.name,
              imageDisplayName: image.displayName ?? image.name,
              instanceType: type.name,
              vcpu: type.vcpu,
              memoryGiB: type.memoryGiB,
            },
          },
        },
        resources: {
          'logo-32x32': `${base}/kernelspecs/${name}/logo-32x32.png`,
          'logo-64x64': `${base}/kernelspecs/${name}/logo-64x64.png`,
        },
      };
    }
  }
  return { default: await defaultKernelName(s, profile), kernelspecs };
}
