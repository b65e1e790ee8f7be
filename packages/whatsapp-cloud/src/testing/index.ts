/**
 * Test helpers for users of `@pbxkit/whatsapp-cloud`: a fake Graph API (in-process fetch and loopback
 * server), Meta-style webhook serialisation and signing, and payload builders.
 *
 * @packageDocumentation
 */

export { FakeGraphApi } from './fake-graph-api.js';
export type { FakeClock, FakeGraphApiOptions } from './fake-options.js';
export type {
  FakeFault,
  FakeMedia,
  FakePhoneNumber,
  FakeRecipient,
  FakeRequestRecord,
  FakeSentMessage,
  FakeTemplate,
} from './fake-state.js';
export type { InboundCommon, InboundMediaInput, InboundResult, InboundSimulator } from './inbound.js';
export { encodeMetaJson } from './meta-json.js';
export {
  type BusinessNumber,
  encodeWebhook,
  type InboundSender,
  type MessagesValue,
  messagesValue,
  statusesValue,
  type WebhookPayload,
  webhookEnvelope,
  webhookErrorObject,
} from './payloads.js';
export { createSignedWebhookRequest, signWebhook, signWebhookSha1 } from './sign.js';
export type { TrafficOptions } from './traffic.js';
export type { DeliveryAttempt, WebhookDelivery, WebhookTarget } from './webhook-emitter.js';
