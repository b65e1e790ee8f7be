import { CommsLogConfigError } from '../errors.js';
import type { CommsLogStore } from '../store.js';
import { coalesceCases } from './cases-coalesce.js';
import { followUpCases } from './cases-follow-ups.js';
import { matchingCases } from './cases-matching.js';
import { queryCases } from './cases-queries.js';
import { storeCases } from './cases-store.js';
import { writeCases } from './cases-writes.js';
import type { ConformanceCase } from './harness.js';

/** Options of {@link testCommsLogStore}. */
export interface TestCommsLogStoreOptions {
  /** The suite's name, e.g. `'postgres'`. */
  name: string;
  /** Returns a new, empty store (each case gets its own). */
  create: () => CommsLogStore | Promise<CommsLogStore>;
  /** Releases a store made by `create` (drop its schema, close its pool). */
  cleanup?: (store: CommsLogStore) => void | Promise<void>;
  /** Names of cases to skip (see {@link commsLogStoreCases}). */
  skip?: string[];
  /** The test framework's `describe`. @defaultValue `globalThis.describe` */
  describe?: (name: string, fn: () => void) => unknown;
  /** The test framework's `it`/`test`. @defaultValue `globalThis.it` */
  it?: (name: string, fn: () => Promise<void>) => unknown;
}

/**
 * Every case of the store conformance suite: the store contract alone, then the log over the store
 * (duplicate, reordered and concurrent event streams, matching, relink, pinning, pagination under inserts,
 * statistics, follow-ups, bad input). Each case throws (node:assert) when the store misbehaves.
 */
export const commsLogStoreCases: readonly ConformanceCase[] = [
  ...storeCases,
  ...writeCases,
  ...coalesceCases,
  ...matchingCases,
  ...queryCases,
  ...followUpCases,
];

/**
 * Registers the conformance suite with your test framework, one test per case. Assertions use
 * `node:assert`, so it runs under vitest, jest, mocha and `node:test` alike: pass that framework's `describe`
 * and `it` (or enable its globals).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { testCommsLogStore } from '@pbxkit/comms-log/testing';
 * import { createMemoryStore } from '@pbxkit/comms-log/memory';
 *
 * testCommsLogStore({ name: 'memory', create: () => createMemoryStore(), describe, it });
 * ```
 */
export function testCommsLogStore(options: TestCommsLogStoreOptions): void {
  const g = globalThis as {
    describe?: TestCommsLogStoreOptions['describe'];
    it?: TestCommsLogStoreOptions['it'];
  };
  const describe = options.describe ?? g.describe;
  const it = options.it ?? g.it;
  if (!describe || !it) {
    throw new CommsLogConfigError("testCommsLogStore needs describe and it: pass your test framework's");
  }
  const skip = new Set(options.skip ?? []);
  describe(`CommsLogStore conformance: ${options.name}`, () => {
    for (const c of commsLogStoreCases) {
      if (skip.has(c.name)) continue;
      it(c.name, async () => {
        const store = await options.create();
        try {
          await c.run(store);
        } finally {
          await options.cleanup?.(store);
        }
      });
    }
  });
}
