import { CallerLookupProviderError, CallerLookupTimeoutError } from '../errors.js';
import type { NormalizedPhone } from '../phone/types.js';
import type { CircuitState, ProviderMatch, TraceOutcome } from '../types.js';
import type { ProviderRuntime } from './provider-runtime.js';
import { identifies, sanitizeMatches } from './sanitize.js';

/** Lookup strategy: see `CallerLookupOptions.strategy`. */
export type Strategy = 'sequential' | 'parallel-priority';

/** One provider's progress inside a flight. */
export interface Run {
  readonly runtime: ProviderRuntime;
  outcome: TraceOutcome;
  startedAt?: number;
  settledAt?: number;
  matches: ProviderMatch[];
  error?: Error;
}

/** Callbacks from a flight to the engine (stats and events live there). */
export interface FlightHooks {
  now(): number;
  onProviderError(runtime: ProviderRuntime, error: CallerLookupProviderError): void;
  onCircuit(runtime: ProviderRuntime, state: CircuitState): void;
}

/** Whether a run has finished for good (anything but `pending`). */
export const settled = (run: Run): boolean => run.outcome !== 'pending';
const isHit = (run: Run): boolean => run.outcome === 'hit';

/**
 * One lookup of one number against the provider chain, shared by every concurrent caller (coalescing).
 * `decided` resolves as soon as the strategy can answer; `done` when every provider has finished.
 * Providers that outlive the callers' deadlines keep running here, in the background.
 */
export class Flight {
  readonly runs: Run[];
  readonly startedAt: number;
  readonly decided: Promise<void>;
  readonly done: Promise<void>;
  #resolveDecided!: () => void;
  #resolveDone!: () => void;
  #isDecided = false;
  #firstHitAt: number | undefined;
  #waitTimer: ReturnType<typeof setTimeout> | undefined;
  #waitElapsed = false;
  #next = 0;
  readonly #controllers = new Set<AbortController>();

