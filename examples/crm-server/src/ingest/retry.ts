import { setTimeout as sleep } from 'node:timers/promises';

/** How {@link retryWhileRetryable} waits and when it stops. */
export interface RetryOptions {
  /** Whether a failure may pass if tried again (a store outage), as opposed to one that never will. */
  isRetryable(error: unknown): boolean;
  /** Waits before each retry, in order; the attempts end with the list. */
  delaysMs: readonly number[];
  /** Stops the retries (server shutdown): the last failure is thrown. */
  signal?: AbortSignal;
  /** Called before each wait, with the failure and the attempt that failed (1 = the first). */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  /** The wait (tests pass a fake one). */
  wait?(ms: number, signal?: AbortSignal): Promise<unknown>;
}

/** Capped exponential backoff: `first`, `first × 2`, … up to `cap`, `count` waits in all. */
export function backoff(first: number, cap: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.min(cap, first * 2 ** i));
}

/**
 * Runs `write`, and again after each wait of `delaysMs` while it fails with a retryable error, so a write
 * that nobody can redeliver (a call record the PBX announced once) outlives a database restart or failover.
 * Only safe for idempotent writes (comms-log's `record()` is keyed by source and external id). Throws the
 * first non-retryable failure, or the last one when the waits run out or `signal` aborts.
 */
export async function retryWhileRetryable<T>(write: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const delay = options.delaysMs[attempt - 1];
      if (delay === undefined || !options.isRetryable(error) || options.signal?.aborted) throw error;
      options.onRetry?.(error, attempt, delay);
      try {
        await wait(delay, options.signal);
      } catch {
        throw error; // aborted while waiting: the write's own failure is the news
      }
    }
  }
}
