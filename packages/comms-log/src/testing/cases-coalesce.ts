import assert from 'node:assert/strict';
import type { RecordResult } from '../comms-log.js';
import type { CommsEntry, RecordInput } from '../types.js';
import { makeCallInput, makeMessageInput } from './fixtures.js';
import { type ConformanceCase, logWithEvents } from './harness.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 9, 0, s));

/** Observations of four keys, interleaved, each key's own out of order and duplicated. */
function interleaved(prefix: string): RecordInput[] {
  const msg = makeMessageInput({ externalId: `${prefix}.m`, direction: 'outbound', body: 'Shipped' });
  const call = makeCallInput({ externalId: `${prefix}.c`, occurredAt: at(0), data: {} });
  return [
    { ...msg, status: 'sent', data: { sentAt: at(1) } },
    { ...call, status: 'ringing', data: { extension: '200' } },
    { ...msg, status: 'read', data: { readAt: at(3) } },
    { ...makeCallInput({ externalId: `${prefix}.x`, occurredAt: at(1), data: {} }), status: 'missed' },
    { ...msg, status: 'delivered', data: { deliveredAt: at(2) } },
    { ...msg, status: 'sent', data: { sentAt: at(1) } },
    { ...call, status: 'answered', data: { answeredAt: at(8), ringSeconds: 8, talkSeconds: 60 } },
    { ...call, status: 'ringing', data: { extension: '200' } },
  ];
}

const key = (e: CommsEntry) => e.externalId.slice(e.externalId.indexOf('.') + 1);
const shape = (r: RecordResult) => {
  const { id: _id, externalId: _key, ...rest } = r.entry;
  return { outcome: r.outcome, key: key(r.entry), ...rest };
};
/** Each key's `recorded`/`updated` events, in order: coalescing keeps one key's calls in call order. */
function perKey(events: Array<{ name: string; args: unknown[] }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    if (e.name !== 'recorded' && e.name !== 'updated') continue;
    const entry = e.args[0] as CommsEntry;
    const list = out[key(entry)] ?? [];
    list.push(`${e.name} ${entry.status} v${entry.version}`);
    out[key(entry)] = list;
  }
  return out;
}

/** Write coalescing: concurrent `record()` calls batched by the log behave as the same calls one by one. */
export const coalesceCases: ConformanceCase[] = [
  {
    name: 'writes: concurrent record() calls (coalesced) give what one-by-one calls give, duplicate keys included',
    async run(store) {
      const inputs = interleaved('k');
      const renamed = (prefix: string) =>
        inputs.map((i) => ({ ...i, externalId: `${prefix}.${i.externalId}` }));
      const one = logWithEvents(store, { coalesce: false });
      const sequential: RecordResult[] = [];
      for (const input of renamed('seq')) sequential.push(await one.log.record(input));
      const many = logWithEvents(store);
      const concurrent = await Promise.all(renamed('co').map((i) => many.log.record(i)));
      assert.deepEqual(concurrent.map(shape), sequential.map(shape));
      assert.deepEqual(perKey(many.events), perKey(one.events));
      for (const prefix of ['seq', 'co']) {
        const e = await store.getEntryByKey('whatsapp', `${prefix}.k.m`);
        assert.deepEqual([e?.status, e?.version], ['read', 3]);
      }
      // Replayed concurrently, everything is unchanged and nothing fires.
      const before = many.events.length;
      const replays = await Promise.all(renamed('co').map((i) => many.log.record(i)));
      assert.equal(
        replays.every((r) => r.outcome === 'unchanged'),
        true,
      );
      assert.equal(many.events.length, before);
    },
  },
];
