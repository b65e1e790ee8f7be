/**
 * Test helpers for users of `@pbxkit/comms-log`.
 *
 * @packageDocumentation
 */

export {};
