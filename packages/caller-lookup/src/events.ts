import type { CallerLookupProviderError } from './errors.js';
import type { CircuitState, LookupResult } from './types.js';

/** Events of {@link CallerLookup} (eventemitter3, labelled tuples). */
export interface CallerLookupEvents {
  /**
   * Background providers finished after an answer was given (deadline, stale cache) and the answer
   * changed: update the screen pop. `previous` is the last answer given for that number.
   */
  updated: [result: LookupResult, previous: LookupResult];
  /** A provider failed or timed out (the lookup itself still answers; see its trace). */
  error: [error: CallerLookupProviderError];
  /** A provider's circuit breaker changed state. */
  circuit: [providerId: string, state: CircuitState];
  /** Diagnostics; phone numbers are redacted to country code and last two digits. */
  debug: [message: string];
}
