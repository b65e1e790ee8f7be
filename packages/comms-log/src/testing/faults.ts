import { CommsLogStoreError } from '../errors.js';
import type { CommsLogStore } from '../store.js';

/** A store wrapper that fails chosen methods on demand (outage drills). */
export interface FaultyStore {
  /** The wrapped store: pass it to `createCommsLog`. */
  store: CommsLogStore;
  /**
   * Makes the next `times` calls of `method` throw `error` without reaching the inner store.
   * @defaultValue a retryable `CommsLogStoreError` (ECONNREFUSED), once
   */
  fail(method: keyof CommsLogStore, error?: unknown, times?: number): void;
  /** How many calls of each method reached the wrapper. */
  calls: Partial<Record<keyof CommsLogStore, number>>;
}

/**
 * Wraps a store so tests can simulate an outage of any method: the failing call never reaches the inner
 * store, exactly like a connection refused before the statement was sent.
 *
 * @example
 * ```ts
 * const faulty = withStoreFaults(createMemoryStore());
 * const log = createCommsLog({ store: faulty.store });
 * faulty.fail('insertEntry');
 * await expect(log.record(input)).rejects.toMatchObject({ isRetryable: true });
 * ```
 */
export function withStoreFaults(inner: CommsLogStore): FaultyStore {
  const pending = new Map<keyof CommsLogStore, { error: unknown; times: number }>();
  const calls: FaultyStore['calls'] = {};
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const method = prop as keyof CommsLogStore;
      return async (...args: unknown[]) => {
        calls[method] = (calls[method] ?? 0) + 1;
        const fault = pending.get(method);
        if (fault && fault.times > 0) {
          fault.times--;
          throw fault.error;
        }
        return value.apply(target, args);
      };
    },
  });
  return {
    store,
    calls,
    fail(method, error, times = 1) {
      pending.set(method, {
        times,
        error:
          error ??
          new CommsLogStoreError(`simulated outage in ${method}`, {
            isRetryable: true,
            storeCode: 'ECONNREFUSED',
          }),
      });
    },
  };
}
