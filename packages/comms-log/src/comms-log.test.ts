import { describe, expect, it } from 'vitest';
import { createCommsLog } from './comms-log.js';
import { CommsLogConfigError, CommsLogError, CommsLogStoreError } from './errors.js';
import { createMemoryStore } from './memory/memory-store.js';
import { withStoreFaults } from './testing/faults.js';
import { makeCallInput, makeMessageInput } from './testing/fixtures.js';
import { logWithEvents } from './testing/harness.js';

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
    const input = makeCallInput();
    faulty.fail('insertEntry');
    const error = await log.record(input).catch((e: unknown) => e);
    expect(CommsLogStoreError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, code: 'STORE_UNAVAILABLE' });
    expect((await log.inbox()).items).toEqual([]);
    expect((await log.record(input)).outcome).toBe('created');
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
      const store = new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
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
