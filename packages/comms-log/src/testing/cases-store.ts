import assert from 'node:assert/strict';
import { uuidv7 } from '../internal/ids.js';
import { createEntry } from '../merge.js';
import { recordInputSchema } from '../schemas.js';
import type { CommsEntry } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import type { ConformanceCase } from './harness.js';

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
