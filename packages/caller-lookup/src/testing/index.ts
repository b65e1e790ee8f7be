/**
 * Test helpers for users of `@pbxkit/caller-lookup`.
 *
 * @packageDocumentation
 */

export {};
