import assert from 'node:assert/strict';
import type { EntryStatus, RecordInput } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, logWithEvents, permutations, shuffle } from './harness.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 9, 0, s));

/** One message's status stream, as Meta may deliver it (any order, with duplicates). */
function statusStream(externalId: string): RecordInput[] {
  const base = makeMessageInput({ externalId, direction: 'outbound', body: 'Your order shipped' });
  return [
    { ...base, status: 'sent', data: { sentAt: at(1) } },
    { ...base, status: 'delivered', data: { deliveredAt: at(2) } },
    { ...base, status: 'read', data: { readAt: at(3) } },
  ];
}

/** One call's lifecycle, as a tracker reports it (ringing, answered, ended). */
function callStream(externalId: string): RecordInput[] {
  const base = makeCallInput({ externalId, occurredAt: at(0), data: {} });
  return [
    { ...base, status: 'ringing', data: { extension: '200', legs: [{ id: 'l1', ringingAt: at(0) }] } },
    { ...base, status: 'ongoing', data: { answeredAt: at(8), legs: [{ id: 'l2', answeredAt: at(8) }] } },
    {
      ...base,
      status: 'answered',
      data: { extension: '201', answeredAt: at(8), endedAt: at(68), ringSeconds: 8, talkSeconds: 60 },
    },
  ];
}

