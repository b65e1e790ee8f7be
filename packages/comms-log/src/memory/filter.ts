import type { EntryFilter, EntryPosition } from '../store.js';
import type { CommsEntry } from '../types.js';

const anyOf = <T>(want: T | T[] | undefined, value: T) =>
  want === undefined || (Array.isArray(want) ? want.includes(value) : want === value);

// ASCII-only case folding, the same as PostgreSQL's ILIKE under the C collation, so the memory store and
// the Postgres store answer a text filter alike.
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Whether an entry passes an Inbox filter (memory store). */
export function matchesFilter(e: CommsEntry, f: EntryFilter): boolean {
  if (!anyOf(f.channel, e.channel) || !anyOf(f.direction, e.direction)) return false;
  if (!anyOf(f.status, e.status) || !anyOf(f.match, e.match)) return false;
  if (f.customerId !== undefined && e.customerId !== f.customerId) return false;
  if (f.extension !== undefined && e.data.extension !== f.extension) return false;
  if (f.from !== undefined && e.occurredAt < f.from) return false;
  if (f.to !== undefined && e.occurredAt >= f.to) return false;
  if (f.text !== undefined) {
    const needle = fold(f.text);
    const hay = [e.body, e.counterpart.name, e.counterpart.phone];
    if (!hay.some((h) => h !== undefined && fold(h).includes(needle))) return false;
  }
  return true;
}

/** Newest first: `occurredAt` descending, then id descending. */
export function newestFirst(a: CommsEntry, b: CommsEntry): number {
  return b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Whether an entry comes strictly after a position in newest-first order. */
export function isAfter(e: CommsEntry, p: EntryPosition): boolean {
  const t = e.occurredAt.getTime();
  const pt = p.occurredAt.getTime();
  return t < pt || (t === pt && e.id < p.id);
}
