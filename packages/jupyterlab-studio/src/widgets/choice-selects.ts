// The two selects Studio shows wherever a kernel's environment is chosen: the image and the
// instance type. Unavailable instance types stay visible but disabled, with the reason.
import { h } from '../dom.ts';
import type { InstanceType, StudioImage } from '../types.ts';

export function instanceTypeLabel(t: InstanceType): string {
  const parts = [`${t.VCpu} vCPU`, `${t.MemoryGiB} GiB`];
  if (t.Gpus) parts.push(`${t.Gpus} GPU`);
  return `${t.Name} · ${parts.join(' · ')}${t.FastLaunch ? ' · fast launch' : ''}`;
}

export function imageSelect(
  images: StudioImage[],
  value: string,
  onChange: (imageName: string) => void,
  opts: { compact?: boolean } = {},
): HTMLSelectElement {
  const known = images.some((i) => i.ImageName === value);
  return h(
    'select',
    {
      className: 'tessera-Select',
      title: 'Image: the software environment of the kernel',
      'aria-label': 'Image',
      onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
    },
    known ? null : h('option', { value, selected: true }, value || '—'),
    images.map((i) =>
      h(
        'option',
        { value: i.ImageName, selected: i.ImageName === value, title: i.Description ?? '' },
        opts.compact ? i.DisplayName : `${i.DisplayName}${i.BuiltIn ? '' : ' (custom)'}`,
      ),
    ),
  );
}

export function instanceTypeSelect(
  types: InstanceType[],
  value: string,
  onChange: (instanceType: string) => void,
  opts: { compact?: boolean } = {},
): HTMLSelectElement {
  const known = types.some((t) => t.Name === value);
  return h(
    'select',
    {
      className: 'tessera-Select',
      title: 'Instance type: the CPU and memory the kernel runs with',
      'aria-label': 'Instance type',
      onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
    },
    known ? null : h('option', { value, selected: true }, value || '—'),
    types.map((t) =>
      h(
        'option',
        {
          value: t.Name,
          selected: t.Name === value,
          disabled: !t.Available && t.Name !== value,
          title: t.Available ? '' : (t.UnavailableReason ?? 'Not available'),
        },
        opts.compact ? t.Name : `${instanceTypeLabel(t)}${t.Available ? '' : ' (unavailable)'}`,
      ),
    ),
  );
}

/**
 * The instance type to pair with a newly chosen image: its own default when that differs from the
 * previous image's (moving to a GPU image brings a GPU type, moving back a CPU one) and can run
 * here; otherwise the type chosen, so a user's own choice survives a change between like images.
 */
export function instanceTypeForImage(
  previous: StudioImage | undefined,
  next: StudioImage | undefined,
  types: InstanceType[],
  current: string,
): string {
  const want = next?.DefaultInstanceType;
  if (!want || want === previous?.DefaultInstanceType) return current;
  return types.find((t) => t.Name === want)?.Available ? want : current;
}

/** Why an image runs on `current` and not on the instance type it is made for, when that cannot run here. */
export function imageDefaultNote(
  image: StudioImage | undefined,
  types: InstanceType[],
  current: string,
): string | undefined {
  const want = image?.DefaultInstanceType;
  const type = types.find((t) => t.Name === want);
  if (!image || !want || want === current || !type || type.Available) return undefined;
  return (
    `${image.DisplayName} is made for ${want}, which cannot run here: ${type.UnavailableReason ?? 'unavailable'}. ` +
    `Its kernels run on ${current}.`
  );
}
