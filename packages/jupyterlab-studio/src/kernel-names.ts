// Tessera's kernelspecs are one per (image, instance type): "<imageName>__<instanceType>".
export const kernelName = (imageName: string, instanceType: string) => `${imageName}__${instanceType}`;

export function parseKernelName(
  name: string | undefined | null,
): { imageName: string; instanceType: string } | undefined {
  const m = /^(.+)__(ml\.[a-z0-9.-]+|system|[a-z0-9.-]+)$/.exec(name ?? '');
  return m ? { imageName: m[1]!, instanceType: m[2]! } : undefined;
}