  constructor(
    readonly phone: NormalizedPhone,
    runtimes: readonly ProviderRuntime[],
    private readonly strategy: Strategy,
    private readonly priorityWaitMs: number,
    private readonly hooks: FlightHooks,
  ) {
    this.startedAt = hooks.now();
    this.runs = runtimes.map((runtime) => ({ runtime, outcome: 'pending', matches: [] }));
    this.decided = new Promise((resolve) => {
      this.#resolveDecided = resolve;
    });
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  /** Start the providers: all at once (`parallel-priority`) or the first one (`sequential`). */
  start(): void {
    if (this.strategy === 'parallel-priority') for (const run of this.runs) this.#launch(run);
    else this.#launchNext();
    this.#evaluate();
  }

  /** Abort every running provider (engine shutdown). */
  abort(reason: Error): void {
    for (const controller of this.#controllers) controller.abort(reason);
  }

  #launchNext(): void {
    while (this.#next < this.runs.length) {
      const run = this.runs[this.#next++] as Run;
      this.#launch(run);
      // Skipped and circuit-open runs settle synchronously; move on to the next provider.
      if (!settled(run)) return;
    }
  }

  #launch(run: Run): void {
    const { runtime } = run;
    const { counters, breaker } = runtime;
    if (!runtime.kinds.has(this.phone.kind)) {
      counters.skipped++;
      run.outcome = 'skipped';
      return;
    }
    const now = this.hooks.now();
    if (breaker && !breaker.tryAcquire(now)) {
      counters.circuitOpen++;
      run.outcome = 'circuit-open';
      return;
    }
    if (breaker?.state(now) === 'half-open') this.hooks.onCircuit(runtime, 'half-open');
    run.startedAt = now;
    counters.calls++;
    counters.inFlight++;
    const controller = new AbortController();
    this.#controllers.add(controller);
    let finished = false;
    const finish = (outcome: TraceOutcome, matches: ProviderMatch[], error?: CallerLookupProviderError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.#controllers.delete(controller);
      this.#settle(run, outcome, matches, error);
    };
    const timer = setTimeout(() => {
      const error = new CallerLookupTimeoutError(runtime.id, runtime.timeoutMs);
      finish('timeout', [], error);
      controller.abort(error);
    }, runtime.timeoutMs);
    // Engine shutdown aborts too; a provider that ignores its signal still settles here.
    controller.signal.addEventListener('abort', () => {
      const reason = controller.signal.reason;
      finish(
        'error',
        [],
        reason instanceof CallerLookupProviderError
          ? reason
          : new CallerLookupProviderError(runtime.id, 'Provider aborted', 'ABORTED', { cause: reason }),
      );
    });
    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(runtime.provider.lookup(this.phone, { signal: controller.signal }));
    } catch (cause) {
      pending = Promise.reject(cause);
    }
    pending.then(
      (output) => {
        const clean = sanitizeMatches(output);
        if (!clean) {
          finish(
            'error',
            [],
            new CallerLookupProviderError(runtime.id, 'Provider returned something other than an array'),
          );
          return;
        }
        const matches = clean.map((m) => ({ ...m, provider: runtime.id }));
        finish(matches.some(identifies) ? 'hit' : matches.length > 0 ? 'spam' : 'miss', matches);
      },
      (cause: unknown) => {
        const error =
          cause instanceof CallerLookupProviderError && cause.providerId === runtime.id
            ? cause
            : new CallerLookupProviderError(
                runtime.id,
                `Provider "${runtime.id}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
                'PROVIDER',
                { cause },
              );
        finish('error', [], error);
      },
    );
  }

  #settle(
    run: Run,
    outcome: TraceOutcome,
    matches: ProviderMatch[],
    error?: CallerLookupProviderError,
  ): void {
    const { runtime } = run;
    const { counters, breaker } = runtime;
    const now = this.hooks.now();
    run.outcome = outcome;
    run.settledAt = now;
    run.matches = matches;
    counters.inFlight--;
    counters.latency.record(now - (run.startedAt ?? now));
    if (error) {
      run.error = error;
      if (outcome === 'timeout') counters.timeouts++;
      else counters.errors++;
      counters.lastError = { message: error.message, atMs: now };
      const changed = breaker?.failure(now);
      if (changed) this.hooks.onCircuit(runtime, changed);
      this.hooks.onProviderError(runtime, error);
    } else {
      if (outcome === 'hit') counters.hits++;
      else if (outcome === 'spam') counters.spam++;
      else counters.misses++;
      const changed = breaker?.success();
      if (changed) this.hooks.onCircuit(runtime, changed);
    }
    if (outcome === 'hit' && this.#firstHitAt === undefined) this.#firstHitAt = now;
    if (this.strategy === 'sequential') {
      if (outcome === 'hit') {
        for (const later of this.runs)
          if (later.outcome === 'pending' && later.startedAt === undefined) later.outcome = 'not-run';
      } else this.#launchNext();
    }
    this.#evaluate();
  }

  /** Decide whether the strategy can answer now; finish the flight when every provider is done. */
  #evaluate(): void {
    if (this.runs.every(settled)) {
      if (this.#waitTimer !== undefined) clearTimeout(this.#waitTimer);
      this.#decide();
      this.#resolveDone();
      return;
    }
    if (this.#isDecided) return;
    let earlierAllSettled = true;
    for (const run of this.runs) {
      if (isHit(run)) {
        if (earlierAllSettled) {
          this.#decide();
          return;
        }
        // parallel-priority: a lower-priority hit waits a bounded time for the higher-priority providers.
        const waitUntil = (this.#firstHitAt ?? 0) + this.priorityWaitMs;
        const now = this.hooks.now();
        if (this.#waitElapsed || now >= waitUntil) {
          this.#decide();
          return;
        }
        if (this.#waitTimer === undefined) {
          this.#waitTimer = setTimeout(() => {
            this.#waitElapsed = true;
            this.#evaluate();
          }, waitUntil - now);
        }
        return;
      }
      if (!settled(run)) earlierAllSettled = false;
    }
  }

  #decide(): void {
    if (this.#isDecided) return;
    this.#isDecided = true;
    this.#resolveDecided();
  }
}
