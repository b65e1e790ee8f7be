import { useCallback, useEffect, useState } from 'react';
import { api, formatTime, type Page } from '../api.ts';
import { useEntryUpdates } from '../live.ts';
import { href } from '../router.ts';

interface FollowUp {
  id: string;
  phone: string;
  customerId?: string;
  entryIds: string[];
  lastMissedAt: string;
}

export function FollowUpsPage() {
  const [page, setPage] = useState<Page<FollowUp>>({ items: [] });
  const load = useCallback(
    async () => setPage(await api<Page<FollowUp>>('GET', '/api/follow-ups?limit=100')),
    [],
  );
  useEffect(() => {
    load();
  }, [load]);
  useEntryUpdates(() => load());
  const call = (number: string) => api('POST', '/api/click-to-call', { number }).catch(() => {});
  return (
    <section>
      <h2>Missed calls to follow up</h2>
      {page.items.length === 0 && <p className="muted">All caught up.</p>}
      <table>
        <tbody>
          {page.items.map((f) => (
            <tr key={f.id}>
              <td>{f.customerId ? <a href={href('customers', f.customerId)}>{f.phone}</a> : f.phone}</td>
              <td>
                {f.entryIds.length} missed · last {formatTime(f.lastMissedAt)}
              </td>
              <td>
                <button type="button" onClick={() => call(f.phone)}>
                  Call back
                </button>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => api('POST', `/api/follow-ups/${f.id}/close`).then(load)}
                >
                  Done
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
