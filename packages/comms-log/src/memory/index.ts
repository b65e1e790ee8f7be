/**
 * The in-memory store of `@pbxkit/comms-log`, for demos and tests.
 *
 * @packageDocumentation
 */
export { createMemoryStore, MemoryCommsLogStore } from './memory-store.js';
