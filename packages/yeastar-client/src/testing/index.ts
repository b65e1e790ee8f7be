/**
 * Test helpers for users of `@pbxkit/yeastar-client`.
 *
 * @packageDocumentation
 */

export {};
