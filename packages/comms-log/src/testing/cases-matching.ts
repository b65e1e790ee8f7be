import assert from 'node:assert/strict';
import type { RelinkedEvent } from '../events.js';
import type { Handle } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, logWithEvents } from './harness.js';

const phone = (value: string): Handle => ({ kind: 'phone', value });
const MARIA = '+306974015758';
const relinkEvents = (events: Array<{ name: string; args: unknown[] }>) =>
  events.filter((e) => e.name === 'relinked').map((e) => e.args[0] as RelinkedEvent);

/** Matching, relinking, merging and pinning. */
export const matchingCases: ConformanceCase[] = [
  {
    name: 'relink: handles set while new entries of those numbers are written concurrently: all end linked',
    async run(store) {
      // Rounds of: many record()/recordMany() calls for new keys of one number, and at the same moment a
      // customer gaining that number. However they interleave, every entry must end linked to the customer
      // (matched at its insert, or by the relink, or by a recheck).
      const { log } = logWithEvents(store);
      for (let round = 0; round < 6; round++) {
        const number = `+30690000${String(100 + round)}`;
        const writes = Array.from({ length: 12 }, (_, i) =>
          i % 3 === 0
            ? log.recordMany([makeMessageInput({ counterpart: { phone: number } })])
            : log.record(makeCallInput({ counterpart: { phone: number } })),
        );
        await Promise.all([...writes, log.setCustomerHandles(`race-${round}`, [phone(number)])]);
        const page = await log.inbox({ phone: number }, { limit: 100 });
        assert.equal(page.items.length, 12);
        assert.deepEqual(
          page.items.filter((e) => e.customerId !== `race-${round}`).map((e) => e.match),
          [],
          `round ${round}`,
        );
      }
    },
  },
  {
    name: 'matching: matched, unmatched, ambiguous and excluded',
    async run(store) {
      const { log } = logWithEvents(store);
      await log.setCustomerHandles('c1', [phone(MARIA)]);
      await log.setCustomerHandles('c2', [phone('+306900000002')]);
      await log.setCustomerHandles('c3', [phone('+306900000002')]);
      await log.setCustomerHandles('c4', [{ kind: 'bsuid', value: 'GR.123' }]);
      const m = await log.record(makeCallInput({ counterpart: { phone: MARIA } }));
      assert.deepEqual([m.entry.match, m.entry.customerId], ['matched', 'c1']);
      const u = await log.record(makeCallInput({ counterpart: { phone: '+306900000009' } }));
      assert.deepEqual([u.entry.match, u.entry.customerId], ['unmatched', undefined]);
      const a = await log.record(makeCallInput({ counterpart: { phone: '+306900000002' } }));
      assert.deepEqual([a.entry.match, a.entry.candidates], ['ambiguous', ['c2', 'c3']]);
      const b = await log.record(makeMessageInput({ counterpart: { bsuid: 'GR.123' } }));
      assert.deepEqual([b.entry.match, b.entry.customerId], ['matched', 'c4']);
      for (const counterpart of [{ phone: '+302101234567' }, { phone: '201' }]) {
        const x = await log.record(makeCallInput({ counterpart }));
        assert.equal(x.entry.match, 'excluded', JSON.stringify(counterpart));
      }
      const internal = await log.record(
        makeCallInput({ direction: 'internal', counterpart: { phone: MARIA } }),
      );
      assert.equal(internal.entry.match, 'excluded');
      const unknown = await log.inbox({ match: ['unmatched', 'ambiguous'] });
      assert.deepEqual(unknown.items.map((e) => e.id).sort(), [u.entry.id, a.entry.id].sort());
    },
  },
  {
    name: 'relink: a customer gaining a handle links its unmatched and ambiguous entries',
    async run(store) {
      const { log, events } = logWithEvents(store);
      const e1 = await log.record(makeCallInput({ counterpart: { phone: MARIA } }));
      const e2 = await log.record(makeMessageInput({ counterpart: { phone: MARIA } }));
      const other = await log.record(makeCallInput({ counterpart: { phone: '+306900000009' } }));
      await log.setCustomerHandles('c1', [phone(MARIA)]);
      const [ev] = relinkEvents(events);
      assert.ok(ev);
      assert.deepEqual([ev.reason, ev.customerId], ['handles', 'c1']);
      assert.deepEqual(ev.changes.map((c) => c.entry.id).sort(), [e1.entry.id, e2.entry.id].sort());
      assert.ok(ev.changes.every((c) => c.previous.match === 'unmatched' && c.entry.customerId === 'c1'));
      assert.equal((await log.get(other.entry.id))?.match, 'unmatched');
      // A second customer gaining the same number makes the entries ambiguous, keeping both candidates.
      await log.setCustomerHandles('c2', [phone(MARIA)]);
      assert.deepEqual((await log.get(e1.entry.id))?.candidates, ['c1', 'c2']);
      // Removing it from c2 resolves them back to c1; from c1 too leaves them unmatched.
      await log.setCustomerHandles('c2', []);
      assert.equal((await log.get(e1.entry.id))?.customerId, 'c1');
      await log.setCustomerHandles('c1', []);
      assert.equal((await log.get(e2.entry.id))?.match, 'unmatched');
      assert.equal((await log.timeline('c1')).items.length, 0);
    },
  },
  {
    name: 'relink: merging customers moves their entries and resolves ambiguity',
    async run(store) {
      const { log, events } = logWithEvents(store);
      await log.setCustomerHandles('dup', [phone(MARIA)]);
      await log.setCustomerHandles('keep', [phone(MARIA), phone('+306900000001')]);
      const amb = await log.record(makeCallInput({ counterpart: { phone: MARIA } }));
      assert.equal(amb.entry.match, 'ambiguous');
      const note = await log.record({
        source: 'manual',
        externalId: 'note-1',
        channel: 'note',
        direction: 'internal',
        occurredAt: new Date(),
        body: 'Called about invoice',
        createdBy: 'agent-7',
        customerId: 'dup',
      });
      assert.deepEqual([note.entry.pinned, note.entry.customerId], [true, 'dup']);
      await log.mergeCustomers('dup', 'keep');
      assert.deepEqual(
        [(await log.get(amb.entry.id))?.match, (await log.get(amb.entry.id))?.customerId],
        ['matched', 'keep'],
      );
      const moved = await log.get(note.entry.id);
      assert.deepEqual([moved?.customerId, moved?.pinned], ['keep', true]);
      assert.deepEqual(await log.customerHandles('dup'), []);
      assert.equal((await log.customerHandles('keep')).length, 2);
      assert.equal((await log.timeline('keep')).items.length, 2);
      const merged = relinkEvents(events).filter((e) => e.reason === 'merge');
      assert.deepEqual(
        merged.flatMap((e) => e.changes.map((c) => c.entry.id)).sort(),
        [amb.entry.id, note.entry.id].sort(),
      );
    },
  },
  {
    name: 'pinning: manual links survive relinks and later observations; unlink rematches',
    async run(store) {
      const { log, events } = logWithEvents(store);
      const input = makeCallInput({ counterpart: { phone: MARIA }, status: 'ringing' });
      const e = await log.record(input);
      const linked = await log.link(e.entry.id, 'c9', { by: 'agent-1' });
      assert.deepEqual([linked.match, linked.customerId, linked.pinned], ['matched', 'c9', true]);
      assert.equal(relinkEvents(events).at(-1)?.reason, 'link');
      await log.setCustomerHandles('c1', [phone(MARIA)]);
      await log.record({ ...input, status: 'answered' });
      const after = await log.get(e.entry.id);
      assert.deepEqual([after?.customerId, after?.pinned, after?.status], ['c9', true, 'answered']);
      const unlinked = await log.unlink(e.entry.id);
      assert.deepEqual([unlinked.customerId, unlinked.pinned], ['c1', false]);
      await assert.rejects(log.link('00000000-0000-7000-8000-000000000000', 'c1'), { code: 'NOT_FOUND' });
    },
  },
];
