// Deleting a domain: what blocks it (user profiles and their apps) with a way to remove each,
// or deleting everything with the home storage.
import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useAction } from '../components/hooks.ts';
import { Button, Confirm, ErrorBox, Notice, Panel } from '../components/ui.tsx';
import { navigate } from '../router.ts';
import type { Blockers, Domain } from '../types.ts';

export function DomainDelete({
  domain,
  blockers,
  onChange,
}: {
  domain: Domain;
  blockers: Blockers | undefined;
  onChange: () => void;
}) {
  const [confirm, setConfirm] = useState<'retain' | 'all'>();
  const clear = useAction();
  const del = useAction();
  if (!blockers) return null;
  const apps = [...blockers.userProfiles.flatMap((p) => p.apps), ...blockers.spaceApps];
  const deleting = domain.Status === 'Deleting';

  return (
    <Panel title="Delete domain">
      {deleting ? (
        <Notice tone="warning">This domain is being deleted.</Notice>
      ) : blockers.canDelete ? (
        <p>Nothing blocks deleting this domain. Its home storage can be kept or deleted with it.</p>
      ) : (
        <>
          <p data-testid="blockers">
            Deleting is blocked by {blockers.userProfiles.length} user profile
            {blockers.userProfiles.length === 1 ? '' : 's'} (
            {blockers.userProfiles.map((p) => p.userProfileName).join(', ')})
            {apps.length ? ` with ${apps.length} running app${apps.length === 1 ? '' : 's'}` : ''}.
          </p>
          <div className="c-form-actions">
            {apps.length > 0 && (
              <Button
                busy={clear.busy}
                onClick={() =>
                  void clear
                    .run(async () => {
                      for (const a of apps) await api('POST', '/api/v1/console/activity/stop', { arn: a.arn });
                    })
                    .then(onChange)
                }
              >
                Delete {apps.length} app{apps.length === 1 ? '' : 's'}
              </Button>
            )}
            <Button
              busy={clear.busy}
              onClick={() =>
                void clear
                  .run(async () => {
                    for (const a of apps) await api('POST', '/api/v1/console/activity/stop', { arn: a.arn });
                    for (const p of blockers.userProfiles)
                      await api(
                        'DELETE',
                        `/api/v1/domains/${enc(domain.DomainId)}/user-profiles/${enc(p.userProfileName)}`,
                      );
                  })
                  .then(onChange)
              }
            >
              Delete apps and user profiles
            </Button>
          </div>
          <ErrorBox message={clear.error} />
        </>
      )}
      {!deleting && (
        <div className="c-form-actions">
          <Button kind="danger" disabled={!blockers.canDelete} onClick={() => setConfirm('retain')}>
            Delete domain, keep home storage
          </Button>
          <Button kind="danger" onClick={() => setConfirm('all')}>
            Delete domain with profiles and home storage
          </Button>
        </div>
      )}
      {confirm && (
        <Confirm
          title={`Delete domain ${domain.DomainName}?`}
          confirmLabel="Delete domain"
          busy={del.busy}
          error={del.error}
          onCancel={() => setConfirm(undefined)}
          onConfirm={async () => {
            const ok = await del.run(() =>
              api(
                'DELETE',
                `/api/v1/domains/${enc(domain.DomainId)}?retainHome=${confirm === 'retain' ? 'true' : 'false'}`,
              ).then(() => true),
            );
            if (ok) navigate('/domains');
          }}
        >
          {confirm === 'all' ? (
            <p>
              Every user profile and app of <strong>{domain.DomainName}</strong> is deleted, and so is every home
              directory on its storage. This cannot be undone.
            </p>
          ) : (
            <p>The domain is deleted; its home storage stays on disk.</p>
          )}
        </Confirm>
      )}
    </Panel>
  );
}
