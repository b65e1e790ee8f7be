/**
 * Asterisk/FreePBX Manager Interface: a lossless streaming parser, a reconnecting client with typed actions and events, and a call tracker that turns AMI events into call records.
 *
 * @packageDocumentation
 */

export type {
  ActionOptions,
  AmiListResult,
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
  type AmiClientLifecycleEvents,
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
  AgentCalledFields,
  AgentCompleteFields,
  AgentConnectFields,
  AgentRingNoAnswerFields,
  AmiEventFieldsMap,
  AttendedTransferFields,
  BlindTransferFields,
  BridgeCreateFields,
  BridgeDestroyFields,
  BridgeEnterFields,
  BridgeLeaveFields,
  BridgeMergeFields,
  CdrFields,
  CELFields,
  CoreShowChannelFields,
  CoreShowChannelsCompleteFields,
  DeviceStateChangeFields,
  DialBeginFields,
  DialEndFields,
  DialStateFields,
  EndpointListCompleteFields,
  EndpointListFields,
  ExtensionStatusFields,
  FullyBootedFields,
  HangupFields,
  HangupRequestFields,
  HoldFields,
  LocalBridgeFields,
  LocalOptimizationBeginFields,
  LocalOptimizationEndFields,
  MusicOnHoldStartFields,
  MusicOnHoldStopFields,
  NewCalleridFields,
  NewConnectedLineFields,
  NewchannelFields,
  NewextenFields,
  NewstateFields,
  OriginateResponseFields,
  QueueCallerAbandonFields,
  QueueCallerJoinFields,
  QueueCallerLeaveFields,
  QueueEntryFields,
  QueueMemberFields,
  QueueParamsFields,
  QueueStatusCompleteFields,
  QueueSummaryCompleteFields,
  QueueSummaryFields,
  SoftHangupRequestFields,
  StatusCompleteFields,
  StatusFields,
  UnholdFields,
  VarSetFields,
} from './event-fields.js';
export type {
  AmiEvent,
  AmiEventHeaders,
  AmiEventOf,
  AmiTypedEventListeners,
  EventNameField,
  UnknownAmiEvent,
} from './events.js';
export type {
  AmiClientOptions,
  AmiEventFilterOptions,
  AmiKeepaliveOptions,
  AmiOverflowPolicy,
  AmiQueueOptions,
  AmiReconnectOptions,
  ResolvedAmiClientOptions,
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
export type {
  BridgeSnapshot,
  ChannelSnapshot,
  DestChannelSnapshot,
  FromBridgeSnapshot,
  LocalOneChannelSnapshot,
  LocalTwoChannelSnapshot,
  OptionalBridgeSnapshot,
  OptionalChannelSnapshot,
  OptionalOrigBridgeSnapshot,
  OptionalSecondBridgeSnapshot,
  OptionalSecondTransfererChannelSnapshot,
  OptionalTransfereeChannelSnapshot,
  OptionalTransferTargetChannelSnapshot,
  OrigBridgeSnapshot,
  OrigTransfererChannelSnapshot,
  SecondBridgeSnapshot,
  SecondTransfererChannelSnapshot,
  ToBridgeSnapshot,
  TransfereeChannelSnapshot,
  TransfererChannelSnapshot,
  TransferTargetChannelSnapshot,
} from './snapshots.js';
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
