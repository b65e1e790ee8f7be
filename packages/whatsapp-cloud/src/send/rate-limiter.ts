/** What a send is about to consume: the business number and, for messages, the recipient. */
export interface RateLimitScope {
  /** Business phone number id the message is sent from. */
  phoneNumberId: string;
  /** Recipient (`to`), for per-recipient (pair) limits; absent for non-message calls. */
  recipient?: string;
}

/**
 * Decides when a send may go out. Implement it over Redis to share limits between instances; the
 * default is {@link createRateLimiter} in memory.
 */
export interface SendRateLimiter {
  /** Resolves when the call may proceed (after waiting if needed). */
  acquire(scope: RateLimitScope): Promise<void>;
}

/** A rate: `ratePerSecond` sustained, up to `burst` at once. */
export interface RateLimit {
  /** Sustained calls per second. */
  ratePerSecond: number;
  /** Calls allowed back to back before pacing starts. */
  burst: number;
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Per business number: Cloud API throughput is 80 mps by default (130429 beyond). @defaultValue `{ ratePerSecond: 80, burst: 80 }` */
  perNumber?: RateLimit | false;
  /**
   * Per (number, recipient) pair: Meta answers 131056 when one user gets too many messages in a short
   * time (about one per 6 s with short bursts, unverified). Off by default so a CRM agent's quick
   * replies are not slowed. @defaultValue `false`
   */
  perRecipient?: RateLimit | false;
  /** Clock. @defaultValue `Date.now` */
  now?: () => number;
  /** Sleep. @defaultValue a `setTimeout` promise */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An in-memory limiter using GCRA (a token bucket expressed as a "theoretical arrival time"), which
 * reserves each slot synchronously so concurrent callers queue fairly without timers of their own.
 *
 * @example
 * ```ts
 * const client = new WhatsAppClient({ accessToken, rateLimiter: createRateLimiter({ perRecipient: { ratePerSecond: 1 / 6, burst: 3 } }) });
 * ```
 */
export function createRateLimiter(options: RateLimiterOptions = {}): SendRateLimiter {
  const perNumber = options.perNumber === undefined ? { ratePerSecond: 80, burst: 80 } : options.perNumber;
  const perRecipient = options.perRecipient ?? false;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tat = new Map<string, number>();

  // Returns how long to wait for this key and books the slot.
  const reserve = (key: string, limit: RateLimit, at: number): number => {
    const interval = 1000 / limit.ratePerSecond;
    const tolerance = interval * (Math.max(1, limit.burst) - 1);
    const arrival = Math.max(tat.get(key) ?? at, at);
    const wait = Math.max(0, arrival - tolerance - at);
    tat.set(key, arrival + interval);
    return wait;
  };

  return {
    async acquire(scope) {
      const at = now();
      let wait = 0;
      if (perNumber) wait = Math.max(wait, reserve(`n:${scope.phoneNumberId}`, perNumber, at));
      if (perRecipient && scope.recipient) {
        wait = Math.max(wait, reserve(`r:${scope.phoneNumberId}:${scope.recipient}`, perRecipient, at));
      }
      // Forget idle keys so a CRM with many recipients does not grow this map forever.
      if (tat.size > 10_000) for (const [key, t] of tat) if (t < at) tat.delete(key);
      if (wait > 0) await sleep(wait);
    },
  };
}
