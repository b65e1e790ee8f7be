/**
 * Storage-agnostic communications log (calls, WhatsApp, notes): idempotent writes, customer matching and
 * re-linking, inbox queries and call statistics. Stores: `@pbxkit/comms-log/memory`,
 * `@pbxkit/comms-log/postgres`; conformance suite: `@pbxkit/comms-log/testing`.
 *
 * @packageDocumentation
 */

export { type CallEntryOptions, type CallParty, type CallRecord, callEntryFromRecord } from './call-entry.js';
export { CommsLog, createCommsLog, type PageOptions, type RecordResult } from './comms-log.js';
export { type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';
export {
  CommsLogConfigError,
  CommsLogConflictError,
  CommsLogError,
  type CommsLogErrorCode,
  CommsLogNotFoundError,
  CommsLogStoreError,
  CommsLogValidationError,
  type ValidationIssue,
} from './errors.js';
export type { CommsLogEvents, MatchSnapshot, RelinkChange, RelinkedEvent } from './events.js';
export { isMissedCall } from './follow-ups.js';
export {
  type ExclusionRules,
  handleKey,
  handlesOf,
  isExcluded,
  type MatchResult,
  resolveMatch,
} from './matching.js';
export {
  type CommsLogOptions,
  commsLogOptionsSchema,
  type ResolvedCommsLogOptions,
} from './options.js';
export {
  type CallStats,
  type CallStatsFigures,
  callContribution,
  type DayCallStats,
  type ExtensionCallStats,
  emptyCallSums,
  type HourCallStats,
  type LocalDayHour,
  summarizeCallStats,
  zonedDayHour,
} from './stats.js';
export { isCallEnded, joinStatus, statusScore } from './status.js';
export type {
  CallStatsCell,
  CallStatsExtensionCell,
  CallStatsTimeCell,
  CallSums,
  CloseFollowUpStep,
  CommsLogStore,
  EntryFilter,
  EntryListPage,
  EntryLookup,
  EntryPosition,
  FollowUpChanges,
  FollowUpFilter,
  FollowUpPosition,
  FollowUpStep,
  InsertOrGetItem,
  InsertOrGetResult,
  OpenFollowUpInput,
  OpenFollowUpResult,
  OpenFollowUpStep,
} from './store.js';
export type {
  CallDirection,
  CallDisposition,
  CallLeg,
  CallStatus,
  CallTransfer,
  Channel,
  CommsEntry,
  Counterpart,
  EntryData,
  EntryError,
  EntryStatus,
  FollowUp,
  Handle,
  HandleChanges,
  HandleKind,
  HandleOwner,
  MatchState,
  MessageStatus,
  Page,
  RecordInput,
} from './types.js';
