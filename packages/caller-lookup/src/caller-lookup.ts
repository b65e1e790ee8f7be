import { EventEmitter } from 'eventemitter3';
import { CallerLookupAbortError, CallerLookupError } from './errors.js';
import type { CallerLookupEvents } from './events.js';
import { CircuitBreaker } from './internal/breaker.js';
import { cachePolicy, composeResult, fingerprint } from './internal/compose.js';
import { canonical, DEFAULT_KINDS, hash, isPhone, validateProviders } from './internal/engine-helpers.js';
import { Flight } from './internal/flight.js';
import { parseOptions } from './internal/parse-options.js';
import { ProviderCounters, type ProviderRuntime } from './internal/provider-runtime.js';
import { redactNumber } from './internal/redact.js';
import { type CacheEntry, ResultCache } from './internal/result-cache.js';
import {
  type CallerLookupOptions,
  callerLookupOptionsSchema,
  type ResolvedCallerLookupOptions,
} from './options.js';
import { createPhoneNormalizer } from './phone/normalize.js';
import type { NormalizedPhone } from './phone/types.js';
import type { CallerLookupStatus, ProviderStatus } from './status.js';
import type { LookupResult, LookupStatus, ProviderChange } from './types.js';

/** Per-call options of {@link CallerLookup.lookup}. */
export interface LookupOptions {
  /** Stop waiting (the shared provider work goes on and still fills the cache). */
  signal?: AbortSignal;
  /** This call's deadline instead of the engine's `deadlineMs`. */
  deadlineMs?: number;
}

interface FlightRecord {
  readonly flight: Flight;
  readonly key: string;
  readonly number: string;
  /** The answer last handed out, to tell whether the final one is an update. */
  delivered?: LookupResult;
  /** A cached answer to stand in if the providers fail (keep-stale-on-error). */
  fallback?: CacheEntry;
  /** Set by invalidate(): the answer is outdated before it lands; do not cache it. */
  invalidated: boolean;
}

/**
 * The caller-ID engine: normalises the number, answers from cache, or asks the providers with the
 * configured strategy under a global deadline, coalescing concurrent lookups of one number into one
 * provider call. Listen to `updated` for answers that arrive after the deadline.
 *
 * @example
 * ```ts
 * const lookup = createCallerLookup({
 *   providers: [phoneBook, crm],
 *   normalize: { defaultRegion: 'GR' },
 *   deadlineMs: 300,
 * });
 * lookup.on('updated', (result) => screenPop.update(result));
 * const result = await lookup.lookup('+30 697 401 5758');
 * if (result.status === 'hit') console.log(result.match?.name);
 * ```
 */
