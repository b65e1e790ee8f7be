import { describe, expect, it } from 'vitest';
import { createCommsLog, type RecordResult } from '../comms-log.js';
import { CommsLogConfigError, CommsLogStoreError } from '../errors.js';
import { createMemoryStore } from '../memory/memory-store.js';
import { withStoreFaults } from '../testing/faults.js';
import { makeCallInput, makeMessageInput } from '../testing/fixtures.js';
import { logWithEvents } from '../testing/harness.js';
import type { CommsEntry, RecordInput } from '../types.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 15, 9, 0, s));

/** A script of calls and messages with repeated keys, each key's events out of order and duplicated. */
function script(prefix: string): RecordInput[] {
  const msg = makeMessageInput({ externalId: `${prefix}.m`, direction: 'outbound', body: 'Shipped' });
  const call = makeCallInput({ externalId: `${prefix}.c`, occurredAt: at(0), data: {} });
  const missed = makeCallInput({ externalId: `${prefix}.x`, occurredAt: at(1), status: 'missed', data: {} });
  return [
    { ...msg, status: 'sent', data: { sentAt: at(1) } },
    { ...call, status: 'ringing', data: { extension: '200' } },
    { ...msg, status: 'read', data: { readAt: at(3) } },
    missed,
    { ...msg, status: 'delivered', data: { deliveredAt: at(2) } },
    { ...msg, status: 'sent', data: { sentAt: at(1) } },
    { ...call, status: 'answered', data: { answeredAt: at(8), ringSeconds: 8, talkSeconds: 60 } },
    {
      ...makeMessageInput({ externalId: `${prefix}.n` }),
      channel: 'note',
      direction: 'internal',
      customerId: 'c9',
    },
  ];
}

/** An entry or result without what differs between two runs (ids, keys). */
const plain = (e: CommsEntry | undefined) =>
  e && { ...e, id: '', externalId: e.externalId.replace(/^\w+\./, '') };
const plainResult = (r: RecordResult) => ({ outcome: r.outcome, entry: plain(r.entry) });
const plainEvents = (events: Array<{ name: string; args: unknown[] }>) =>
  events.map((e) => ({
    name: e.name,
    args: e.args.map((a) =>
      a && typeof a === 'object' && 'externalId' in a
        ? plain(a as CommsEntry)
        : a && typeof a === 'object' && 'id' in a
          ? { ...a, id: '', lastEntryId: '', entryIds: [] }
          : a,
    ),
  }));

