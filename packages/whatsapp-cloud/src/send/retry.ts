import { GraphApiError, WhatsAppNetworkError } from '../errors.js';

/** Retry policy of the client (see `clientOptionsSchema.retry`). */
export interface RetryPolicy {
  /** Total attempts, first included. */
  maxAttempts: number;
  /** First backoff step. */
  baseDelayMs: number;
  /** Backoff cap. */
  maxDelayMs: number;
  /** Minimum delay after 131056. */
  pairRateLimitDelayMs: number;
}

/**
 * The delay before the next attempt, or undefined when the error must not be retried. Only errors
 * whose `isRetryable` is true qualify: a connection never made, throttling codes, and transient
 * errors of idempotent reads; a POST that may have reached Meta is never repeated (no double sends).
 * Backoff is exponential with full jitter; `Retry-After` wins when Meta sends it.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const retryable =
    (GraphApiError.isInstance(error) || WhatsAppNetworkError.isInstance(error)) &&
    (error as GraphApiError | WhatsAppNetworkError).isRetryable;
  if (!retryable) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  let delay = Math.round(random() * ceiling);
  if (GraphApiError.isInstance(error)) {
    const graph = error as GraphApiError;
    if (graph.retryAfterMs !== undefined) delay = graph.retryAfterMs;
    if (graph.code === 131056) delay = Math.max(delay, policy.pairRateLimitDelayMs);
  }
  return delay;
}