/** Writes: idempotent upserts, ordering rules, concurrency. */
export const writeCases: ConformanceCase[] = [
  {
    name: 'writes: a replayed event never creates a second entry',
    async run(store) {
      const { log, events } = logWithEvents(store);
      const input = makeMessageInput();
      const first = await log.record(input);
      assert.equal(first.outcome, 'created');
      for (let i = 0; i < 5; i++) {
        const again = await log.record(input);
        assert.equal(again.outcome, 'unchanged');
        assert.equal(again.entry.id, first.entry.id);
      }
      const page = await log.inbox();
      assert.equal(page.items.length, 1);
      assert.deepEqual(
        events.map((e) => e.name),
        ['recorded'],
      );
    },
  },
  {
    name: 'writes: message statuses only move forward, whatever the arrival order',
    async run(store) {
      const { log } = logWithEvents(store);
      for (const [i, order] of permutations(statusStream('x')).entries()) {
        const stream = order.map((s) => ({ ...s, externalId: `wamid.order${i}` }));
        for (const input of [...stream, stream[0] as RecordInput]) await log.record(input);
        const e = await store.getEntryByKey('whatsapp', `wamid.order${i}`);
        assert.equal(e?.status, 'read', `order ${i}`);
        assert.deepEqual([e?.data.sentAt, e?.data.deliveredAt, e?.data.readAt], [at(1), at(2), at(3)]);
      }
    },
  },
  {
    name: 'writes: failed is terminal and keeps its error',
    async run(store) {
      const { log } = logWithEvents(store);
      const [sent, delivered] = statusStream('wamid.failed');
      const failed: RecordInput = {
        ...(sent as RecordInput),
        status: 'failed',
        error: { code: '131026', message: 'Message undeliverable' },
        data: { failedAt: at(5) },
      };
      await log.record(sent as RecordInput);
      await log.record(failed);
      const after = await log.record(delivered as RecordInput);
      assert.equal(after.entry.status, 'failed');
      assert.deepEqual(after.entry.error, { code: '131026', message: 'Message undeliverable' });
      const again = await log.record({ ...failed, error: { code: '1', message: 'other' } });
      assert.deepEqual(again.entry.error, { code: '131026', message: 'Message undeliverable' }, 'set once');
    },
  },
  {
    name: 'writes: a call lifecycle folds into one entry and converges in any order',
    async run(store) {
      const { log } = logWithEvents(store);
      for (const [i, order] of permutations(callStream('x')).entries()) {
        const key = `pbx-1/perm.${i}`;
        for (const input of order) await log.record({ ...input, externalId: key });
        const e = await store.getEntryByKey('asterisk', key);
        assert.ok(e, `order ${i}`);
        assert.equal(e.status, 'answered');
        assert.deepEqual(
          [e.data.answeredAt, e.data.endedAt, e.data.ringSeconds, e.data.talkSeconds],
          [at(8), at(68), 8, 60],
        );
        assert.deepEqual(
          e.data.legs?.map((l) => l.id),
          ['l1', 'l2'],
        );
      }
      const late = await log.record({ ...(callStream('x')[0] as RecordInput), externalId: 'pbx-1/perm.0' });
      assert.equal(late.outcome, 'unchanged', 'a late ringing event changes nothing');
    },
  },
  {
    name: 'writes: many concurrent writers on one key make one entry with the furthest status',
    async run(store) {
      const { log } = logWithEvents(store);
      const stream = statusStream('wamid.concurrent');
      const writes = shuffle(
        Array.from({ length: 24 }, (_, i) => stream[i % 3] as RecordInput),
        7,
      );
      const results = await Promise.all(writes.map((w) => log.record(w)));
      assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
      assert.equal(results.filter((r) => r.outcome === 'created').length, 1);
      const e = await store.getEntryByKey('whatsapp', 'wamid.concurrent');
      assert.equal(e?.status, 'read');
      assert.deepEqual([e?.data.sentAt, e?.data.deliveredAt, e?.data.readAt], [at(1), at(2), at(3)]);
      assert.equal(e?.version, 1 + results.filter((r) => r.outcome === 'updated').length);
    },
  },
  {
    name: 'writes: concurrent writers on many keys each create exactly one entry',
    async run(store) {
      const { log } = logWithEvents(store);
      const inputs = Array.from({ length: 40 }, (_, i) =>
        makeCallInput({ externalId: `pbx-1/many.${i % 20}` }),
      );
      await Promise.all(inputs.map((i) => log.record(i)));
      const page = await log.inbox({ channel: 'call' }, { limit: 100 });
      assert.equal(page.items.length, 20);
    },
  },
  {
    name: 'writes: recordMany folds a batch like the same records one by one, racing writers included',
    async run(store) {
      const { log, events } = logWithEvents(store);
      await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
      const streams = Array.from({ length: 6 }, (_, i) => statusStream(`wamid.batch.${i}`));
      await log.record(streams[0]?.[0] as RecordInput); // one key already stored
      const batch = shuffle(streams.flat(), 3);
      const [results] = await Promise.all([
        log.recordMany([...batch, ...batch.slice(0, 4)]),
        // A concurrent single writer on the same keys: the batch loses some races and must still converge.
        Promise.all(streams.map((s) => log.record(s[1] as RecordInput))),
      ]);
      assert.equal(results.length, batch.length + 4);
      for (const [i, s] of streams.entries()) {
        const e = await store.getEntryByKey('whatsapp', `wamid.batch.${i}`);
        assert.equal(e?.status, 'read');
        assert.deepEqual([e?.data.sentAt, e?.data.deliveredAt, e?.data.readAt], [at(1), at(2), at(3)]);
        assert.deepEqual([e?.match, e?.customerId], ['matched', 'c1']);
        assert.equal(results[batch.indexOf(s[2] as RecordInput)]?.entry.id, e?.id);
      }
      assert.equal(events.filter((e) => e.name === 'recorded').length, 6);
      assert.equal(
        (await log.recordMany(batch)).every((r) => r.outcome === 'unchanged'),
        true,
      );
      assert.deepEqual(await log.recordMany([]), []);
      await assert.rejects(
        log.recordMany([batch[0] as RecordInput, { ...makeMessageInput(), channel: 'fax' } as never]),
        {
          code: 'VALIDATION',
        },
      );
    },
  },
  {
    name: 'writes: set-once fields stay set',
    async run(store) {
      const { log } = logWithEvents(store);
      const input = makeMessageInput({
        body: 'first',
        createdBy: 'u1',
        counterpart: { phone: '+306974015758' },
      });
      await log.record(input);
      const later = await log.record({
        ...input,
        body: 'second',
        createdBy: 'u2',
        direction: 'outbound',
        channel: 'sms',
        counterpart: { phone: '+306900000000', name: 'Filled' },
        status: 'read' as EntryStatus,
      });
      const e = later.entry;
      assert.deepEqual(
        [e.body, e.createdBy, e.direction, e.channel, e.counterpart.phone, e.counterpart.name],
        ['first', 'u1', 'inbound', 'whatsapp', '+306974015758', 'Filled'],
      );
    },
  },
];
