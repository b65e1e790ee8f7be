import assert from 'node:assert/strict';
import { uuidv7 } from '../internal/ids.js';
import { createEntry } from '../merge.js';
import { recordInputSchema } from '../schemas.js';
import type { CommsEntry } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, shuffle } from './harness.js';

const NOW = new Date(Date.UTC(2026, 0, 15, 12));
const entry = (input = makeMessageInput()): CommsEntry =>
  createEntry(recordInputSchema.parse(input), uuidv7(NOW.getTime()), NOW);

/** The store contract on its own: uniqueness, compare-and-set, exact round trips, the handle index. */
export const storeCases: ConformanceCase[] = [
  {
    name: 'store: insertEntry is idempotent on (source, externalId)',
    async run(store) {
      const a = entry();
      assert.equal(await store.insertEntry(a), true);
      const twin = { ...a, id: uuidv7(), body: 'other' };
      assert.equal(await store.insertEntry(twin), false, 'a second entry with the same key must be refused');
      assert.deepEqual(await store.getEntryByKey(a.source, a.externalId), a);
      assert.equal(await store.getEntry(twin.id), undefined);
      const sameIdOtherSource = { ...a, source: 'other-source' };
      assert.equal(
        await store.insertEntry({ ...sameIdOtherSource, id: uuidv7() }),
        true,
        'the key includes source',
      );
    },
  },
  {
    name: 'store: insertOrGet (when implemented) inserts a new key once, matched, else returns the stored entry',
    async run(store) {
      if (!store.insertOrGet) return; // optional: the log falls back to lookup + insertEntry
      await store.replaceCustomerHandles('c2', [{ kind: 'waId', value: '306974015758' }]);
      await store.replaceCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
      const a = entry();
      const first = await store.insertOrGet(a, { match: true });
      const matched = { ...a, match: 'ambiguous' as const, candidates: ['c1', 'c2'] };
      assert.deepEqual(first, { inserted: true, entry: matched }, 'matched from both handles: ambiguous');
      const again = await store.insertOrGet({ ...a, id: uuidv7(), body: 'other' }, { match: true });
      assert.deepEqual(
        again,
        { inserted: false, entry: matched },
        'the key exists: the stored entry, unchanged',
      );
      assert.deepEqual(await store.getEntryByKey(a.source, a.externalId), matched);
      const pinned = { ...entry(), match: 'matched' as const, customerId: 'c9', pinned: true };
      assert.deepEqual(await store.insertOrGet(pinned, { match: false }), { inserted: true, entry: pinned });
      const lone = entry(makeMessageInput({ counterpart: { phone: '+306900000099' } }));
      assert.equal((await store.insertOrGet(lone, { match: true })).entry?.match, 'unmatched');
      const both = await Promise.all(
        Array.from({ length: 8 }, () => entry(makeCallInput({ externalId: 'pbx-1/iog.1' }))).map((e) =>
          (store.insertOrGet as NonNullable<typeof store.insertOrGet>)(e, { match: true }),
        ),
      );
      assert.equal(both.filter((r) => r.inserted).length, 1, 'concurrent inserts of one key: one wins');
    },
  },
  {
    name: 'store: insertOrGetMany (when implemented) inserts the new keys matched, returns the stored ones, in item order',
    async run(store) {
      if (!store.insertOrGetMany) return; // optional: the log falls back to getEntriesByKeys + insertEntries
      const insertOrGetMany = store.insertOrGetMany.bind(store);
      await store.replaceCustomerHandles('c2', [{ kind: 'waId', value: '306974015758' }]);
      await store.replaceCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
      await store.replaceCustomerHandles('c3', [{ kind: 'phone', value: '+306900000003' }]);
      const old = entry(makeMessageInput({ counterpart: { phone: '+306900000003' } }));
      assert.equal(await store.insertEntry(old), true);
      const both = entry();
      const one = entry(makeMessageInput({ counterpart: { phone: '+306900000003' } }));
      // What the insert returns of a new row is the row sent plus the match: Dates in data, emoji and quotes
      // in the body must come back exactly as getEntry reads them (checked below).
      const none = entry(
        makeMessageInput({
          counterpart: { phone: '+306900000099', name: "Ζωή O'Brien 😀" },
          body: "😀 it's \\ done; DROP TABLE x; --",
          data: {
            sentAt: new Date(Date.UTC(2026, 0, 15, 8, 0, 0, 123)),
            extra: { at: new Date(0), n: [1, 'a'] },
          },
        }),
      );
      const pinned = { ...entry(), match: 'matched' as const, customerId: 'c9', pinned: true };
      const call = entry(
        makeCallInput({
          occurredAt: new Date(Date.UTC(2026, 0, 15, 9)),
          status: 'answered',
          counterpart: { phone: '+306900000003' },
          data: { extension: '201', ringSeconds: 5, talkSeconds: 30 },
        }),
      );
      const results = await insertOrGetMany([
        { entry: both, match: true },
        { entry: { ...old, id: uuidv7(), body: 'other' }, match: true },
        { entry: one, match: true },
        { entry: pinned, match: false },
        { entry: none, match: true },
        { entry: call, match: true },
      ]);
      const matched = (e: CommsEntry, customerId: string) => ({
        ...e,
        match: 'matched' as const,
        customerId,
      });
      assert.deepEqual(results, [
        { inserted: true, entry: { ...both, match: 'ambiguous', candidates: ['c1', 'c2'] } },
        { inserted: false, entry: old },
        { inserted: true, entry: matched(one, 'c3') },
        { inserted: true, entry: pinned },
        { inserted: true, entry: none },
        { inserted: true, entry: matched(call, 'c3') },
      ]);
      for (const r of results) assert.deepEqual(await store.getEntry(r.entry?.id as string), r.entry);
      // The results are the store's own copies: changing what was sent changes none of them.
      none.counterpart.name = 'changed';
      (none.data as { extra: { n: unknown[] } }).extra.n.push('changed');
      const stored = results[4]?.entry as CommsEntry;
      assert.notEqual(stored.counterpart.name, 'changed');
      assert.deepEqual((stored.data as { extra: { n: unknown[] } }).extra.n, [1, 'a']);
      // The new call counts in the statistics as soon as it is stored (same statement in SQL stores).
      const cells = await store.callStatsCells({
        from: new Date(Date.UTC(2026, 0, 15)),
        to: new Date(Date.UTC(2026, 0, 16)),
        timeZone: 'UTC',
      });
      const ext = cells.find((c) => c.kind === 'extension' && c.extension === '201');
      assert.deepEqual([ext?.offered, ext?.answered, ext?.talkSeconds], [1, 1, 30]);
      assert.deepEqual(await insertOrGetMany([]), []);
      // Concurrent batches over overlapping keys, in different orders: each key is inserted exactly once,
      // and every other result is the winner's entry or nothing (committed after that statement's read).
      const keys = Array.from({ length: 12 }, (_, i) => `pbx-1/iogm.${i}`);
      const orders = Array.from({ length: 8 }, (_, b) => shuffle(keys, b + 1));
      const batches = await Promise.all(
        orders.map((order) =>
          insertOrGetMany(
            order.map((externalId) => ({ entry: entry(makeCallInput({ externalId })), match: true })),
          ),
        ),
      );
      for (const externalId of keys) {
        const stored = await store.getEntryByKey('asterisk', externalId);
        const mine = batches.map((results, b) => results[orders[b]?.indexOf(externalId) as number]);
        assert.equal(mine.filter((r) => r?.inserted).length, 1, `${externalId}: exactly one insert wins`);
        assert.ok(
          mine.every((r) => r && (!r.entry || r.entry.id === stored?.id)),
          externalId,
        );
      }
    },
  },
  {
    name: 'store: updateEntry is a compare-and-set on version',
    async run(store) {
      const a = entry();
      await store.insertEntry(a);
      const next = { ...a, status: 'read' as const, version: 2 };
      assert.equal(await store.updateEntry(next, 1), true);
      assert.equal(
        await store.updateEntry({ ...a, status: 'delivered', version: 2 }, 1),
        false,
        'stale version',
      );
      assert.deepEqual(await store.getEntry(a.id), next);
      assert.equal(await store.updateEntry({ ...a, id: uuidv7(), version: 2 }, 1), false, 'unknown id');
    },
  },
  {
    name: 'store: entries round-trip exactly (dates in data, emoji, SQL metacharacters, 1 MiB bodies)',
    async run(store) {
      const body = `Robert'); DROP TABLE entries;-- \\ % _ "quoted" 😀👩‍👩‍👧 Ελληνικά ${'x'.repeat(1_048_000)}`;
      const call = entry(
        makeCallInput({
          body,
          counterpart: { phone: '+306974015758', name: "O'Brien; --" },
          data: {
            extension: '201',
            answeredAt: new Date('2026-01-15T09:00:08.123Z'),
            legs: [{ id: 'a', ringingAt: new Date('2026-01-15T09:00:00.001Z') }],
            custom: { nested: [1, 'two', null, true, { when: new Date('2026-01-01T00:00:00Z') }] },
          },
        }),
      );
      await store.insertEntry(call);
      assert.deepEqual(await store.getEntry(call.id), call);
    },
  },
  {
    name: 'store: handle index replaces sets and finds owners',
    async run(store) {
      const phone = { kind: 'phone' as const, value: '+306974015758' };
      const wa = { kind: 'waId' as const, value: '306974015758' };
      assert.deepEqual(await store.replaceCustomerHandles('c1', [phone, wa]), {
        added: [phone, wa],
        removed: [],
      });
      assert.deepEqual(await store.replaceCustomerHandles('c1', [wa]), { added: [], removed: [phone] });
      await store.replaceCustomerHandles('c2', [wa]);
      assert.deepEqual(await store.findCustomersByHandles([wa, phone]), ['c1', 'c2']);
      assert.deepEqual(await store.findCustomersByHandles([phone]), []);
      assert.deepEqual(await store.getCustomerHandles('c1'), [wa]);
      assert.deepEqual(await store.getCustomerHandles('nobody'), []);
    },
  },
];
