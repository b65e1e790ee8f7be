import type { NormalizedPhone, PhoneKind } from './phone/types.js';

/** One contact (or spam verdict) a provider found for a number. Every field is optional. */
export interface CallerMatch {
  /** Display name for the screen pop. Never carries a spam prefix: spam lives in `spamScore`. */
  name?: string;
  /** Company or account name. */
  company?: string;
  /** E-mail address. */
  email?: string;
  /** The contact's id in its system of record. */
  contactId?: string;
  /** Link to the contact in its system of record. */
  url?: string;
  /** Free-form labels (`vip`, `customer`). */
  tags?: string[];
  /** Anything else the provider mapped. */
  fields?: Record<string, unknown>;
  /** Spam likelihood from 0 (clean) to 100 (certainly spam). A match with only a score is a spam verdict. */
  spamScore?: number;
  /** The candidate key or attribute value that matched, when the provider knows it. */
  matchedKey?: string;
}

/** A {@link CallerMatch} labelled with the provider that found it. */
export interface ProviderMatch extends CallerMatch {
  /** Id of the provider that found this match. */
  provider: string;
}

/** What a provider receives besides the number. */
export interface ProviderContext {
  /** Fires when the provider's timeout passes or the lookup engine closes: stop work and release sockets. */
  signal: AbortSignal;
}

/** Tells the lookup engine which cached answers a provider's data change made stale. */
export type ProviderChange =
  | {
      /** Numbers (any format) whose answers changed. */
      readonly numbers: readonly string[];
    }
  | {
      /** Everything may have changed. */
      readonly all: true;
    };

/**
 * A caller-ID source. Build one with the `create*Provider` factories or write your own object.
 *
 * @example
 * ```ts
 * const crm: CallerIdProvider = {
 *   id: 'crm',
 *   async lookup(phone, { signal }) {
 *     const contact = await myCrm.findByPhone(phone.e164, { signal });
 *     return contact ? [{ name: contact.name, contactId: contact.id }] : [];
 *   },
 * };
 * ```
 */
export interface CallerIdProvider {
  /** Unique id; appears in matches, traces, stats and events. */
  readonly id: string;
  /** Look the number up; resolve to zero or more matches, reject on failure. */
  lookup(phone: NormalizedPhone, context: ProviderContext): Promise<readonly CallerMatch[]>;
  /**
   * Which kinds of number this provider is asked about.
   * @defaultValue `['e164']`
   */
  readonly kinds?: readonly PhoneKind[];
  /** This provider's own timeout; overrides the engine's `providerTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Bump when the provider's configuration changes meaning: part of the cache's provider-set version. */
  readonly version?: string | number;
  /** Register for data changes (a phone-book upsert); return an unsubscribe function. */
  subscribe?(listener: (change: ProviderChange) => void): () => void;
  /** Release connections; called by the engine's `close()`. */
  close?(): Promise<void> | void;
}

/**
 * Overall outcome of a lookup.
 * - `hit`: exactly one contact; `ambiguous`: several (all in `matches`, never silently the first);
 * - `miss`: nobody found (or every provider failed: see `complete` and `trace`);
 * - `anonymous`: withheld number; `invalid`: not a number (no provider was asked).
 */
export type LookupStatus = 'hit' | 'ambiguous' | 'miss' | 'anonymous' | 'invalid';

/** Where a result came from: providers just now, the fresh cache, a stale cache entry, or nowhere. */
export type LookupSource = 'providers' | 'cache' | 'stale' | 'none';

/**
 * What happened to one provider during a lookup.
 * `skipped`: the provider does not take this kind of number; `not-run`: an earlier provider already
 * answered (sequential); `circuit-open`: its breaker is open; `pending`: still running (background).
 */
export type TraceOutcome =
  | 'hit'
  | 'miss'
  | 'spam'
  | 'error'
  | 'timeout'
  | 'circuit-open'
  | 'skipped'
  | 'not-run'
  | 'pending';

/** One provider's line in a lookup trace. */
export interface TraceEntry {
  /** Provider id. */
  readonly provider: string;
  /** What happened. */
  readonly outcome: TraceOutcome;
  /** When it started, in ms after the lookup started; absent if it never ran. */
  readonly startedAtMs?: number;
  /** How long it took; absent while pending or if it never ran. */
  readonly durationMs?: number;
  /** How many matches it returned. */
  readonly matches: number;
  /** Error message, for `error` and `timeout`. */
  readonly error?: string;
}

/** Spam verdict for a number, kept apart from the contact name (never baked into it). */
export interface SpamVerdict {
  /** Highest score any provider gave, 0–100. */
  readonly score: number;
  /** Whether `score` reaches the engine's `spamThreshold`. */
  readonly spam: boolean;
  /** Providers that gave a score. */
  readonly providers: readonly string[];
}

/** The answer of `lookup()`. */
export interface LookupResult {
  /** Overall outcome. */
  readonly status: LookupStatus;
  /** The normalised number that was looked up. */
  readonly phone: NormalizedPhone;
  /** Every match of the winning provider (several when `ambiguous`). */
  readonly matches: readonly ProviderMatch[];
  /** The single match when `status` is `hit`. */
  readonly match?: ProviderMatch;
  /** Id of the provider whose matches won. */
  readonly provider?: string;
  /** Spam verdict, when any provider scored the number. */
  readonly spam?: SpamVerdict;
  /** Where the answer came from. */
  readonly source: LookupSource;
  /** `false` when providers were still running (or failed) when the answer was given. */
  readonly complete: boolean;
  /** Providers still running in the background; an `updated` event follows if their answer changes things. */
  readonly pending: readonly string[];
  /** Per-provider record of this lookup. */
  readonly trace: readonly TraceEntry[];
  /** Time from `lookup()` to this answer (0 for a cache answer). */
  readonly durationMs: number;
}

/** Latency summary of one provider, in milliseconds. */
export interface LatencySummary {
  /** Number of completed calls measured. */
  readonly count: number;
  /** Mean over all calls. */
  readonly meanMs: number;
  /** Median over the last 512 calls. */
  readonly p50Ms: number;
  /** 95th percentile over the last 512 calls. */
  readonly p95Ms: number;
  /** 99th percentile over the last 512 calls. */
  readonly p99Ms: number;
  /** Slowest call ever measured. */
  readonly maxMs: number;
}

/** Circuit state of one provider: `open` skips it, `half-open` lets one probe call through. */
export type CircuitState = 'closed' | 'open' | 'half-open';
