import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Customer, type Entry, type Page } from '../api.ts';
import { useEntryUpdates } from '../live.ts';
import { EntryList } from './entry-list.tsx';

/** Runs a form submit against the API and reports success or the error message. */
function useAction() {
  const [message, setMessage] = useState('');
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      setMessage(ok);
    } catch (e) {
      setMessage(e instanceof Error ? `Error: ${e.message}` : String(e));
    }
  };
  return { message, run };
}

export function CustomerPage({ id }: { id: string }) {
  const [customer, setCustomer] = useState<Customer>();
  const [timeline, setTimeline] = useState<Page<Entry>>({ items: [] });
  const [error, setError] = useState('');
  const { message, run } = useAction();

  const load = useCallback(async () => {
    try {
      setCustomer(await api<Customer>('GET', `/api/customers/${id}`));
      setTimeline(await api<Page<Entry>>('GET', `/api/customers/${id}/timeline?limit=30`));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    load();
  }, [load]);
  useEntryUpdates((e) => {
    if (e.customerIds.includes(id) || timeline.items.some((x) => e.ids.includes(x.id))) load();
  });

  const more = async () => {
    const next = await api<Page<Entry>>(
      'GET',
      `/api/customers/${id}/timeline?limit=30&cursor=${timeline.nextCursor}`,
    );
    setTimeline((t) => ({ items: [...t.items, ...next.items], nextCursor: next.nextCursor }));
  };

  const submit =
    (fn: (data: FormData) => Promise<unknown>, ok: string) => (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      const data = new FormData(form);
      run(async () => {
        await fn(data);
        form.reset();
        await load();
      }, ok);
    };

  if (error) return <p className="error">{error}</p>;
  if (!customer) return <p className="muted">Loading…</p>;
  return (
    <section className="customer">
      <div className="card">
        <h2 data-testid="customer-name">{customer.name}</h2>
        <p className="muted">
          {[customer.company, customer.email].filter(Boolean).join(' · ')}
          {customer.waIds.length > 0 && ` · WhatsApp ${customer.waIds.map((w) => `+${w}`).join(', ')}`}
        </p>
        <ul className="phones">
          {customer.phones.map((p) => (
            <li key={p}>
              {p}{' '}
              <button
                type="button"
                onClick={() =>
                  run(
                    () => api('POST', '/api/click-to-call', { number: p }),
                    `Calling ${p}: your phone rings first`,
                  )
                }
              >
                Call
              </button>
            </li>
          ))}
        </ul>
        <form
          className="inline"
          onSubmit={submit(
            (d) => api('POST', `/api/customers/${id}/phones`, { phone: d.get('phone') }),
            'Number added',
          )}
        >
          <input name="phone" placeholder="Add a number" required />
          <button type="submit">Add number</button>
        </form>
        {message && <p className={message.startsWith('Error') ? 'error' : 'ok'}>{message}</p>}
      </div>
      <div className="actions">
        <form
          className="card"
          onSubmit={submit(
            (d) => api('POST', '/api/whatsapp/messages', { customerId: id, body: d.get('body') }),
            'WhatsApp message sent',
          )}
        >
          <h3>Send WhatsApp</h3>
          <textarea name="body" rows={2} required />
          <button type="submit">Send</button>
        </form>
        <form
          className="card"
          onSubmit={submit(
            (d) =>
              api('POST', '/api/calls', {
                customerId: id,
                direction: d.get('direction'),
                disposition: d.get('disposition'),
                talkSeconds: Number(d.get('minutes') || 0) * 60,
                ...(d.get('note') ? { note: d.get('note') } : {}),
              }),
            'Call logged',
          )}
        >
          <h3>Log a call</h3>
          <select name="direction" aria-label="direction">
            <option>outbound</option>
            <option>inbound</option>
          </select>
          <select name="disposition" aria-label="disposition">
            <option>answered</option>
            <option>missed</option>
            <option>busy</option>
            <option>voicemail</option>
          </select>
          <input name="minutes" type="number" min="0" placeholder="minutes" />
          <input name="note" placeholder="note" />
          <button type="submit">Log call</button>
        </form>
        <form
          className="card"
          onSubmit={submit(
            (d) => api('POST', '/api/notes', { customerId: id, body: d.get('body') }),
            'Note added',
          )}
        >
          <h3>Add a note</h3>
          <textarea name="body" rows={2} required />
          <button type="submit">Add note</button>
        </form>
      </div>
      <h3>Timeline</h3>
      <div data-testid="timeline">
        <EntryList items={timeline.items} />
      </div>
      {timeline.nextCursor && (
        <button type="button" onClick={more}>
          Load more
        </button>
      )}
    </section>
  );
}
