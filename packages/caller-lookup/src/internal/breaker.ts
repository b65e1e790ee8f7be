import type { CircuitState } from '../types.js';

/**
 * Consecutive-failure circuit breaker. Pure: time comes in as arguments. After `failureThreshold`
 * failures in a row it opens for `cooldownMs`; then one probe call is let through (half-open), whose
 * outcome closes or re-opens it. Keeps a dead CRM from eating every lookup's deadline.
 */
export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly cooldownMs: number,
  ) {}

  /** The state at `now` (an open breaker whose cooldown passed reports `half-open`). */
  state(now: number): CircuitState {
    if (this.#state === 'open' && now - this.#openedAt >= this.cooldownMs) return 'half-open';
    return this.#state;
  }

  /** Whether a call may start at `now`; claims the single probe slot when half-open. */
  tryAcquire(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.#probing) return false;
    this.#state = 'half-open';
    this.#probing = true;
    return true;
  }

  /** Record a success; returns the new state if it changed. */
  success(): CircuitState | undefined {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state === 'closed') return undefined;
    this.#state = 'closed';
    return 'closed';
  }

  /** Record a failure at `now`; returns the new state if it changed. */
  failure(now: number): CircuitState | undefined {
    this.#failures++;
    const wasProbe = this.#probing;
    this.#probing = false;
    if (wasProbe || (this.#state === 'closed' && this.#failures >= this.failureThreshold)) {
      this.#state = 'open';
      this.#openedAt = now;
      return 'open';
    }
    return undefined;
  }
}
