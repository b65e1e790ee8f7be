/**
 * Yeastar P-Series Open API and S-Series API: OAuth tokens, REST, call control, CDR, WebSocket and webhook events decoded into call records.
 *
 * @packageDocumentation
 */

export { EventDeduplicator, type EventDeduplicatorOptions, eventKey } from './decode/dedupe.js';
export {
  type DecodeResult,
  decodeEnvelope,
  decodeEventText,
  decodeFrame,
  type FrameResult,
  KNOWN_P_SERIES_EVENT_TYPES,
} from './decode/envelope.js';
export type * from './decode/events.js';
export { normaliseCdrStatus } from './decode/p-series-schemas.js';
export { assertTimeZone, formatPbxTime, parsePbxTime } from './decode/pbx-time.js';
export { parseTolerantJson } from './decode/tolerant-json.js';
export type { CallMember, CallMemberKind, Cdr, CdrType, MemberStatus } from './decode/types.js';
export * from './errors.js';
export type {
  CallTrackerOptions,
  ResolvedCallTrackerOptions,
  ResolvedYeastarPSeriesClientOptions,
  ResolvedYeastarSSeriesClientOptions,
  YeastarPSeriesClientOptions,
  YeastarSSeriesClientOptions,
  YeastarTokens,
} from './options.js';
export {
  callTrackerOptionsSchema,
  pSeriesClientOptionsSchema,
  sSeriesClientOptionsSchema,
} from './options.js';
export {
  type ConnectionGap,
  type DialedCall,
  type HangupResult,
  YeastarPSeriesClient,
  type YeastarPSeriesClientEvents,
} from './p-series/client.js';
export type { PSeriesBody, PSeriesRequest } from './p-series/http.js';
export {
  TokenManager,
  type TokenManagerEvents,
  type TokenManagerSettings,
  type TokenStats,
  type TokenTransport,
} from './p-series/token-manager.js';
export type * from './p-series/types.js';
export {
  createPSeriesWebhookHandler,
  type PSeriesWebhookHandlerOptions,
  signWebhookBody,
  verifyWebhookSignature,
  type WebhookHeaders,
  type WebhookResult,
} from './p-series/webhook.js';
export {
  type SSeriesReportResult,
  YeastarSSeriesClient,
  type YeastarSSeriesClientEvents,
} from './s-series/client.js';
export { decodeSSeriesReport, type SSeriesReport } from './s-series/reports.js';
export {
  CallTracker,
  type CallTrackerEvents,
  type CallTrackerSource,
  type TrackerScheduler,
} from './tracker/call-tracker.js';
export { parseParty } from './tracker/party.js';
export { TrackerCore, type TrackerOutput, type TrackerSettings } from './tracker/reducer.js';
export type * from './tracker/types.js';
