import { describe, expect, it } from 'vitest';
import { createEntry } from '../merge.js';
import { recordInputSchema } from '../schemas.js';
import { makeMessageInput } from '../testing/fixtures.js';
import type { CommsEntry } from '../types.js';
import { uuidv7 } from './ids.js';
import { RecentEntries } from './recent-entries.js';

const NOW = new Date(Date.UTC(2026, 0, 15, 12));
const entry = (body = 'hi'): CommsEntry =>
  createEntry(recordInputSchema.parse(makeMessageInput({ body })), uuidv7(NOW.getTime()), NOW);

describe('RecentEntries', () => {
  it('keeps copies: neither the cached nor the returned entry can be changed from outside', () => {
    const cache = new RecentEntries(10, 1_000_000);
    const e = entry();
    cache.set(e);
    e.status = 'read';
    const got = cache.get(e.source, e.externalId) as CommsEntry;
    expect(got.status).toBe('received');
    got.counterpart.phone = '+300';
    expect(cache.get(e.source, e.externalId)?.counterpart.phone).not.toBe('+300');
    expect(cache.get(e.source, 'other')).toBeUndefined();
  });

  it('evicts the least recently used beyond maxEntries', () => {
    const cache = new RecentEntries(2, 1_000_000);
    const [a, b, c] = [entry(), entry(), entry()] as [CommsEntry, CommsEntry, CommsEntry];
    cache.set(a);
    cache.set(b);
    cache.get(a.source, a.externalId); // a is now the most recently used
    cache.set(c);
    expect(cache.size).toBe(2);
    expect(cache.get(b.source, b.externalId)).toBeUndefined();
    expect(cache.get(a.source, a.externalId)?.id).toBe(a.id);
    expect(cache.get(c.source, c.externalId)?.id).toBe(c.id);
  });

  it('bounds approximate bytes, skips an entry larger than the bound, and replaces a key in place', () => {
    const cache = new RecentEntries(100, 7_000);
    const small = entry('x'.repeat(100));
    cache.set(small);
    cache.set(entry('x'.repeat(10_000))); // alone larger than the bound: not cached
    expect(cache.size).toBe(1);
    const big = [entry('y'.repeat(1000)), entry('y'.repeat(1000))];
    for (const e of big) cache.set(e); // ~1.2 + 3 + 3 KiB > 7 KiB: the oldest goes
    expect(cache.get(small.source, small.externalId)).toBeUndefined();
    expect(cache.size).toBe(2);
    const first = big[0] as CommsEntry;
    cache.set({ ...first, version: 2 });
    expect(cache.size).toBe(2);
    expect(cache.get(first.source, first.externalId)?.version).toBe(2);
    cache.delete(first.source, first.externalId);
    cache.delete(first.source, first.externalId);
    expect(cache.size).toBe(1);
  });
});
