import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type ScreenPop, type User } from './api.ts';
import { entryBus, useLive } from './live.ts';
import { AnalyticsPage } from './pages/analytics.tsx';
import { CustomerPage } from './pages/customer.tsx';
import { CustomersPage } from './pages/customers.tsx';
import { FollowUpsPage } from './pages/follow-ups.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { LoginPage } from './pages/login.tsx';
import { href, useRoute } from './router.ts';

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [pops, setPops] = useState<ScreenPop[]>([]);
  const [connected, setConnected] = useState(false);
  const route = useRoute();

  useEffect(() => {
    api<{ user: User }>('GET', '/api/me')
      .then((r) => setUser(r.user))
      .catch((e) => setUser(e instanceof ApiError && e.status === 401 ? null : null));
  }, []);

  useLive(Boolean(user), {
    onScreenPop: (pop) => setPops((p) => [pop, ...p.filter((x) => x.callId !== pop.callId)].slice(0, 4)),
    onEntry: (e) => entryBus.emit(e),
    onCustomer: (e) => entryBus.emit({ ids: [], customerIds: e.ids }),
    onCall: (e) => {
      if (e.phase === 'ended') setPops((p) => p.filter((x) => x.callId !== e.callId));
    },
    onStatus: setConnected,
  });

  const logout = useCallback(async () => {
    await api('POST', '/api/logout');
    setUser(null);
  }, []);

  if (user === undefined) return <div className="center">Loading…</div>;
  if (user === null) return <LoginPage onLogin={setUser} />;

  const [page = 'inbox', id, arg] = route;
  return (
    <div className="layout">
      <header>
        <strong className="brand">pbxkit CRM</strong>
        <nav>
          <a className={page === 'inbox' ? 'active' : ''} href={href('inbox')}>
            Inbox
          </a>
          <a className={page === 'customers' ? 'active' : ''} href={href('customers')}>
            Customers
          </a>
          <a className={page === 'follow-ups' ? 'active' : ''} href={href('follow-ups')}>
            Follow-ups
          </a>
          <a className={page === 'analytics' ? 'active' : ''} href={href('analytics')}>
            Analytics
          </a>
        </nav>
        <span className="me">
          <span className={connected ? 'dot on' : 'dot'} title={connected ? 'live' : 'offline'} />
          {user.name} · ext {user.extension}
          <button type="button" className="link" onClick={logout}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        {page === 'customers' && id === 'new' ? (
          <CustomersPage phone={arg} />
        ) : page === 'customers' && id ? (
          <CustomerPage id={id} />
        ) : page === 'customers' ? (
          <CustomersPage />
        ) : page === 'analytics' ? (
          <AnalyticsPage />
        ) : page === 'follow-ups' ? (
          <FollowUpsPage />
        ) : (
          <InboxPage />
        )}
      </main>
      <div className="toasts" aria-live="polite">
        {pops.map((pop) => (
          <div className="toast" key={pop.callId} data-testid="screen-pop">
            <div className="toast-title">
              Incoming call · ext {pop.extensions.join(', ')}
              <button
                type="button"
                className="link"
                aria-label="dismiss"
                onClick={() => setPops((p) => p.filter((x) => x.callId !== pop.callId))}
              >
                ×
              </button>
            </div>
            <div className="toast-name">{pop.customer?.name ?? pop.callerName ?? 'Unknown caller'}</div>
            <div className="muted">
              {pop.e164 ?? pop.number}
              {pop.customer?.company ? ` · ${pop.customer.company}` : ''}
            </div>
            {pop.customer ? (
              <a href={href('customers', pop.customer.id)} data-testid="screen-pop-open">
                Open customer
              </a>
            ) : (
              <a href={href('customers', 'new', pop.e164 ?? pop.number)}>Create customer</a>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
