import { type Entry, formatTime } from '../api.ts';
import { href } from '../router.ts';

const ICON: Record<string, string> = { call: '☎', whatsapp: '✉', note: '✎', sms: '✉', email: '@' };

function describe(e: Entry): string {
  if (e.channel === 'call') {
    const talk = e.data.talkSeconds ? ` · ${Math.round(e.data.talkSeconds)} s` : '';
    return `${e.direction} call · ${e.status}${talk}${e.data.extension ? ` · ext ${e.data.extension}` : ''}`;
  }
  if (e.channel === 'note') return 'note';
  return `${e.channel} ${e.direction} · ${e.status}`;
}

/** Inbox and timeline rows. */
export function EntryList({ items, showCustomer }: { items: Entry[]; showCustomer?: boolean }) {
  if (items.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ul className="entries">
      {items.map((e) => (
        <li key={e.id} className={`entry ${e.channel}`} data-testid="entry" data-channel={e.channel}>
          <span className="icon">{ICON[e.channel] ?? '•'}</span>
          <div className="grow">
            <div>
              <strong>{describe(e)}</strong>
              {showCustomer &&
                (e.customerId ? (
                  <a className="pill" href={href('customers', e.customerId)}>
                    {e.customerName ?? e.counterpart.name ?? 'customer'}
                  </a>
                ) : e.match === 'unmatched' && e.counterpart.phone ? (
                  <a
                    className="pill unmatched"
                    href={href('customers', 'new', e.counterpart.phone)}
                    title="create a customer"
                  >
                    unmatched +
                  </a>
                ) : (
                  <span className={`pill ${e.match}`}>{e.match}</span>
                ))}
            </div>
            {e.body && <div className="body">{e.body}</div>}
            <div className="muted small">
              {formatTime(e.occurredAt)} · {e.counterpart.phone ?? e.counterpart.waId ?? ''}
              {e.createdBy ? ` · by ${e.createdBy}` : ''}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
