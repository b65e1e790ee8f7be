/** Parameters of {@link backoffDelay}. */
export interface BackoffPolicy {
  /** Ceiling of the first delay. */
  initialDelayMs: number;
  /** Cap of every delay. */
  maxDelayMs: number;
  /** Growth factor per attempt. */
  factor: number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog "Exponential Backoff And Jitter"):
 * a uniform delay in `[0, min(cap, initial × factor^(attempt-1))]`. Pure: pass `random`.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1),
  );
  return Math.floor(random() * ceiling);
}
