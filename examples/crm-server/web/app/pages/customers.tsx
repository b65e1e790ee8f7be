import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Customer, type Page, qs } from '../api.ts';
import { useEntryUpdates } from '../live.ts';
import { href } from '../router.ts';

/** The customer list and search; `phone` pre-fills the new-customer form (from an unknown caller's pop). */
export function CustomersPage({ phone }: { phone?: string | undefined }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState<Page<Customer>>({ items: [] });
  const [error, setError] = useState('');

  const load = useCallback(
    async (cursor?: string) => {
      const next = await api<Page<Customer>>('GET', `/api/customers${qs({ q, cursor, limit: '50' })}`);
      setPage((p) => (cursor ? { items: [...p.items, ...next.items], nextCursor: next.nextCursor } : next));
    },
    [q],
  );
  useEffect(() => {
    load().catch((e) => setError(String(e)));
  }, [load]);
  // Customers created, changed or merged elsewhere (another tab, another agent).
  useEntryUpdates((e) => {
    if (e.ids.length === 0) load().catch((err) => setError(String(err)));
  });

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const phone = String(data.get('phone') ?? '').trim();
    try {
      const c = await api<Customer>('POST', '/api/customers', {
        name: data.get('name'),
        ...(data.get('company') ? { company: data.get('company') } : {}),
        ...(data.get('email') ? { email: data.get('email') } : {}),
        phones: phone ? [phone] : [],
      });
      form.reset();
      window.location.hash = href('customers', c.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section>
      <h2>Customers</h2>
      <input
        className="search"
        placeholder="Search name, company, e-mail, number"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Company</th>
            <th>Phones</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={href('customers', c.id)}>{c.name}</a>
              </td>
              <td>{c.company}</td>
              <td>{c.phones.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.nextCursor && (
        <button type="button" onClick={() => load(page.nextCursor)}>
          Load more
        </button>
      )}
      <form className="card inline" onSubmit={create}>
        <h3>New customer</h3>
        <input name="name" placeholder="Name" required />
        <input name="company" placeholder="Company" />
        <input name="email" type="email" placeholder="E-mail" />
        <input name="phone" placeholder="Phone" defaultValue={phone} key={phone} />
        <button type="submit">Create</button>
        {error && <p className="error">{error}</p>}
      </form>
    </section>
  );
}