export class CallerLookup extends EventEmitter<CallerLookupEvents> {
  /** The validated options. */
  readonly options: ResolvedCallerLookupOptions;
  /** Version of the provider set, the cache-key prefix. */
  readonly providerSetVersion: string;
  readonly #runtimes: readonly ProviderRuntime[];
  readonly #now: () => number;
  readonly #normalize: (raw: unknown) => NormalizedPhone;
  readonly #cache: ResultCache | undefined;
  readonly #flights = new Map<string, FlightRecord>();
  readonly #unsubscribes: Array<() => void> = [];
  readonly #stats = { hits: 0, staleHits: 0, misses: 0, coalesced: 0 };
  readonly #answered: Record<LookupStatus, number> = {
    hit: 0,
    ambiguous: 0,
    miss: 0,
    anonymous: 0,
    invalid: 0,
  };
  #closed = false;

  /** @param options - See {@link CallerLookupOptions}; throws {@link CallerLookupConfigError} when invalid. */
  constructor(options: CallerLookupOptions) {
    super();
    const { providers, now, ...rest } = options ?? ({} as CallerLookupOptions);
    this.options = parseOptions(callerLookupOptionsSchema, rest);
    this.#now = now ?? (() => performance.now());
    this.#normalize = createPhoneNormalizer(this.options.normalize);
    const { breaker, cache } = this.options;
    this.#runtimes = validateProviders(providers).map((provider) => ({
      id: provider.id,
      provider,
      kinds: new Set(provider.kinds ?? DEFAULT_KINDS),
      timeoutMs: provider.timeoutMs ?? this.options.providerTimeoutMs,
      breaker:
        breaker === false ? undefined : new CircuitBreaker(breaker.failureThreshold, breaker.cooldownMs),
      counters: new ProviderCounters(),
    }));
    this.providerSetVersion = hash(
      `${cache === false ? '' : cache.version}|${this.#runtimes.map((r) => `${r.id}@${r.provider.version ?? ''}`).join(',')}`,
    );
    this.#cache = cache === false ? undefined : new ResultCache(cache);
    for (const provider of providers) {
      const unsubscribe = provider.subscribe?.((change) => this.#onProviderChange(provider.id, change));
      if (unsubscribe) this.#unsubscribes.push(unsubscribe);
    }
  }

  /**
   * Who is calling? Never rejects for bad input (hostile caller ids come back `invalid`); rejects only
   * with {@link CallerLookupAbortError} when `signal` fires, or after `close()`.
   */
  lookup(number: string | NormalizedPhone, options: LookupOptions = {}): Promise<LookupResult> {
    if (this.#closed) return Promise.reject(new CallerLookupError('CallerLookup is closed', 'CLOSED'));
    if (options.signal?.aborted) return Promise.reject(this.#abortError(options.signal));
    // normalizePhone keeps recent answers, so a repeated caller id costs one Map lookup here.
    const phone = typeof number !== 'string' && isPhone(number) ? number : this.#normalize(number);
    if (phone.kind === 'anonymous' || phone.kind === 'invalid') {
      this.#answered[phone.kind]++;
      return Promise.resolve(this.#emptyResult(phone));
    }
    const id = canonical(phone);
    const key = `${this.providerSetVersion}|${id}`;
    const now = this.#now();
    const cached = this.#cache?.get(key, now);
    if (cached?.state === 'fresh') {
      this.#stats.hits++;
      this.#answered[cached.entry.result.status]++;
      return Promise.resolve(this.#fromCache(cached.entry.result, phone, id, 'cache', now));
    }
    if (cached?.state === 'stale') {
      // Stale-while-revalidate: answer now, refresh in the background, emit `updated` if it changed.
      this.#stats.staleHits++;
      const result = this.#fromCache(cached.entry.result, phone, id, 'stale', now);
      const record = this.#flightFor(key, id, phone, cached.entry);
      record.delivered = result;
      this.#answered[result.status]++;
      return Promise.resolve(result);
    }
    this.#stats.misses++;
    const record = this.#flightFor(key, id, phone, cached?.entry);
    return this.#await(record, phone, options);
  }

  /** Forget the cached answer and spam verdict for one number (any format the engine can normalise). */
  invalidate(number: string | NormalizedPhone): void {
    const phone = typeof number === 'string' ? this.#normalize(number) : number;
    if (phone.kind === 'anonymous' || phone.kind === 'invalid') return;
    this.#invalidateId(canonical(phone));
  }

  /** Forget every cached answer and spam verdict. */
  invalidateAll(): void {
    this.#cache?.clear();
    for (const record of this.#flights.values()) record.invalidated = true;
    this.emit('debug', 'cache cleared');
  }

  /** Figures for an ops endpoint: per provider hits, misses, errors, timeouts, latency; cache; lookups. */
  status(): CallerLookupStatus {
    const now = this.#now();
    const total = Object.values(this.#answered).reduce((a, b) => a + b, 0);
    return {
      providerSetVersion: this.providerSetVersion,
      providers: this.#runtimes.map(({ id, breaker, counters: c }) => {
        const status: ProviderStatus = {
          id,
          circuit: breaker?.state(now) ?? 'closed',
          calls: c.calls,
          hits: c.hits,
          misses: c.misses,
          spam: c.spam,
          errors: c.errors,
          timeouts: c.timeouts,
          circuitOpen: c.circuitOpen,
          skipped: c.skipped,
          inFlight: c.inFlight,
          latency: c.latency.summary(),
        };
        return c.lastError ? { ...status, lastError: { ...c.lastError } } : status;
      }),
      cache: {
        enabled: this.#cache !== undefined,
        size: this.#cache?.size ?? 0,
        spamEntries: this.#cache?.spamSize ?? 0,
        ...this.#stats,
      },
      lookups: { ...this.#answered, total },
      inFlight: this.#flights.size,
    };
  }

  /** Abort provider work, unsubscribe from providers and close them (LDAP connections, HTTP pools). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribes) unsubscribe();
    const reason = new CallerLookupError('CallerLookup is closed', 'CLOSED');
    for (const record of this.#flights.values()) record.flight.abort(reason);
    await Promise.allSettled(this.#runtimes.map((r) => r.provider.close?.()));
  }

  #emptyResult(phone: NormalizedPhone): LookupResult {
    return {
      status: phone.kind === 'anonymous' ? 'anonymous' : 'invalid',
      phone,
      matches: [],
      source: 'none',
      complete: true,
      pending: [],
      trace: [],
      durationMs: 0,
    };
  }

  #fromCache(
    result: LookupResult,
    phone: NormalizedPhone,
    id: string,
    source: 'cache' | 'stale',
    now: number,
  ) {
    const spam = this.#cache?.spam(id, now);
    // The hot path: the same input and no spam verdict hands out the stored (immutable) object itself.
    if (source === 'cache' && spam === undefined && result.phone === phone) return result;
    return spam ? { ...result, phone, source, spam } : { ...result, phone, source };
  }

  #flightFor(
    key: string,
    id: string,
    phone: NormalizedPhone,
    fallback: CacheEntry | undefined,
  ): FlightRecord {
    const existing = this.#flights.get(key);
    if (existing) {
      this.#stats.coalesced++;
      return existing;
    }
    const flight = new Flight(phone, this.#runtimes, this.options.strategy, this.options.priorityWaitMs, {
      now: this.#now,
      onProviderError: (_runtime, error) => this.emit('error', error),
      onCircuit: (runtime, state) => {
        this.emit('circuit', runtime.id, state);
        this.emit('debug', `circuit ${runtime.id}: ${state}`);
      },
    });
    const record: FlightRecord = { flight, key, number: id, invalidated: false };
    if (fallback) record.fallback = fallback;
    this.#flights.set(key, record);
    this.emit('debug', `lookup ${redactNumber(id)}: asking ${this.#runtimes.length} provider(s)`);
    flight.done.then(() => this.#finish(record));
    flight.start();
    return record;
  }

  #await(record: FlightRecord, phone: NormalizedPhone, options: LookupOptions): Promise<LookupResult> {
    const { flight } = record;
    const { signal } = options;
    const deadlineMs = options.deadlineMs ?? this.options.deadlineMs;
    const deadlineAt = flight.startedAt + deadlineMs;
    return new Promise<LookupResult>((resolve, reject) => {
      let over = false;
      // libuv measures timers from its cached loop time, so one may fire before the deadline: re-arm.
      const onTimer = () => {
        const left = deadlineAt - this.#now();
        if (left > 0) timer = setTimeout(onTimer, Math.ceil(left));
        else finish();
      };
      const finish = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const result = this.#answer(record, phone);
        record.delivered = result;
        this.#answered[result.status]++;
        resolve(result);
      };
      const onAbort = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        reject(this.#abortError(signal as AbortSignal));
      };
      let timer = setTimeout(onTimer, Math.max(0, Math.ceil(deadlineAt - this.#now())));
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.decided.then(finish);
    });
  }

  /** The answer at this moment: the flight's result, or the kept cache entry when providers failed. */
  #answer(record: FlightRecord, phone: NormalizedPhone): LookupResult {
    const now = this.#now();
    const { flight } = record;
    const result = composeResult(phone, flight.runs, flight.startedAt, now, this.options.spamThreshold);
    if (
      result.status === 'miss' &&
      record.fallback &&
      (!result.complete || cachePolicy(flight.runs) === 'none')
    ) {
      // Keep-stale-on-error: providers failed or are late; an older answer beats "unknown".
      const stale = this.#fromCache(record.fallback.result, phone, record.number, 'stale', now);
      return {
        ...stale,
        complete: result.complete,
        pending: result.pending,
        trace: result.trace,
        durationMs: result.durationMs,
      };
    }
    return result;
  }

  #finish(record: FlightRecord): void {
    this.#flights.delete(record.key);
    const { flight } = record;
    const now = this.#now();
    const final = this.#answer(record, flight.phone);
    const policy = cachePolicy(flight.runs);
    if (this.#cache && !record.invalidated && !this.#closed) {
      if (policy !== 'none') this.#cache.set(record.key, final, policy, now);
      this.#cache.setSpam(record.number, final.spam, now);
    }
    this.emit(
      'debug',
      `lookup ${redactNumber(record.number)}: ${final.status} after ${Math.round(final.durationMs)} ms`,
    );
    const previous = record.delivered;
    if (previous && !this.#closed && fingerprint(previous) !== fingerprint(final))
      this.emit('updated', final, previous);
  }

  #invalidateId(id: string): void {
    this.#cache?.delete(`${this.providerSetVersion}|${id}`, id);
    const record = this.#flights.get(`${this.providerSetVersion}|${id}`);
    if (record) record.invalidated = true;
  }

  #onProviderChange(providerId: string, change: ProviderChange): void {
    if ('all' in change) {
      this.emit('debug', `provider ${providerId} changed everything`);
      this.invalidateAll();
      return;
    }
    for (const number of change.numbers) this.invalidate(number);
  }

  #abortError(signal: AbortSignal): CallerLookupAbortError {
    return new CallerLookupAbortError('Lookup aborted by the caller', { cause: signal.reason });
  }
}

/** Build a {@link CallerLookup}; see its documentation. */
export function createCallerLookup(options: CallerLookupOptions): CallerLookup {
  return new CallerLookup(options);
}
