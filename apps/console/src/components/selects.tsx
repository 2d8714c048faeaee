// The pickers several pages share: an instance type (with its size, and whether this
// installation can run it), a SageMaker image, a domain. Each loads its own options.
import { api } from '../api.ts';
import type { DomainSummary, InstanceType, StudioImage } from '../types.ts';
import { useLoad } from './hooks.ts';

interface SelectProps {
  name: string;
  value: string;
  onChange(value: string): void;
  /** Set by <Field>, which labels the select through them. */
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

export function InstanceTypeSelect({ value, onChange, ...attrs }: SelectProps) {
  const types = useLoad(() => api<{ InstanceTypes: InstanceType[] }>('GET', '/api/v1/instance-types'), []);
  return (
    <select {...attrs} value={value} onChange={(e) => onChange(e.target.value)}>
      {(types.data?.InstanceTypes ?? [{ Name: value, VCpu: 0, MemoryGiB: 0 } as InstanceType])
        .filter((t) => t.Name !== 'system')
        .map((t) => (
          <option key={t.Name} value={t.Name} disabled={t.Available === false}>
            {t.VCpu
              ? `${t.Name} — ${t.VCpu} vCPU, ${t.MemoryGiB} GiB${t.Gpus ? `, ${t.Gpus} GPU` : ''}` +
                `${t.Available === false ? ' (not available here)' : ''}`
              : t.Name}
          </option>
        ))}
    </select>
  );
}

export function ImageSelect({ value, onChange, ...attrs }: SelectProps) {
  const images = useLoad(() => api<{ Images: StudioImage[] }>('GET', '/api/v1/images'), []);
  return (
    <select {...attrs} value={value} onChange={(e) => onChange(e.target.value)}>
      {(images.data?.Images ?? [{ ImageName: value, DisplayName: value } as StudioImage]).map((i) => (
        <option key={i.ImageName} value={i.ImageName}>
          {i.DisplayName}
        </option>
      ))}
    </select>
  );
}

/** `empty` is the first option's label, for "all domains" or "choose…" (value ""). */
export function DomainSelect({
  value,
  onChange,
  empty,
  label,
  ...attrs
}: SelectProps & { empty: string; label?: string }) {
  const domains = useLoad(() => api<{ Domains: DomainSummary[] }>('GET', '/api/v1/domains?maxResults=100'), []);
  return (
    <select {...attrs} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{empty}</option>
      {domains.data?.Domains.map((d) => (
        <option key={d.DomainId} value={d.DomainId}>
          {d.DomainName}
        </option>
      ))}
    </select>
  );
}
