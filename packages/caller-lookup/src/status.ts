import type { CircuitState, LatencySummary, LookupStatus } from './types.js';

/** One provider's figures in {@link CallerLookupStatus}. */
export interface ProviderStatus {
  /** Provider id. */
  readonly id: string;
  /** Circuit breaker state (`closed` when the breaker is off). */
  readonly circuit: CircuitState;
  /** Calls started. */
  readonly calls: number;
  /** Calls that found someone. */
  readonly hits: number;
  /** Calls that found nobody. */
  readonly misses: number;
  /** Calls that returned only a spam verdict. */
  readonly spam: number;
  /** Calls that failed. */
  readonly errors: number;
  /** Calls that ran out of time. */
  readonly timeouts: number;
  /** Calls not made because the circuit was open. */
  readonly circuitOpen: number;
  /** Calls not made because the provider does not take that kind of number. */
  readonly skipped: number;
  /** Calls running now. */
  readonly inFlight: number;
  /** Latency of finished calls. */
  readonly latency: LatencySummary;
  /** The latest failure, with the engine-clock time it happened. */
  readonly lastError?: {
    /** Error message. */
    readonly message: string;
    /** When, on the engine clock (ms). */
    readonly atMs: number;
  };
}

/** What {@link CallerLookup.status} reports, for an ops endpoint. */
export interface CallerLookupStatus {
  /** Version of the provider set that keys the cache. */
  readonly providerSetVersion: string;
  /** Per-provider figures, in priority order. */
  readonly providers: readonly ProviderStatus[];
  /** Cache figures. */
  readonly cache: {
    /** Whether caching is on. */
    readonly enabled: boolean;
    /** Numbers with a cached answer. */
    readonly size: number;
    /** Numbers with a stored spam verdict. */
    readonly spamEntries: number;
    /** Lookups answered from a fresh entry. */
    readonly hits: number;
    /** Lookups answered from a stale entry while refreshing. */
    readonly staleHits: number;
    /** Lookups that had to ask the providers. */
    readonly misses: number;
    /** Lookups that joined a provider call already under way for the same number. */
    readonly coalesced: number;
  };
  /** Lookups answered, by status. */
  readonly lookups: Readonly<Record<LookupStatus, number>> & {
    /** All lookups answered. */
    readonly total: number;
  };
  /** Numbers with provider work under way (foreground or background). */
  readonly inFlight: number;
}
