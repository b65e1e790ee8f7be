/**
 * Remembers which idempotency keys were already handed to the user's callback, so Meta's
 * redeliveries (up to 7 days of retries after any non-200) are dropped before they reach the CRM.
 * Implement it over Redis or PostgreSQL to share it between instances; both methods may be async.
 */
export interface DedupeStore {
  /** Whether the key was already processed. */
  has(key: string): boolean | Promise<boolean>;
  /** Records the key as processed; called only after the callback resolved. */
  add(key: string): void | Promise<void>;
}

/** Options of {@link createMemoryDedupeStore}. */
export interface MemoryDedupeStoreOptions {
  /** Keys kept before the least recently seen is evicted. @defaultValue 10000 */
  maxEntries?: number;
}

/** An in-memory LRU {@link DedupeStore}; the default of the webhook handlers. */
export function createMemoryDedupeStore(options: MemoryDedupeStoreOptions = {}): DedupeStore & {
  /** Number of keys held. */
  readonly size: number;
} {
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  // A Map iterates in insertion order: re-inserting on access makes the first key the least recent.
  const keys = new Map<string, true>();
  return {
    has(key) {
      if (!keys.has(key)) return false;
      keys.delete(key);
      keys.set(key, true);
      return true;
    },
    add(key) {
      keys.delete(key);
      keys.set(key, true);
      if (keys.size > maxEntries) {
        const oldest = keys.keys().next();
        if (!oldest.done) keys.delete(oldest.value);
      }
    },
    get size() {
      return keys.size;
    },
  };
}
