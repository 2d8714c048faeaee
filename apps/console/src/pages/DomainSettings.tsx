// A domain's defaults for new kernels (instance type, image) and its sharing settings: public
// links (Tessera's allowPublicShares) and SageMaker's NotebookOutputOption.
import { useEffect, useState } from 'react';
import { api, enc } from '../api.ts';
import { useAction, useLoad } from '../components/hooks.ts';
import { Button, ErrorBox, Field, Notice, Panel } from '../components/ui.tsx';
import { ImageSelect, InstanceTypeSelect } from '../components/selects.tsx';
import type { Domain, Sharing, StudioImage } from '../types.ts';

export function DomainSettings({ domain, onChange }: { domain: Domain; onChange: () => void }) {
  const images = useLoad(() => api<{ Images: StudioImage[] }>('GET', '/api/v1/images'), []);
  const sharing = useLoad(
    () => api<Sharing>('GET', `/api/v1/domains/${enc(domain.DomainId)}/sharing`),
    [domain.DomainId],
  );
  const spec = domain.DefaultUserSettings.KernelGatewayAppSettings?.DefaultResourceSpec;
  const imageArn = spec?.SageMakerImageArn;
  const [instanceType, setInstanceType] = useState(spec?.InstanceType ?? 'ml.t3.medium');
  const [image, setImage] = useState('');
  const [allowPublic, setAllowPublic] = useState(true);
  const [outputs, setOutputs] = useState(true);
  const [saved, setSaved] = useState(false);
  const action = useAction();

  useEffect(() => {
    if (images.data) setImage(images.data.Images.find((i) => i.ImageArn === imageArn)?.ImageName ?? 'datascience');
  }, [images.data, imageArn]);
  useEffect(() => {
    if (sharing.data) {
      setAllowPublic(sharing.data.allowPublicShares);
      setOutputs(sharing.data.notebookOutputOption === 'Allowed');
    }
  }, [sharing.data]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const chosen = images.data?.Images.find((i) => i.ImageName === image);
    const settings = domain.DefaultUserSettings;
    const ok = await action.run(async () => {
      await api('PATCH', `/api/v1/domains/${enc(domain.DomainId)}`, {
        DefaultUserSettings: {
          ...settings,
          KernelGatewayAppSettings: {
            ...settings.KernelGatewayAppSettings,
            DefaultResourceSpec: {
              ...settings.KernelGatewayAppSettings?.DefaultResourceSpec,
              InstanceType: instanceType,
              ...(chosen ? { SageMakerImageArn: chosen.ImageArn } : {}),
            },
          },
          SharingSettings: { ...settings.SharingSettings, NotebookOutputOption: outputs ? 'Allowed' : 'Disabled' },
        },
      });
      await api('PATCH', `/api/v1/domains/${enc(domain.DomainId)}/sharing`, { allowPublicShares: allowPublic });
      return true;
    });
    if (ok) {
      setSaved(true);
      onChange();
      void sharing.reload();
    }
  }

  return (
    <Panel title="Settings">
      <form onSubmit={save} aria-label="Domain settings">
        <div className="c-grid">
          <Field label="Default kernel instance type">
            <InstanceTypeSelect name="instanceType" value={instanceType} onChange={setInstanceType} />
          </Field>
          <Field label="Default image">
            <ImageSelect name="image" value={image} onChange={setImage} />
          </Field>
        </div>
        <div className="c-checks">
          <label className="c-check">
            <input
              type="checkbox"
              checked={allowPublic}
              onChange={(e) => setAllowPublic(e.target.checked)}
              name="allowPublicShares"
            />
            Allow public read-only notebook links
          </label>
          <label className="c-check">
            <input
              type="checkbox"
              checked={outputs}
              onChange={(e) => setOutputs(e.target.checked)}
              name="notebookOutputs"
            />
            Include cell outputs when notebooks are shared (NotebookOutputOption)
          </label>
        </div>
        <ErrorBox message={action.error ?? sharing.error} />
        {saved && <Notice tone="success">Settings saved. New apps start with them.</Notice>}
        <div className="c-form-actions">
          <Button kind="primary" type="submit" busy={action.busy} disabled={domain.Status !== 'InService'}>
            Save settings
          </Button>
        </div>
      </form>
    </Panel>
  );
}
