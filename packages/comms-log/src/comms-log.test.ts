import { describe, expect, it } from 'vitest';
import { createCommsLog } from './comms-log.js';
import { CommsLogConfigError, CommsLogError, CommsLogStoreError } from './errors.js';
import { createMemoryStore } from './memory/memory-store.js';
import type { InsertOrGetItem } from './store.js';
import { withStoreFaults } from './testing/faults.js';
import { makeCallInput, makeMessageInput } from './testing/fixtures.js';
import { logWithEvents } from './testing/harness.js';
import type { CommsEntry } from './types.js';

describe('createCommsLog options', () => {
  it('rejects bad options with a config error', () => {
    const store = createMemoryStore();
    expect(() => createCommsLog({ store, maxBodyBytes: -1 })).toThrow(CommsLogConfigError);
    expect(() => createCommsLog({} as never)).toThrow(/store/);
    expect(() => createCommsLog({ store, exclude: 1 as never })).toThrow(/exclude/);
    expect(() => createCommsLog({ store, now: 'x' as never })).toThrow(/now/);
    expect(createCommsLog({ store }).options).toMatchObject({ maxBodyBytes: 1_048_576, defaultPageSize: 50 });
  });

  it('applies maxBodyBytes, exclude and the page limits', async () => {
    const log = createCommsLog({
      store: createMemoryStore(),
      maxBodyBytes: 4,
      maxPageSize: 10,
      exclude: (e) => e.counterpart.name === 'Voicemail',
    });
    await expect(log.record(makeMessageInput({ body: 'ééé' }))).rejects.toMatchObject({ fields: ['body'] });
    const vm = await log.record(
      makeMessageInput({ body: 'ok', counterpart: { phone: '+306900000001', name: 'Voicemail' } }),
    );
    expect(vm.entry.match).toBe('excluded');
    await expect(log.inbox({}, { limit: 11 })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(log.inbox({}, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('store failures', () => {
  it('surfaces an outage as a typed retryable error and writes nothing; a retry succeeds', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const log = createCommsLog({ store: faulty.store });
    const input = makeCallInput({ status: 'ringing' });
    faulty.fail('insertOrGet');
    const error = await log.record(input).catch((e: unknown) => e);
    expect(CommsLogStoreError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, code: 'STORE_UNAVAILABLE' });
    expect((await log.inbox()).items).toEqual([]);
    const { entry, outcome } = await log.record(input);
    expect(outcome).toBe('created');
    // An outage on the merge of a later observation leaves the stored entry as it was.
    faulty.fail('updateEntry');
    await expect(log.record({ ...input, status: 'answered' })).rejects.toMatchObject({ isRetryable: true });
    expect(await log.get(entry.id)).toEqual(entry);
    expect((await log.record({ ...input, status: 'answered' })).outcome).toBe('updated');
  });

  it('a store without insertOrGet takes the read-then-write path with the same results', async () => {
    const inner = createMemoryStore();
    // A user's store that implements only the required methods and `lookup`.
    const plain = new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === 'insertOrGet') return undefined;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const faulty = withStoreFaults(plain);
    const log = createCommsLog({ store: faulty.store });
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
    const input = makeMessageInput({ direction: 'outbound', counterpart: { phone: '+306974015758' } });
    const created = await log.record(input);
    expect([created.outcome, created.entry.match, created.entry.customerId]).toEqual([
      'created',
      'matched',
      'c1',
    ]);
    expect((await log.record({ ...input, status: 'read' })).outcome).toBe('updated');
    expect((await log.record(input)).outcome).toBe('unchanged');
    // The update folded into the entry cache's copy: straight to the compare-and-set, no lookup.
    expect(faulty.calls.lookup).toBe(2);
    expect(faulty.calls.insertOrGet).toBeUndefined();
  });

  it('gives up with a retryable conflict when the compare-and-set never wins', async () => {
    const store = createMemoryStore();
    const log = createCommsLog({ store, maxWriteAttempts: 3 });
    const input = makeMessageInput({ direction: 'outbound', status: 'sent' });
    await log.record(input);
    store.updateEntry = async () => false;
    await expect(log.record({ ...input, status: 'read' })).rejects.toMatchObject({
      code: 'CONFLICT',
      isRetryable: true,
    });
  });

  it('reports follow-up failures on `error` without failing the durable write', async () => {
    const faulty = withStoreFaults(createMemoryStore());
    const { log, events } = logWithEvents(faulty.store);
    faulty.fail('openFollowUp', new Error('boom'));
    const missed = await log.record(makeCallInput({ status: 'missed' }));
    expect(missed.outcome).toBe('created');
    const errors = events.filter((e) => e.name === 'error').map((e) => e.args[0]);
    expect(errors).toHaveLength(1);
    expect(CommsLogError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).cause).toMatchObject({ message: 'boom' });
  });
});

describe('races with handle changes', () => {
  it('links an entry inserted just after a concurrent relink scan (record and recordMany)', async () => {
    for (const batch of [false, true]) {
      const inner = createMemoryStore();
      const other = createCommsLog({ store: inner });
      // The handle change commits, and its relink scan runs, between this log's handle lookup and its insert.
      // A store without the handle-change barrier (`settleMatches`): the log must look again after the insert.
      const store = new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop === 'settleMatches') return undefined;
          if (prop === 'insertOrGet') {
            // One statement whose snapshot predates the handle change: the entry is stored unmatched.
            return async (entry: CommsEntry) => {
              await other.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
              return target.insertOrGet(entry, { match: false });
            };
          }
          if (prop === 'insertOrGetMany') {
            return async (items: InsertOrGetItem[]) => {
              await other.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
              return target.insertOrGetMany(items.map((i) => ({ ...i, match: false })));
            };
          }
          if (prop !== 'insertEntry' && prop !== 'insertEntries')
            return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            await other.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
            return value.apply(target, args);
          };
        },
      });
      const { log, events } = logWithEvents(store);
      const input = makeMessageInput({ counterpart: { phone: '+306974015758' } });
      const result = batch ? (await log.recordMany([input]))[0] : await log.record(input);
      expect([result?.outcome, result?.entry.match, result?.entry.customerId]).toEqual([
        'created',
        'matched',
        'c1',
      ]);
      expect((await log.get(result?.entry.id as string))?.customerId).toBe('c1');
      expect(events.map((e) => e.name)).toEqual(['recorded', 'relinked']);
    }
  });
});

