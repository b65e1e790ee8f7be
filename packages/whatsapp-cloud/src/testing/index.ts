/**
 * Test helpers for users of `@pbxkit/whatsapp-cloud`.
 *
 * @packageDocumentation
 */

export {};