describe('write coalescing', () => {
  it('gives concurrent callers their own results from one batch commit', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store });
    const inputs = Array.from({ length: 10 }, () => makeMessageInput());
    const results = await Promise.all(inputs.map((i) => log.record(i)));
    expect(results.map((r) => [r.outcome, r.entry.externalId])).toEqual(
      inputs.map((i) => ['created', i.externalId]),
    );
    // The first call went straight out; the nine that arrived meanwhile shared one insert statement.
    expect(faulty.calls.insertOrGet).toBe(1);
    expect(faulty.calls.insertOrGetMany).toBe(1);
    expect([faulty.calls.getEntriesByKeys, faulty.calls.insertEntries]).toEqual([undefined, undefined]);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(10);
    expect((await log.inbox()).items).toHaveLength(10);
  });

  it('a lone call goes straight out, and coalesce: false writes every call on its own', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store, coalesce: false });
    await Promise.all(Array.from({ length: 5 }, () => log.record(makeMessageInput())));
    expect([faulty.calls.insertOrGet, faulty.calls.insertEntries]).toEqual([5, undefined]);
    const lone = withStoreFaults(createMemoryStore());
    await createCommsLog({ store: lone.store }).record(makeMessageInput());
    expect([lone.calls.insertOrGet, lone.calls.getEntriesByKeys]).toEqual([1, undefined]);
  });

  it('bounds batches by maxBatch and writes by maxInFlight', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store, coalesce: { maxBatch: 3, maxInFlight: 1 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => log.record(makeMessageInput())));
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect([faulty.calls.insertOrGet, faulty.calls.insertOrGetMany]).toEqual([1, 3]);
    expect(() => createCommsLog({ store: faulty.store, coalesce: { maxBatch: 0 } })).toThrow(
      CommsLogConfigError,
    );
    expect(createCommsLog({ store: faulty.store }).options.coalesce).toEqual({
      maxBatch: 100,
      maxInFlight: 4,
    });
  });

  it('merges one key’s calls in a batch, results and events, exactly as one by one in call order', async () => {
    const one = logWithEvents(createMemoryStore(), { coalesce: false });
    const sequential: RecordResult[] = [];
    const base = script('k');
    const renamed = (prefix: string) => base.map((i) => ({ ...i, externalId: `${prefix}.${i.externalId}` }));
    for (const input of renamed('seq')) sequential.push(await one.log.record(input));
    const faulty = withStoreFaults(createMemoryStore());
    const many = logWithEvents(faulty.store);
    const coalesced = await Promise.all(renamed('co').map((i) => many.log.record(i)));
    expect(faulty.calls.insertOrGetMany).toBe(1); // all but the first shared a batch
    expect(coalesced.map(plainResult)).toEqual(sequential.map(plainResult));
    expect(coalesced.map((r) => r.outcome)).toEqual([
      'created',
      'created',
      'updated',
      'created',
      'updated', // `delivered` after `read` still fills deliveredAt
      'unchanged',
      'updated',
      'created',
    ]);
    expect(plainEvents(many.events)).toEqual(plainEvents(one.events));
    expect(many.events.map((e) => e.name)).toContain('followUpOpened');
    const stored = await many.log.get(coalesced[0]?.entry.id as string);
    expect([stored?.status, stored?.version]).toEqual(['read', 3]);
    expect(stored).toEqual(coalesced[4]?.entry);
  });

  it('rejects only the invalid caller of a batch', async () => {
    const log = createCommsLog({ store: createMemoryStore() });
    const inputs = [
      makeMessageInput(),
      makeMessageInput(),
      { ...makeMessageInput(), channel: 'fax' },
      makeMessageInput(),
    ];
    const settled = await Promise.allSettled(inputs.map((i) => log.record(i as RecordInput)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'VALIDATION',
      fields: ['channel'],
    });
    expect((await log.inbox()).items).toHaveLength(3);
  });

  it('rejects every caller of a failed batch with the same retryable error, nothing written; a retry succeeds', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const { log, events } = logWithEvents(faulty.store);
    const inputs = Array.from({ length: 5 }, () => makeMessageInput());
    faulty.fail('insertOrGetMany');
    const settled = await Promise.allSettled(inputs.map((i) => log.record(i)));
    expect(settled[0]?.status).toBe('fulfilled'); // went straight out, before the outage
    const errors = settled.slice(1).map((s) => (s as PromiseRejectedResult).reason);
    expect(new Set(errors).size).toBe(1);
    expect(CommsLogStoreError.isInstance(errors[0])).toBe(true);
    expect(errors[0]).toMatchObject({ isRetryable: true, code: 'STORE_UNAVAILABLE' });
    expect((await log.inbox()).items).toHaveLength(1);
    expect(events.filter((e) => e.name === 'recorded')).toHaveLength(1);
    const retried = await Promise.all(inputs.map((i) => log.record(i)));
    expect(retried.map((r) => r.outcome)).toEqual(['unchanged', 'created', 'created', 'created', 'created']);
    expect(events.filter((e) => e.name === 'recorded')).toHaveLength(5);
  });

  it('an update statement failing after the batch’s inserts leaves every entry whole and loses no event', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const { log, events } = logWithEvents(faulty.store);
    const old = makeMessageInput({ status: 'sent' });
    const before = (await log.record(old)).entry;
    const fresh = makeMessageInput();
    faulty.fail('updateEntries');
    const settled = await Promise.allSettled([
      log.record(makeMessageInput()), // straight out
      log.record({ ...old, status: 'delivered' }),
      log.record(fresh),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((settled[1] as PromiseRejectedResult).reason).toBe((settled[2] as PromiseRejectedResult).reason);
    expect(await log.get(before.id)).toEqual(before);
    // The insert was committed before the outage: its event fired, and a retry finds it unchanged.
    expect(events.filter((e) => e.name === 'recorded')).toHaveLength(3);
    const retried = await Promise.all([log.record({ ...old, status: 'delivered' }), log.record(fresh)]);
    expect(retried.map((r) => r.outcome)).toEqual(['updated', 'unchanged']);
    expect(retried[0]?.entry.status).toBe('delivered');
  });

  it('fires events once per entry in call order across keys', async () => {
    const { log, events } = logWithEvents(createMemoryStore());
    const a = makeMessageInput({ status: 'sent' });
    const b = makeMessageInput({ status: 'sent' });
    const c = makeMessageInput({ status: 'sent' });
    await Promise.all([
      log.record(makeMessageInput()),
      log.record(b),
      log.record(a),
      log.record({ ...b, status: 'read' }),
      log.record(c),
      log.record({ ...a, status: 'delivered' }),
    ]);
    const seen = events.map(
      (e) => `${e.name} ${(e.args[0] as CommsEntry).externalId} ${(e.args[0] as CommsEntry).status}`,
    );
    expect(seen.slice(1)).toEqual([
      `recorded ${b.externalId} sent`,
      `recorded ${a.externalId} sent`,
      `updated ${b.externalId} read`,
      `recorded ${c.externalId} sent`,
      `updated ${a.externalId} delivered`,
    ]);
  });
});