describe('races with handle changes on updates', () => {
  it('links an entry whose update gave it a handle a customer gained at the same moment', async () => {
    for (const mode of ['record', 'record without cache', 'recordMany'] as const) {
      const inner = createMemoryStore();
      const other = createCommsLog({ store: inner });
      let race = false;
      // The customer gains the WhatsApp id, and its relink scans, after the update read the handle index and
      // before the update (the first to carry that id) is written.
      const store = new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function') return value;
          if (!race || (prop !== 'updateEntry' && prop !== 'updateEntries')) return value.bind(target);
          return async (...args: unknown[]) => {
            race = false;
            await other.setCustomerHandles('c1', [{ kind: 'waId', value: '306974015758' }]);
            return value.apply(target, args);
          };
        },
      });
      const log = createCommsLog({ store, entryCache: mode === 'record without cache' ? false : undefined });
      const first = makeMessageInput({ status: 'sent', counterpart: { phone: '+306974015758' } });
      expect((await log.record(first)).entry.match).toBe('unmatched');
      race = true;
      const later = {
        ...first,
        status: 'delivered' as const,
        counterpart: { phone: '+306974015758', waId: '306974015758' },
      };
      const result = mode === 'recordMany' ? (await log.recordMany([later]))[0] : await log.record(later);
      expect(race).toBe(false); // the race did happen
      expect([mode, result?.entry.match, result?.entry.customerId]).toEqual([mode, 'matched', 'c1']);
      expect((await log.get(result?.entry.id as string))?.customerId).toBe('c1');
    }
  });
});

