/**
 * Asterisk/FreePBX Manager Interface: a lossless streaming parser, a reconnecting client with typed actions and events, and a call tracker that turns AMI events into call records.
 *
 * @packageDocumentation
 */

export type {
  ActionOptions,
  ClickToCallParams,
  CommandResult,
  GetvarResult,
  OriginateParams,
  OriginateResult,
} from './actions/types.js';
export { originateReasonText } from './actions/types.js';
export {
  AmiClient,
  type AmiClientEvents,
  type AmiClientState,
  type AmiClientStats,
  type AmiReadyInfo,
  type AmiReconnectedInfo,
} from './ami-client.js';
export {
  AmiAbortError,
  AmiActionError,
  AmiAuthError,
  AmiConfigError,
  AmiConnectionError,
  AmiError,
  type AmiErrorCode,
  AmiProtocolError,
  AmiQueueOverflowError,
  AmiTimeoutError,
} from './errors.js';
export type {
  AmiEvent,
  AmiEventFieldsMap,
  AmiEventHeaders,
  AmiEventOf,
  AmiTypedEventListeners,
  BridgeSnapshot,
  ChannelSnapshot,
  UnknownAmiEvent,
} from './events.js';
export type { AmiListResult } from './internal/pending-actions.js';
export {
  type AmiClientOptions,
  type AmiOverflowPolicy,
  amiClientOptionsSchema,
  type ResolvedAmiClientOptions,
} from './options.js';
export { isKnownEventName, KNOWN_EVENT_NAMES, type KnownEventName } from './protocol/event-names.js';
export { AmiMessage, type AmiMessageKind, splitHeaders } from './protocol/message.js';
export {
  type AmiParseResult,
  AmiParser,
  type AmiParserOptions,
  type AmiParserStats,
  peekEventName,
} from './protocol/parser.js';
export { type AmiAction, type AmiActionValue, redact, serializeAction } from './protocol/serialize.js';
export { type ReplayOptions, type ReplayResult, replayAmi } from './replay.js';
export { CallTracker, type CallTrackerEvents, type CallTrackerOptions } from './tracker/call-tracker.js';
export { CallTrackerCore, type CallTrackerCoreOptions, type TrackerOutput } from './tracker/core.js';
export {
  type ChannelIdentity,
  classifyChannel,
  type EndpointKind,
  FREEPBX_PROFILE,
  GENERIC_PROFILE,
  parseChannelName,
  resolveProfile,
  type TrackerProfile,
  type TrackerProfileName,
} from './tracker/profile.js';
export type {
  CallAnsweredEvent,
  CallDirection,
  CallDisposition,
  CallLeg,
  CallParty,
  CallRecord,
  CallRingingEvent,
  CallTrackerStats,
  CallTransfer,
} from './tracker/types.js';
export { type BackoffPolicy, backoffDelay } from './transport/backoff.js';
