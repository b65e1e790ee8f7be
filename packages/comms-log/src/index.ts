/**
 * Storage-agnostic communications log (calls, WhatsApp, notes): idempotent writes, customer matching and
 * re-linking, inbox queries and call statistics. Stores: `@pbxkit/comms-log/memory`,
 * `@pbxkit/comms-log/postgres`; conformance suite: `@pbxkit/comms-log/testing`.
 *
 * @packageDocumentation
 */

export { type CallEntryOptions, callEntryFromRecord, type CallRecord } from './call-entry.js';
export { CommsLog, createCommsLog, type PageOptions, type RecordResult } from './comms-log.js';
export { decodeCursor, encodeCursor } from './cursor.js';
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
export type { CommsLogEvents, RelinkChange, RelinkedEvent } from './events.js';
export { isMissedCall } from './follow-ups.js';
export { type ExclusionRules, handleKey, handlesOf, isExcluded, type MatchResult, resolveMatch } from './matching.js';
export { createEntry, type MergeResult, mergeData, mergeEntry } from './merge.js';
export {
  type CommsLogOptions,
  commsLogOptionsSchema,
  type ResolvedCommsLogOptions,
  resolveCommsLogOptions,
} from './options.js';
export {
  counterpartSchema,
  handleSchema,
  type ParsedRecordInput,
  type RecordInput,
  recordInputSchema,
} from './schemas.js';
export { type CallStats, type CallStatsFigures, emptyCallSums, summarizeCallStats, zonedDayHour } from './stats.js';
export { defaultStatus, isCallEnded, joinStatus, statusScore } from './status.js';
export type {
  CallStatsCell,
  CommsLogStore,
  EntryFilter,
  EntryPosition,
  FollowUpFilter,
  FollowUpPosition,
  OpenFollowUpResult,
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
  HandleKind,
  MatchState,
  MessageStatus,
  Page,
} from './types.js';
