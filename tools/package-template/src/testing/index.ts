/**
 * Test helpers for users of `@pbxkit/{{name}}`.
 *
 * @packageDocumentation
 */

export {};
