/**
 * Test helpers for users of `@pbxkit/whatsapp-cloud`: Meta-style webhook serialisation and signing,
 * payload builders, and a fake Graph API.
 *
 * @packageDocumentation
 */

export { encodeMetaJson } from './meta-json.js';
export { createSignedWebhookRequest, signWebhook, signWebhookSha1 } from './sign.js';
