import { useCallback, useEffect, useState } from 'react';
import { api, type Entry, type Page, qs } from '../api.ts';
import { useEntryUpdates } from '../live.ts';
import { EntryList } from './entry-list.tsx';

export function InboxPage() {
  const [filter, setFilter] = useState({ channel: '', direction: '', match: '', text: '', extension: '' });
  const [page, setPage] = useState<Page<Entry>>({ items: [] });
  const [error, setError] = useState('');

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const next = await api<Page<Entry>>('GET', `/api/inbox${qs({ ...filter, cursor, limit: '30' })}`);
        setPage((p) => (cursor ? { items: [...p.items, ...next.items], nextCursor: next.nextCursor } : next));
        setError('');
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [filter],
  );
  useEffect(() => {
    load();
  }, [load]);
  useEntryUpdates(() => load());

  const select = (key: keyof typeof filter, options: string[]) => (
    <select
      value={filter[key]}
      onChange={(e) => setFilter({ ...filter, [key]: e.target.value })}
      aria-label={key}
    >
      <option value="">any {key}</option>
      {options.map((o) => (
        <option key={o}>{o}</option>
      ))}
    </select>
  );
  return (
    <section>
      <h2>Inbox</h2>
      <div className="filters">
        {select('channel', ['call', 'whatsapp', 'note'])}
        {select('direction', ['inbound', 'outbound', 'internal'])}
        {select('match', ['matched', 'unmatched', 'ambiguous', 'excluded'])}
        <input
          placeholder="extension"
          value={filter.extension}
          onChange={(e) => setFilter({ ...filter, extension: e.target.value })}
          size={8}
        />
        <input
          placeholder="search text"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
      </div>
      {error && <p className="error">{error}</p>}
      {page.items.length === 0 && page.nextCursor ? (
        // A text search stops at its scan budget with a cursor: nothing among the newest entries so far.
        <p className="muted">No match among the newest entries searched so far.</p>
      ) : (
        <EntryList items={page.items} showCustomer />
      )}
      {page.nextCursor && (
        <button type="button" onClick={() => load(page.nextCursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
