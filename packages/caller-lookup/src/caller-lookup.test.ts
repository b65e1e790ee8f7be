import { createFakeProvider } from '@pbxkit/caller-lookup/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallerLookup, createCallerLookup } from './caller-lookup.js';
import { CallerLookupAbortError, CallerLookupConfigError, type CallerLookupProviderError } from './errors.js';
import type { CallerLookupOptions } from './options.js';
import { normalizePhone } from './phone/normalize.js';
import type { LookupResult } from './types.js';

const MARIA = '+306974015758';
const now = () => Date.now();

function engine(options: Omit<CallerLookupOptions, 'now'>): CallerLookup {
  return createCallerLookup({ normalize: { defaultRegion: 'GR' }, ...options, now });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('parallel-priority', () => {
  it('returns a lower-priority hit after priorityWaitMs, then emits updated with the better one', async () => {
    const book = createFakeProvider({
      id: 'book',
      defaults: { latencyMs: 100 },
      contacts: { [MARIA]: { name: 'Maria (book)', contactId: 'b1' } },
    });
    const crm = createFakeProvider({
      id: 'crm',
      defaults: { latencyMs: 10 },
      contacts: { [MARIA]: { name: 'Maria (crm)', contactId: 'c1' } },
    });
    const lookup = engine({ providers: [book, crm], priorityWaitMs: 50, deadlineMs: 1000 });
    const updates: Array<[LookupResult, LookupResult]> = [];
    lookup.on('updated', (result, previous) => updates.push([result, previous]));

    const pending = lookup.lookup('697 401 5758');
    await vi.advanceTimersByTimeAsync(60);
    const result = await pending;
    expect(result).toMatchObject({
      status: 'hit',
      provider: 'crm',
      complete: false,
      pending: ['book'],
      durationMs: 60,
    });
    expect(result.match?.name).toBe('Maria (crm)');
    expect(result.trace.map((t) => [t.provider, t.outcome])).toEqual([
      ['book', 'pending'],
      ['crm', 'hit'],
    ]);

    await vi.advanceTimersByTimeAsync(40);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.[0]).toMatchObject({ status: 'hit', provider: 'book', complete: true });
    expect(updates[0]?.[1]).toBe(result);
    // The final, better answer is what the cache holds.
    expect((await lookup.lookup(MARIA)).match?.name).toBe('Maria (book)');
  });

  it('answers as soon as the best-priority provider hits', async () => {
    const book = createFakeProvider({
      id: 'book',
      defaults: { latencyMs: 30 },
      contacts: { [MARIA]: { name: 'A' } },
    });
    const crm = createFakeProvider({
      id: 'crm',
      defaults: { latencyMs: 10 },
      contacts: { [MARIA]: { name: 'B' } },
    });
    const lookup = engine({ providers: [book, crm], priorityWaitMs: 500 });
    const pending = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(30);
    const result = await pending;
    expect(result).toMatchObject({ status: 'hit', provider: 'book', complete: true, durationMs: 30 });
    expect(result.trace.map((t) => t.durationMs)).toEqual([30, 10]);
  });

  it('reports several matches as ambiguous, never silently the first', async () => {
    const crm = createFakeProvider({
      id: 'crm',
      contacts: {
        [MARIA]: [
          { name: 'Maria', contactId: '1' },
          { name: 'Nikos', contactId: '2' },
          { name: 'Maria', contactId: '1' },
        ],
      },
    });
    const result = await engine({ providers: [crm] }).lookup(MARIA);
    expect(result.status).toBe('ambiguous');
    expect(result.match).toBeUndefined();
    expect(result.matches.map((m) => m.contactId)).toEqual(['1', '2']);
  });
});

