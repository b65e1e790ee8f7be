import { describe, expect, it } from 'vitest';
import { createCommsLog, type RecordResult } from '../comms-log.js';
import { createMemoryStore } from '../memory/memory-store.js';
import type { CommsLogStore } from '../store.js';
import { withStoreFaults } from '../testing/faults.js';
import { makeMessageInput } from '../testing/fixtures.js';
import { logWithEvents } from '../testing/harness.js';
import type { CommsEntry, RecordInput } from '../types.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 9, 0, s));
const outbound = (overrides: Partial<RecordInput> = {}) =>
  makeMessageInput({ direction: 'outbound', status: 'sent', data: { sentAt: at(1) }, ...overrides });
const delivered = (m: RecordInput): RecordInput => ({
  ...m,
  status: 'delivered',
  data: { deliveredAt: at(2) },
});
const read = (m: RecordInput): RecordInput => ({ ...m, status: 'read', data: { readAt: at(3) } });

/** A store without some optional methods (a user's store that has only the older batch methods). */
function without(store: CommsLogStore, ...methods: Array<keyof CommsLogStore>): CommsLogStore {
  return new Proxy(store, {
    get(target, prop) {
      if (methods.includes(prop as keyof CommsLogStore)) return undefined;
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('entry cache', () => {
  it('sends a later observation straight to the compare-and-set; a replay still reads the store', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store, coalesce: false });
    const m = outbound();
    await log.record(m);
    const updated = await log.record(delivered(m));
    expect([updated.outcome, updated.entry.status, updated.entry.version]).toEqual([
      'updated',
      'delivered',
      2,
    ]);
    expect([faulty.calls.insertOrGet, faulty.calls.updateEntry]).toEqual([1, 1]);
    // Nothing changes against the copy: no proof of the stored entry, so the store answers.
    const replay = await log.record(delivered(m));
    expect([replay.outcome, faulty.calls.insertOrGet]).toEqual(['unchanged', 2]);
    expect(replay.entry).toEqual(await log.get(updated.entry.id));

    const off = withStoreFaults(createMemoryStore());
    const uncached = createCommsLog({ store: off.store, coalesce: false, entryCache: false });
    await uncached.record(m);
    await uncached.record(delivered(m));
    expect([off.calls.insertOrGet, off.calls.updateEntry]).toEqual([2, 1]);
  });

  it('a stale copy (another instance moved the entry) costs one failed compare-and-set, never a lost field', async () => {
    const store = createMemoryStore();
    const a = logWithEvents(store, { coalesce: false });
    const b = createCommsLog({ store, coalesce: false });
    const m = outbound();
    await a.log.record(m); // a caches version 1
    await b.record(delivered(m)); // another instance: version 2
    const result = await a.log.record(read(m));
    expect([result.outcome, result.entry.version]).toEqual(['updated', 3]);
    expect(result.entry.data).toEqual({ sentAt: at(1), deliveredAt: at(2), readAt: at(3) });
    expect(await a.log.get(result.entry.id)).toEqual(result.entry);
    // The event's previous entry is the stored version 2, not the stale copy.
    const [, previous] = (a.events.at(-1)?.args ?? []) as [CommsEntry, CommsEntry];
    expect([previous.version, previous.status]).toEqual([2, 'delivered']);
  });

  it('stale copies in a coalesced batch lose their compare-and-set and are written one by one', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const a = createCommsLog({ store: faulty.store });
    const b = createCommsLog({ store: faulty.store });
    const ms = Array.from({ length: 4 }, () => outbound());
    await Promise.all(ms.map((m) => a.record(m)));
    await Promise.all(ms.map((m) => b.record(delivered(m))));
    const results = await Promise.all(ms.map((m) => a.record(read(m))));
    for (const r of results) {
      expect([r.outcome, r.entry.version, r.entry.status]).toEqual(['updated', 3, 'read']);
      expect(r.entry.data.deliveredAt).toEqual(at(2));
    }
  });

  it('coalesced updates of cached entries are one compare-and-set statement and no read', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store });
    const ms = Array.from({ length: 10 }, () => outbound());
    await Promise.all(ms.map((m) => log.record(m)));
    const reads = [faulty.calls.insertOrGet, faulty.calls.insertOrGetMany];
    const results = await Promise.all(ms.map((m) => log.record(delivered(m))));
    expect(results.every((r) => r.outcome === 'updated')).toBe(true);
    expect([faulty.calls.insertOrGet, faulty.calls.insertOrGetMany]).toEqual(reads);
    expect([faulty.calls.updateEntry, faulty.calls.updateEntries]).toEqual([1, 1]); // the lone first, the rest
  });

  it('hands out entries that share nothing with the cache', async () => {
    const log = createCommsLog({ store: createMemoryStore(), coalesce: false });
    const m = outbound();
    const first = await log.record(m);
    first.entry.data.sentAt = at(59);
    first.entry.status = 'read';
    const next = await log.record(delivered(m));
    expect([next.entry.status, next.entry.data.sentAt]).toEqual(['delivered', at(1)]);
  });
});

describe('batches', () => {
  it('a store with only the older batch methods gets the same results (read and insert statements)', async () => {
    const faulty = withStoreFaults(without(createMemoryStore(), 'insertOrGetMany'));
    const { log, events } = logWithEvents(faulty.store);
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
    const known = outbound({ counterpart: { phone: '+306974015758' } });
    const inputs = [outbound(), known, delivered(known), outbound({ direction: 'internal' })];
    const results = await Promise.all([log.record(outbound()), ...inputs.map((i) => log.record(i))]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'updated', 'created']);
    expect([results[2]?.entry.match, results[2]?.entry.customerId]).toEqual(['matched', 'c1']);
    expect(results[4]?.entry.match).toBe('excluded');
    expect([faulty.calls.getEntriesByKeys, faulty.calls.insertEntries]).toEqual([1, 1]);
    expect(events.filter((e) => e.name === 'recorded')).toHaveLength(4);
    // A key inserted by another writer between the read and the insert: that key is written again alone.
    const other = createCommsLog({ store: faulty.store });
    const racing = outbound();
    const store = new Proxy(faulty.store, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== 'insertEntries') return typeof value === 'function' ? value.bind(target) : value;
        return async (entries: CommsEntry[]) => {
          await other.record(racing);
          return (value as (e: CommsEntry[]) => Promise<string[]>).call(target, entries);
        };
      },
    });
    const racer = createCommsLog({ store: without(store, 'insertOrGetMany') });
    const raced = await racer.recordMany([outbound(), delivered(racing)]);
    expect(raced.map((r) => [r.outcome, r.entry.status])).toEqual([
      ['created', 'sent'],
      ['updated', 'delivered'],
    ]);
  });

  it('a new key’s later calls in one batch follow its insert; a lost update is written again alone', async () => {
    const inner = createMemoryStore();
    let lose = 1;
    const store = new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === 'updateEntries' && lose > 0) {
          return async () => {
            lose--;
            return []; // a concurrent writer moved every entry first
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { log, events } = logWithEvents(store);
    const m = outbound();
    const results: RecordResult[] = await log.recordMany([m, delivered(m), read(m)]);
    expect(results.map((r) => [r.outcome, r.entry.status, r.entry.version])).toEqual([
      ['created', 'sent', 1],
      ['updated', 'delivered', 2],
      ['updated', 'read', 3],
    ]);
    expect(events.map((e) => e.name)).toEqual(['recorded', 'updated', 'updated']);
    expect((await log.get(results[0]?.entry.id as string))?.status).toBe('read');
  });
});
