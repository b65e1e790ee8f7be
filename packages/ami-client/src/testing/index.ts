/**
 * Test helpers for users of `@pbxkit/ami-client`.
 *
 * @packageDocumentation
 */

export {};