describe('sequential', () => {
  it('asks one provider after another and stops at the first hit', async () => {
    const a = createFakeProvider({ id: 'a', defaults: { latencyMs: 5 } });
    const spam = createFakeProvider({ id: 'spam', defaults: { matches: [{ spamScore: 80 }] } });
    const b = createFakeProvider({
      id: 'b',
      defaults: { latencyMs: 5 },
      contacts: { [MARIA]: { name: 'Maria' } },
    });
    const c = createFakeProvider({ id: 'c' });
    const lookup = engine({ providers: [a, spam, b, c], strategy: 'sequential' });
    const pending = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(10);
    const result = await pending;
    expect(result.trace.map((t) => t.outcome)).toEqual(['miss', 'spam', 'hit', 'not-run']);
    expect(result.trace[2]?.startedAtMs).toBe(5);
    expect(c.calls).toHaveLength(0);
    // The spam verdict sits beside the name, never inside it.
    expect(result.match?.name).toBe('Maria');
    expect(result.spam).toEqual({ score: 80, spam: true, providers: ['spam'] });
  });

  it('continues the chain in the background after the deadline', async () => {
    const slow = createFakeProvider({ id: 'slow', defaults: { latencyMs: 400 } });
    const b = createFakeProvider({ id: 'b', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({ providers: [slow, b], strategy: 'sequential', deadlineMs: 200 });
    const updated = vi.fn();
    lookup.on('updated', updated);
    const pending = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toMatchObject({ status: 'miss', complete: false, pending: ['slow', 'b'] });
    await vi.advanceTimersByTimeAsync(200);
    expect(updated).toHaveBeenCalledTimes(1);
    expect(updated.mock.calls[0]?.[0]).toMatchObject({ status: 'hit', provider: 'b' });
  });
});

describe('deadline, timeouts and the circuit breaker', () => {
  it('returns at the deadline when every provider hangs, and does not cache that miss', async () => {
    const a = createFakeProvider({ id: 'a', defaults: { hang: true } });
    const b = createFakeProvider({ id: 'b', defaults: { hang: true, ignoreAbort: true } });
    const lookup = engine({ providers: [a, b], deadlineMs: 300, providerTimeoutMs: 1000 });
    const errors: CallerLookupProviderError[] = [];
    lookup.on('error', (e) => errors.push(e));
    const pending = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(300);
    expect(await pending).toMatchObject({
      status: 'miss',
      complete: false,
      pending: ['a', 'b'],
      durationMs: 300,
    });
    await vi.advanceTimersByTimeAsync(700);
    expect(errors.map((e) => [e.providerId, e.code])).toEqual([
      ['a', 'TIMEOUT'],
      ['b', 'TIMEOUT'],
    ]);
    expect(a.aborted).toBe(1);
    expect(lookup.status().providers.map((p) => p.timeouts)).toEqual([1, 1]);
    // Nothing cached: the next lookup asks again.
    void lookup.lookup(MARIA);
    expect(a.calls).toHaveLength(2);
  });

  it('a per-call deadline overrides the engine one', async () => {
    const a = createFakeProvider({
      id: 'a',
      defaults: { latencyMs: 500 },
      contacts: { [MARIA]: { name: 'M' } },
    });
    const lookup = engine({ providers: [a], deadlineMs: 1000 });
    const pending = lookup.lookup(MARIA, { deadlineMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).status).toBe('miss');
  });

  it('opens after consecutive failures, skips the provider, then probes and closes', async () => {
    const crm = createFakeProvider({ id: 'crm', defaults: { error: 'CRM down' } });
    const lookup = engine({
      providers: [crm],
      breaker: { failureThreshold: 3, cooldownMs: 10_000 },
      cache: false,
    });
    const circuit = vi.fn();
    lookup.on('circuit', circuit);
    lookup.on('error', () => {});
    for (let i = 0; i < 3; i++) await lookup.lookup(MARIA);
    expect(circuit).toHaveBeenLastCalledWith('crm', 'open');
    const skipped = await lookup.lookup(MARIA);
    expect(skipped.trace[0]?.outcome).toBe('circuit-open');
    expect(crm.calls).toHaveLength(3);
    expect(lookup.status().providers[0]).toMatchObject({ circuit: 'open', errors: 3, circuitOpen: 1 });

    await vi.advanceTimersByTimeAsync(10_000);
    expect(lookup.status().providers[0]?.circuit).toBe('half-open');
    crm.defaults = {};
    crm.set(MARIA, { name: 'Maria' });
    expect((await lookup.lookup(MARIA)).status).toBe('hit');
    expect(circuit.mock.calls.map((c) => c[1])).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe re-opens the circuit', async () => {
    const crm = createFakeProvider({ id: 'crm', defaults: { error: 'down' } });
    const lookup = engine({
      providers: [crm],
      breaker: { failureThreshold: 1, cooldownMs: 1000 },
      cache: false,
    });
    lookup.on('error', () => {});
    await lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(1000);
    await lookup.lookup(MARIA);
    expect(lookup.status().providers[0]?.circuit).toBe('open');
    expect(crm.calls).toHaveLength(2);
  });

  it('treats a throwing or malformed provider as an error, never as a crash', async () => {
    const throwing = {
      id: 'throwing',
      lookup: () => {
        throw new Error('sync boom');
      },
    };
    const malformed = createFakeProvider({ id: 'malformed', defaults: { raw: { name: 'not an array' } } });
    const fine = createFakeProvider({
      id: 'fine',
      contacts: { [MARIA]: { name: 'Maria', spamScore: 'x' as unknown as number } },
    });
    const lookup = engine({ providers: [throwing, malformed, fine] });
    const errors: string[] = [];
    lookup.on('error', (e) => errors.push(e.message));
    const result = await lookup.lookup(MARIA);
    expect(result.trace.map((t) => t.outcome)).toEqual(['error', 'error', 'hit']);
    expect(errors).toEqual([
      'Provider "throwing" failed: sync boom',
      'Provider returned something other than an array',
    ]);
    expect(result.match).toEqual({ name: 'Maria', provider: 'fine' });
  });
});

describe('cache', () => {
  it('serves hits from cache; misses have their own shorter TTL', async () => {
    const crm = createFakeProvider({ id: 'crm', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({
      providers: [crm],
      cache: { ttlMs: 10_000, negativeTtlMs: 1000, staleWhileRevalidateMs: 0, staleIfErrorMs: 0 },
    });
    await lookup.lookup(MARIA);
    const again = await lookup.lookup('+30 697 401 5758');
    expect(again).toMatchObject({ status: 'hit', source: 'cache', durationMs: 0 });
    expect(again.phone.input).toBe('+30 697 401 5758');
    await lookup.lookup('+302101234567');
    await lookup.lookup('+302101234567');
    expect(crm.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    await lookup.lookup('+302101234567');
    await lookup.lookup(MARIA);
    expect(crm.calls.map((c) => c.e164)).toEqual([MARIA, '+302101234567', '+302101234567']);
    expect(lookup.status().cache).toMatchObject({ hits: 3, misses: 3, size: 2 });
  });

  it('stale-while-revalidate answers at once and emits updated when the refresh differs', async () => {
    const crm = createFakeProvider({ id: 'crm', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({ providers: [crm], cache: { ttlMs: 1000, staleWhileRevalidateMs: 5000 } });
    const updated = vi.fn();
    lookup.on('updated', updated);
    await lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(1000);
    crm.defaults = { latencyMs: 50, matches: [{ name: 'Maria Papadopoulou' }] };
    const stale = await lookup.lookup(MARIA);
    expect(stale).toMatchObject({ source: 'stale', match: { name: 'Maria' } });
    await vi.advanceTimersByTimeAsync(50);
    expect(updated).toHaveBeenCalledTimes(1);
    expect(updated.mock.calls[0]?.[0].match.name).toBe('Maria Papadopoulou');
    expect((await lookup.lookup(MARIA)).source).toBe('cache');
  });

  it('keeps the stale answer when every provider fails', async () => {
    const crm = createFakeProvider({ id: 'crm', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({
      providers: [crm],
      cache: { ttlMs: 1000, staleWhileRevalidateMs: 0, staleIfErrorMs: 60_000 },
    });
    lookup.on('error', () => {});
    await lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(2000);
    crm.defaults = { error: 'CRM down' };
    const result = await lookup.lookup(MARIA);
    expect(result).toMatchObject({ status: 'hit', source: 'stale', match: { name: 'Maria' } });
    expect(result.trace[0]?.outcome).toBe('error');
    // Still kept for the next failure.
    expect((await lookup.lookup(MARIA)).source).toBe('stale');
  });

  it('keys the cache by provider-set version', () => {
    const a = createFakeProvider({ id: 'a' });
    const v1 = engine({ providers: [a] }).providerSetVersion;
    expect(engine({ providers: [a], cache: { version: '2' } }).providerSetVersion).not.toBe(v1);
    expect(engine({ providers: [a, createFakeProvider({ id: 'b' })] }).providerSetVersion).not.toBe(v1);
    expect(engine({ providers: [a] }).providerSetVersion).toBe(v1);
  });

  it('stores spam verdicts apart from names, with their own TTL', async () => {
    const spam = createFakeProvider({ id: 'spam', defaults: { matches: [{ spamScore: 90 }] } });
    const book = createFakeProvider({ id: 'book', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({ providers: [book, spam], cache: { ttlMs: 10_000, spamTtlMs: 1000 } });
    const first = await lookup.lookup(MARIA);
    expect(first.spam?.score).toBe(90);
    const cached = await lookup.lookup(MARIA);
    expect(cached).toMatchObject({ source: 'cache', match: { name: 'Maria' }, spam: { score: 90 } });
    await vi.advanceTimersByTimeAsync(1000);
    const later = await lookup.lookup(MARIA);
    expect(later.source).toBe('cache');
    expect(later.spam).toBeUndefined();
    expect(later.match?.name).toBe('Maria');
  });

  it('invalidates one number, all numbers, and on provider data changes', async () => {
    const crm = createFakeProvider({ id: 'crm', contacts: { [MARIA]: { name: 'Maria' } } });
    const lookup = engine({ providers: [crm] });
    await lookup.lookup(MARIA);
    lookup.invalidate('697 401 5758');
    await lookup.lookup(MARIA);
    lookup.invalidateAll();
    await lookup.lookup(MARIA);
    expect(crm.calls).toHaveLength(3);
    crm.set(MARIA, { name: 'Maria P.' });
    expect((await lookup.lookup(MARIA)).match?.name).toBe('Maria P.');
    lookup.invalidate('anonymous');
    await lookup.close();
    crm.set(MARIA, { name: 'after close' });
    await expect(lookup.lookup(MARIA)).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('does not cache an answer invalidated while it was in flight', async () => {
    const crm = createFakeProvider({ id: 'crm', defaults: { latencyMs: 100 } });
    crm.script({ latencyMs: 100, matches: [{ name: 'Old' }] });
    const lookup = engine({ providers: [crm] });
    const pending = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(50);
    crm.set(MARIA, { name: 'New' });
    await vi.advanceTimersByTimeAsync(50);
    expect((await pending).match?.name).toBe('Old');
    const again = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(100);
    expect((await again).match?.name).toBe('New');
  });
});

describe('coalescing, abort and bad input', () => {
  it('coalesces concurrent lookups of one number into one provider call', async () => {
    const crm = createFakeProvider({
      id: 'crm',
      defaults: { latencyMs: 20 },
      contacts: { [MARIA]: { name: 'Maria' } },
    });
    const lookup = engine({ providers: [crm] });
    const all = Array.from({ length: 1000 }, (_, i) => lookup.lookup(i % 2 ? MARIA : '0030 697 401 5758'));
    await vi.advanceTimersByTimeAsync(20);
    const results = await Promise.all(all);
    expect(crm.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.match?.name))).toEqual(new Set(['Maria']));
    expect(lookup.status().cache.coalesced).toBe(999);
  });

  it('rejects an aborted call with a typed error while the shared work goes on', async () => {
    const crm = createFakeProvider({
      id: 'crm',
      defaults: { latencyMs: 100 },
      contacts: { [MARIA]: { name: 'Maria' } },
    });
    const lookup = engine({ providers: [crm] });
    const controller = new AbortController();
    const pending = lookup.lookup(MARIA, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CallerLookupAbortError);
    await expect(lookup.lookup(MARIA, { signal: controller.signal })).rejects.toBeInstanceOf(
      CallerLookupAbortError,
    );
    await vi.advanceTimersByTimeAsync(100);
    expect((await lookup.lookup(MARIA)).source).toBe('cache');
  });

  it.each([
    '*)(uid=*))(|(uid=*',
    '../',
    '%0d%0a',
    "' OR 1=1 --",
    'x'.repeat(5000),
    '\u0000\u0007\u001b[31m',
    '😀📞',
    '',
    'anonymous',
  ])('answers hostile caller id %# without calling providers or throwing', async (raw) => {
    const crm = createFakeProvider({ id: 'crm' });
    const lookup = engine({ providers: [crm] });
    const result = await lookup.lookup(raw);
    expect(['invalid', 'anonymous']).toContain(result.status);
    expect(result.source).toBe('none');
    expect(crm.calls).toHaveLength(0);
  });

  it('asks only providers that take the kind of number', async () => {
    const ldap = createFakeProvider({
      id: 'ldap',
      kinds: ['e164', 'extension'],
      contacts: { '201': { name: 'Reception' } },
    });
    const crm = createFakeProvider({ id: 'crm' });
    const lookup = engine({ providers: [ldap, crm] });
    const result = await lookup.lookup('201');
    expect(result.match?.name).toBe('Reception');
    expect(result.trace.map((t) => t.outcome)).toEqual(['hit', 'skipped']);
    expect((await lookup.lookup(normalizePhone('201'))).source).toBe('cache');
  });

  it('counts answers by status and reports latency', async () => {
    const crm = createFakeProvider({
      id: 'crm',
      defaults: { latencyMs: 10 },
      contacts: { [MARIA]: { name: 'M' } },
    });
    const lookup = engine({ providers: [crm] });
    const p = lookup.lookup(MARIA);
    await vi.advanceTimersByTimeAsync(10);
    await p;
    await lookup.lookup('restricted');
    await lookup.lookup('((');
    const status = lookup.status();
    expect(status.lookups).toEqual({ hit: 1, ambiguous: 0, miss: 0, anonymous: 1, invalid: 1, total: 3 });
    expect(status.providers[0]).toMatchObject({
      calls: 1,
      hits: 1,
      inFlight: 0,
      latency: { count: 1, p50Ms: 10, maxMs: 10 },
    });
  });

  it('rejects bad options with a typed error', () => {
    expect(() => createCallerLookup({ providers: [], strategy: 'random' as 'sequential' })).toThrow(
      CallerLookupConfigError,
    );
    const a = createFakeProvider({ id: 'a' });
    expect(() => createCallerLookup({ providers: [a, a] })).toThrow(/used twice/);
    expect(() => createCallerLookup({ providers: [{ id: '', lookup: async () => [] }] })).toThrow(
      CallerLookupConfigError,
    );
    expect(() => createCallerLookup({ providers: {} as never })).toThrow(CallerLookupConfigError);
    expect(() => createCallerLookup({ providers: [], normalize: { defaultRegion: 'ZZ' } })).toThrow(
      CallerLookupConfigError,
    );
  });
});
