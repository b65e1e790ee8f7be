import type { PhoneKind } from '../phone/types.js';
import type { CallerIdProvider } from '../types.js';
import type { CircuitBreaker } from './breaker.js';
import { LatencyRecorder } from './latency.js';

/** Mutable counters of one provider, read by `status()`. */
export class ProviderCounters {
  calls = 0;
  hits = 0;
  misses = 0;
  spam = 0;
  errors = 0;
  timeouts = 0;
  circuitOpen = 0;
  skipped = 0;
  inFlight = 0;
  lastError: { message: string; atMs: number } | undefined;
  readonly latency = new LatencyRecorder();
}

/** A provider with everything the engine keeps about it. */
export interface ProviderRuntime {
  readonly id: string;
  readonly provider: CallerIdProvider;
  readonly kinds: ReadonlySet<PhoneKind>;
  readonly timeoutMs: number;
  readonly breaker: CircuitBreaker | undefined;
  readonly counters: ProviderCounters;
}
