/**
 * Test helpers for `@pbxkit/comms-log`: the store conformance suite every store (ours or yours) runs, and
 * fixture builders for calls and messages.
 *
 * @packageDocumentation
 */
export { commsLogStoreCases, type TestCommsLogStoreOptions, testCommsLogStore } from './conformance.js';
export { type FaultyStore, withStoreFaults } from './faults.js';
export { makeCallInput, makeCallRecord, makeMessageInput } from './fixtures.js';
export {
  type ConformanceCase,
  type LogWithEvents,
  logWithEvents,
  permutations,
  type RecordedEvent,
  shuffle,
  type TestClock,
  testClock,
} from './harness.js';