describe('stores with the handle-change barrier (settleMatches)', () => {
  it('are not asked again about a new unmatched entry; a relink settles before it scans', async () => {
    const inner = createMemoryStore();
    const calls: string[] = [];
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return value.apply(target, args);
        };
      },
    });
    const log = createCommsLog({ store });
    const one = await log.record(makeMessageInput({ counterpart: { phone: '+306974015758' } }));
    const many = await log.recordMany([makeMessageInput({ counterpart: { phone: '+306974015758' } })]);
    expect([one.entry.match, many[0]?.entry.match]).toEqual(['unmatched', 'unmatched']);
    expect(calls).toEqual(['insertOrGet', 'insertOrGetMany']);
    calls.length = 0;
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
    expect(calls.indexOf('settleMatches')).toBeGreaterThan(-1);
    expect(calls.indexOf('settleMatches')).toBeLessThan(calls.indexOf('listEntriesByHandles'));
    expect((await log.get(one.entry.id))?.customerId).toBe('c1');
  });
});

describe('follow-ups', () => {
  it('closes the follow-up of a missed call later corrected to answered', async () => {
    const { log } = logWithEvents(createMemoryStore());
    const input = makeCallInput({ status: 'missed' });
    await log.record(input);
    expect((await log.followUps()).items).toHaveLength(1);
    await log.record({ ...input, status: 'answered' });
    expect((await log.followUps()).items).toHaveLength(0);
    expect((await log.followUps({ state: 'closed' })).items[0]?.closedReason).toBe('answered');
  });
});

describe('relink batches', () => {
  it('retries one by one the entries a concurrent writer changed during a batch relink', async () => {
    const store = createMemoryStore();
    const log = createCommsLog({ store });
    const a = await log.record(makeCallInput({ counterpart: { phone: '+306974015758' } }));
    const b = await log.record(makeMessageInput({ counterpart: { phone: '+306974015758' } }));
    store.updateEntries = async () => []; // every batch compare-and-set loses
    const changes: string[] = [];
    log.on('relinked', (e) => changes.push(...e.changes.map((c) => c.entry.id)));
    await log.setCustomerHandles('c1', [{ kind: 'phone', value: '+306974015758' }]);
    expect(changes.sort()).toEqual([a.entry.id, b.entry.id].sort());
    expect((await log.get(a.entry.id))?.customerId).toBe('c1');
    await log.mergeCustomers('c1', 'c2');
    expect((await log.get(b.entry.id))?.customerId).toBe('c2');
  });
});

describe('manual entries and links', () => {
  it('pins a note to its customer and an existing entry when a later record names a customer', async () => {
    const { log, events } = logWithEvents(createMemoryStore());
    const input = makeCallInput({ source: 'manual', externalId: 'log-1', createdBy: 'agent-1' });
    const first = await log.record(input);
    expect(first.entry.pinned).toBe(false);
    const pinned = await log.record({ ...input, customerId: 'c7' });
    expect([pinned.outcome, pinned.entry.pinned, pinned.entry.customerId]).toEqual(['updated', true, 'c7']);
    expect((await log.link(first.entry.id, 'c7')).version).toBe(pinned.entry.version);
    expect((await log.unlink(first.entry.id)).pinned).toBe(false);
    expect((await log.unlink(first.entry.id)).pinned).toBe(false);
    expect(events.filter((e) => e.name === 'relinked')).toHaveLength(1);
    await expect(log.closeFollowUp('0190a000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(log.get('')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await log.get('0190a000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('keeps excluded entries excluded when unlinked', async () => {
    const log = createCommsLog({ store: createMemoryStore() });
    const e = await log.record(makeCallInput({ direction: 'internal' }));
    await log.link(e.entry.id, 'c1');
    expect((await log.unlink(e.entry.id)).match).toBe('excluded');
  });
});
