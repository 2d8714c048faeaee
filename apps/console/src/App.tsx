// The console's frame: top bar with the signed-in admin, left navigation, and the page for the
// current path.
import { useEffect, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import { navigate, usePath } from './router.ts';
import type { User } from './types.ts';
import { ActivityPage } from './pages/Activity.tsx';
import { DomainPage } from './pages/Domain.tsx';
import { DomainsPage } from './pages/Domains.tsx';
import { PricesPage } from './pages/Prices.tsx';
import { QuickStartPage } from './pages/QuickStart.tsx';
import { QuotasPage } from './pages/Quotas.tsx';
import { UsagePage } from './pages/Usage.tsx';
import { UserPage } from './pages/User.tsx';
import { UsersPage } from './pages/Users.tsx';

const NAV: { path: string; label: string }[] = [
  { path: '/quick-start', label: 'Quick start' },
  { path: '/domains', label: 'Domains' },
  { path: '/users', label: 'Users & groups' },
  { path: '/quotas', label: 'Quotas' },
  { path: '/activity', label: 'Activity' },
  { path: '/usage', label: 'Usage & cost' },
  { path: '/prices', label: 'Prices' },
];

function page(path: string): ReactNode {
  const [, first, second] = path.split('/').map(decodeURIComponent);
  switch (first) {
    case '':
    case 'quick-start':
      return <QuickStartPage />;
    case 'domains':
      return second ? <DomainPage domainId={second} /> : <DomainsPage />;
    case 'users':
      return second ? <UserPage username={second} /> : <UsersPage />;
    case 'quotas':
      return <QuotasPage />;
    case 'activity':
      return <ActivityPage />;
    case 'usage':
      return <UsagePage />;
    case 'prices':
      return <PricesPage />;
    default:
      return <p>No page here. Choose one on the left.</p>;
  }
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={`/console${to}`}
      className={className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

const LOGO = (
  <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
    <rect x="2" y="2" width="13" height="13" rx="2.5" fill="#14b8a6" />
    <rect x="17" y="2" width="13" height="13" rx="2.5" fill="#f59e0b" />
    <rect x="2" y="17" width="13" height="13" rx="2.5" fill="#6366f1" />
    <rect x="17" y="17" width="13" height="13" rx="2.5" fill="#f43f5e" />
  </svg>
);

export function App() {
  const path = usePath();
  const [me, setMe] = useState<User>();
  useEffect(() => {
    void api<{ user: User }>('GET', '/api/v1/me').then((r) => setMe(r.user));
  }, []);
  const current = '/' + (path.split('/')[1] || 'quick-start');
  return (
    <div className="c-shell">
      <header className="c-bar">
        {LOGO}
        <span className="c-wordmark">
          Tessera<small>Admin console</small>
        </span>
        <span className="c-spacer" />
        <a className="c-bar-link" href="/studio">
          Open Studio
        </a>
        {me && <span className="c-bar-user">{me.username}</span>}
        <button
          className="c-bar-link c-bar-button"
          onClick={async () => {
            await api('POST', '/api/v1/auth/logout').catch(() => {});
            location.assign('/login?next=/console');
          }}
        >
          Sign out
        </button>
      </header>
      <nav className="c-nav" aria-label="Console">
        {NAV.map((n) => (
          <Link key={n.path} to={n.path} className={n.path === current ? 'c-nav-item c-active' : 'c-nav-item'}>
            {n.label}
          </Link>
        ))}
      </nav>
      <main className="c-main">{page(path)}</main>
    </div>
  );
}
