/**
 * WhatsApp Business Cloud API: sending, media, and webhook signature verification and parsing.
 *
 * @packageDocumentation
 */

export { createWebhookHandler, type FetchWebhookHandler } from './adapters/fetch-handler.js';
export { createNodeWebhookHandler, type NodeWebhookHandler } from './adapters/node-handler.js';
export {
  categorizeGraphErrorCode,
  classifyError,
  type ErrorLike,
  GraphApiError,
  type GraphErrorCategory,
  isAuthError,
  isRateLimitError,
  isReEngagementError,
  isTemplateError,
  isTransientError,
  isUndeliverableError,
  parseRetryAfter,
  WebhookError,
  type WebhookErrorCode,
  type WebhookErrorObject,
  WhatsAppConfigError,
  WhatsAppError,
  type WhatsAppErrorCode,
  WhatsAppNetworkError,
  WhatsAppResponseError,
  WhatsAppValidationError,
} from './errors.js';
export {
  type ClientSchemaInput,
  clientOptionsSchema,
  DEFAULT_MAX_BODY_BYTES,
  type ResolvedClientSchemaOptions,
  type ResolvedWebhookSchemaOptions,
  type WebhookSchemaInput,
  webhookOptionsSchema,
} from './options.js';
export {
  type InteractiveHeader,
  type ListSection,
  type MediaSource,
  normalizeRecipient,
  type ReplyButton,
  type SendCommon,
  type TemplateComponent,
  type TemplateInput,
  type TemplateParameter,
} from './send/builders.js';
export {
  type SendResult,
  WhatsAppClient,
  type WhatsAppClientEvents,
  type WhatsAppClientOptions,
} from './send/client.js';
export type { FetchLike, GraphHttpEvents, GraphRequestInfo, GraphResponseInfo } from './send/http.js';
export { type DownloadedMedia, MediaApi, type MediaInfo } from './send/media.js';
export {
  createRateLimiter,
  type RateLimit,
  type RateLimiterOptions,
  type RateLimitScope,
  type SendRateLimiter,
} from './send/rate-limiter.js';
export { type RetryPolicy, retryDelay } from './send/retry.js';
export {
  DEFAULT_GRAPH_API_VERSION,
  GRAPH_API_VERSIONS,
  type GraphApiVersion,
  type GraphApiVersionInfo,
  graphApiVersionStatus,
} from './versions.js';
export {
  createMemoryDedupeStore,
  type DedupeStore,
  type MemoryDedupeStoreOptions,
} from './webhook/dedupe-store.js';
export { type ParseWebhookOptions, parseWebhook, WHATSAPP_OBJECT } from './webhook/parse.js';
export {
  type ResolvedWebhookOptions,
  type WebhookOptions,
  WebhookReceiver,
  type WebhookReceiverEvents,
  type WebhookResponse,
} from './webhook/receiver.js';
export { type PayloadValidation, validateWebhookPayload } from './webhook/schemas.js';
export { SERVICE_WINDOW_MS, type ServiceWindowState, serviceWindow } from './webhook/service-window.js';
export {
  isValidSignature,
  prepareSignatureKeys,
  reserialisationHint,
  SIGNATURE_HEADER,
  type SignatureKeys,
  verifySignature,
} from './webhook/signature.js';
export { isStatusAdvance, mergeStatus } from './webhook/status-merge.js';
export type {
  ButtonMessage,
  ButtonReply,
  ContactsMessage,
  ErrorEvent,
  FieldEvent,
  FlowReply,
  InboundMedia,
  InboundMediaType,
  InboundMessage,
  InteractiveMessage,
  InteractiveReply,
  ListReply,
  LocationMessage,
  MediaMessage,
  MessageContext,
  MessageEvent,
  MessageStatus,
  OrderItem,
  OrderMessage,
  ParsedWebhook,
  ReactionMessage,
  Referral,
  SharedContact,
  StatusConversation,
  StatusEvent,
  StatusPricing,
  SystemMessage,
  TextMessage,
  UnknownEvent,
  UnknownMessage,
  UnknownReply,
  UnsupportedMessage,
  WebhookEvent,
  WebhookEventBase,
  WhatsAppContact,
} from './webhook/types.js';
export { constantTimeEqual, verifyChallenge } from './webhook/verify-challenge.js';
