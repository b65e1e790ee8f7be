import type {
  CallDirection,
  Channel,
  CommsEntry,
  EntryStatus,
  FollowUp,
  Handle,
  HandleChanges,
  HandleOwner,
  MatchState,
} from './types.js';

/** Inbox and timeline filters; every field narrows the result (AND), an array means any of. */
export interface EntryFilter {
  /** Only these channels. */
  channel?: Channel | Channel[];
  /** Only these directions. */
  direction?: CallDirection | CallDirection[];
  /** Only these statuses. */
  status?: EntryStatus | EntryStatus[];
  /** Only these match states. */
  match?: MatchState | MatchState[];
  /** Only this customer's entries. */
  customerId?: string;
  /** Only entries with this counterpart phone (exact, E.164): an unknown caller's history. */
  phone?: string;
  /** Only entries of this extension (`data.extension`). */
  extension?: string;
  /** Case-insensitive (ASCII) substring of the body, the counterpart's name or phone. */
  text?: string;
  /** Only entries that occurred at or after this time. */
  from?: Date;
  /** Only entries that occurred before this time. */
  to?: Date;
}

/** A position in the newest-first order `(occurredAt DESC, id DESC)`: the last item of the previous page. */
export interface EntryPosition {
  /** The last item's `occurredAt`. */
  occurredAt: Date;
  /** The last item's id. */
  id: string;
}

/** A position in the follow-up order `(lastMissedAt DESC, id DESC)`. */
export interface FollowUpPosition {
  /** The last item's `lastMissedAt`. */
  lastMissedAt: Date;
  /** The last item's id. */
  id: string;
}

/** Follow-up filters. */
export interface FollowUpFilter {
  /** Only open or only closed follow-ups. */
  state?: 'open' | 'closed';
  /** Only this customer's follow-ups. */
  customerId?: string;
  /** Only this caller's follow-ups. */
  phone?: string;
}

/** Call counts and sums of a group of calls (only calls whose status is a disposition count). */
export interface CallSums {
  /** Inbound calls that ended. */
  offered: number;
  /** Inbound calls answered. */
  answered: number;
  /** Sum of `ringSeconds` over answered inbound calls. */
  answeredRingSeconds: number;
  /** Sum of `ringSeconds` over unanswered inbound calls (how long callers waited before giving up). */
  missedRingSeconds: number;
  /** Sum of `talkSeconds` over answered inbound calls. */
  talkSeconds: number;
  /** Outbound calls that ended. */
  outbound: number;
  /** Outbound calls answered. */
  outboundAnswered: number;
  /** Sum of `talkSeconds` over answered outbound calls. */
  outboundTalkSeconds: number;
}

/** The sums of the calls of one local hour (in the requested time zone). */
export interface CallStatsTimeCell extends CallSums {
  /** This cell groups by local time. */
  kind: 'time';
  /** The local date, `YYYY-MM-DD`. */
  day: string;
  /** The local hour of day, 0–23. */
  hour: number;
}

/** The sums of the calls of one extension over the whole range. */
export interface CallStatsExtensionCell extends CallSums {
  /** This cell groups by extension. */
  kind: 'extension';
  /** The extension (`data.extension`), or null for calls without one. */
  extension: string | null;
}

/**
 * What a store aggregates for call statistics: one time cell per local hour with calls and one extension
 * cell per extension, each over the whole range. The log turns cells into rates and averages, so the metric
 * definitions live in one place (`summarizeCallStats`).
 */
export type CallStatsCell = CallStatsTimeCell | CallStatsExtensionCell;

/** What a store's `listEntriesPage` found. */
export interface EntryListPage {
  /** Entries newest first `(occurredAt DESC, id DESC)`, strictly after the page's `after`, at most its `limit`. */
  entries: CommsEntry[];
  /**
   * Set when the store stopped looking before it had `limit` entries or reached the end, to bound the call's
   * work: every entry before this position was searched, and the next page goes on strictly after it.
   */
  resumeAfter?: EntryPosition | undefined;
}

/** What a store's `lookup` found. */
export interface EntryLookup {
  /** The entry of the key, if there is one. */
  entry: CommsEntry | undefined;
  /** Every (handle, customer) pair among the handles asked about. */
  owners: HandleOwner[];
}

/** What a store's `insertOrGet` did. */
export interface InsertOrGetResult {
  /** True when the entry was inserted; `entry` is then the stored row, matched. */
  inserted: boolean;
  /**
   * The inserted entry, or the entry already holding the key; undefined when that one was committed by a
   * concurrent writer after the store's read (the caller retries).
   */
  entry: CommsEntry | undefined;
  /**
   * What the store did to follow-ups in the same statement: present exactly when the item had a
   * {@link InsertOrGetItem.followUp} step, the entry was inserted, and the store applied the step. When it is
   * absent the log applies the step itself (`applyFollowUpStep`, or `hasContactSince`, `openFollowUp` and
   * `closeFollowUps`).
   */
  followUps?: FollowUpChanges | undefined;
}

/** One new entry for a store's `insertOrGetMany`. */
export interface InsertOrGetItem {
  /** The entry to insert if its `(source, externalId)` is new. */
  entry: CommsEntry;
  /** Match it from the handle index in the same statement (else its own match is stored). */
  match: boolean;
  /**
   * Optional: the follow-up step the entry brings if it is inserted. A store may apply it in the same
   * statement (one commit for the call and its follow-up) and say so with `followUps` in the result; a store
   * may also ignore it. The log sends a step only for a phone that no other item of the same batch has.
   */
  followUp?: FollowUpStep | undefined;
}

/** A missed call's follow-up step: join the caller's open follow-up, or open one (see {@link FollowUpStep}). */
export interface OpenFollowUpStep {
  /** Open (or join). */
  kind: 'open';
  /** The id of the follow-up if a new one is opened. */
  id: string;
  /** The caller's number. */
  phone: string;
  /** When the missed call started: contact with `phone` after it settles the step (nothing opens). */
  missedAt: Date;
}

/** A call that reached the caller: close the caller's older open follow-ups (see {@link FollowUpStep}). */
export interface CloseFollowUpStep {
  /** Close. */
  kind: 'close';
  /** The caller's number. */
  phone: string;
  /** Close the open follow-ups whose last missed call is before this. */
  before: Date;
  /** When they are closed. */
  at: Date;
  /** Why: an answered inbound call, or an outbound call to the number. */
  reason: 'answered' | 'called-back';
}

/**
 * The follow-up bookkeeping one written call brings (decided by the log). `open`: the call was missed, so
 * unless an answered inbound or an outbound call with the phone occurred after it, it joins the caller's open
 * follow-up or opens one. `close`: the call reached the caller, so the caller's older open follow-ups close.
 * The entry's own id is the missed call (`open`) or the closing call (`close`); the follow-up's customer is
 * the entry's.
 */
export type FollowUpStep = OpenFollowUpStep | CloseFollowUpStep;

/** What applying one {@link FollowUpStep} changed: what the log reports as `followUpOpened`/`followUpClosed`. */
export interface FollowUpChanges {
  /** The open follow-up the missed call joined or opened; absent when contact since settled it. */
  opened?: OpenFollowUpResult | undefined;
  /** The follow-ups closed, closed. */
  closed: FollowUp[];
}

/** A missed call to add to its caller's open follow-up. */
export interface OpenFollowUpInput {
  /** The id of the follow-up if a new one is opened. */
  id: string;
  /** The caller's number. */
  phone: string;
  /** The caller's customer, when matched. */
  customerId?: string | undefined;
  /** The missed call entry. */
  entryId: string;
  /** When the missed call started. */
  missedAt: Date;
}

/** What a store's `openFollowUp` did. */
export interface OpenFollowUpResult {
  /** The open follow-up after the write. */
  followUp: FollowUp;
  /** True when a new follow-up was opened, false when the missed call joined an open one (or was in it). */
  created: boolean;
  /** False when the missed call was already part of it (a replay). */
  changed: boolean;
}

/**
 * The storage port of the comms log. Every method is one atomic write or read: the log composes them with
 * optimistic concurrency (`version`), and the `(source, externalId)` uniqueness makes `insertEntry`
 * idempotent, so no method needs a lock. Run `testCommsLogStore` from `@pbxkit/comms-log/testing` against an
 * implementation to check it. Failures should be thrown as `CommsLogStoreError` (retryable for outages).
 */
export interface CommsLogStore {
  /** Inserts a new entry; false (and nothing written) when `(source, externalId)` already exists. */
  insertEntry(entry: CommsEntry): Promise<boolean>;
  /** Replaces an entry if its stored version is still `expectedVersion` (compare-and-set); false otherwise. */
  updateEntry(entry: CommsEntry, expectedVersion: number): Promise<boolean>;
  /** One entry by id. */
  getEntry(id: string): Promise<CommsEntry | undefined>;
  /** Optional batch insert: inserts the entries whose key is new; returns the ids inserted. */
  insertEntries?(entries: CommsEntry[]): Promise<string[]>;
  /** Optional batch compare-and-set; returns the ids replaced. */
  updateEntries?(updates: Array<{ entry: CommsEntry; expectedVersion: number }>): Promise<string[]>;
  /** Optional batch read by idempotency keys. */
  getEntriesByKeys?(keys: Array<{ source: string; externalId: string }>): Promise<CommsEntry[]>;
  /**
   * Optional: one entry by key and the owners of `handles`, in one round trip (saves `record` a statement
   * for every new entry).
   */
  lookup?(source: string, externalId: string, handles: Handle[]): Promise<EntryLookup>;
  /**
   * Optional: `record()` in one round trip for a new key. Inserts `entry` unless its `(source, externalId)`
   * exists, in one atomic statement; with `match` the entry's match comes from the owners of its counterpart
   * handles in that same statement (none: `unmatched`, one: `matched`, several: `ambiguous` with the sorted
   * candidates); without it the entry's own match is stored. When the key exists, writes nothing and
   * returns the stored entry (so the caller merges into it without another read). `followUp` as for
   * {@link CommsLogStore.insertOrGetMany}.
   */
  insertOrGet?(
    entry: CommsEntry,
    options: { match: boolean; followUp?: FollowUpStep | undefined },
  ): Promise<InsertOrGetResult>;
  /**
   * Optional: {@link CommsLogStore.insertOrGet} for a batch, in ONE atomic statement (a coalesced batch of
   * new entries costs one round trip and one commit). Each item's entry is inserted unless its key exists,
   * matched from the handle index when `match` is set; the result at the same index says what happened, as
   * `insertOrGet` would: inserted (the stored row), or the entry already holding the key, or no entry when
   * that one was committed by a concurrent writer after the statement's snapshot (the caller retries). Keys
   * must be distinct within one call.
   */
  insertOrGetMany?(items: InsertOrGetItem[]): Promise<InsertOrGetResult[]>;
  /**
   * Optional, with `insertOrGet`/`insertOrGetMany`: resolves once every one of those calls that read the
   * handle index before this call has committed. A store that has it promises that an entry they match is
   * either matched against a handle change that committed before, or visible to reads made after
   * `settleMatches()` resolves. The log calls it after a handle change and before its relink scans, and then
   * does not look up a new unmatched entry a second time after its insert (one round trip saved per write).
   * Without it, the log does that second lookup.
   */
  settleMatches?(): Promise<void>;
  /** Optional batch handle lookup: every (handle, customer) pair among these handles. */
  findHandleOwners?(handles: Handle[]): Promise<Array<HandleOwner>>;
  /** One entry by its idempotency key. */
  getEntryByKey(source: string, externalId: string): Promise<CommsEntry | undefined>;
  /** Entries matching `filter`, newest first `(occurredAt DESC, id DESC)`, strictly after `after`. */
  listEntries(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
  ): Promise<CommsEntry[]>;
  /**
   * Optional: `listEntries` that may stop early to bound each call's work, saying where it stopped
   * (`resumeAfter`). A text filter that matches few rows among many would otherwise read rows until the page
   * fills or the table ends. The log's `inbox` and `timeline` use it when the store has it, and give a short
   * (even empty) page a `nextCursor` at `resumeAfter`.
   */
  listEntriesPage?(
    filter: EntryFilter,
    page: { after?: EntryPosition | undefined; limit: number },
  ): Promise<EntryListPage>;
  /** Entries whose counterpart has any of these handles, by id ascending, after `afterId` (relinking). */
  listEntriesByHandles(
    handles: Handle[],
    page: { afterId?: string | undefined; limit: number },
  ): Promise<CommsEntry[]>;
  /** Replaces a customer's handles; returns what was added and removed. */
  replaceCustomerHandles(customerId: string, handles: Handle[]): Promise<HandleChanges>;
  /** A customer's handles. */
  getCustomerHandles(customerId: string): Promise<Handle[]>;
  /** The distinct customers holding any of these handles. */
  findCustomersByHandles(handles: Handle[]): Promise<string[]>;
  /** Call cells of `[from, to)` bucketed in `timeZone` (only calls whose status is a disposition). */
  callStatsCells(range: { from: Date; to: Date; timeZone: string }): Promise<CallStatsCell[]>;
  /** Whether an answered (or ongoing) inbound call or any outbound call with this phone occurred after `after`. */
  hasContactSince(phone: string, after: Date): Promise<boolean>;
  /**
   * Adds a missed call to the caller's open follow-up, opening one (with `id`) if there is none: at most
   * one open follow-up per phone, whatever the concurrency.
   */
  openFollowUp(input: OpenFollowUpInput): Promise<OpenFollowUpResult>;
  /** Closes the caller's open follow-ups whose last missed call is before `before`; returns them closed. */
  closeFollowUps(
    phone: string,
    close: { before: Date; at: Date; reason: 'answered' | 'called-back'; entryId: string },
  ): Promise<FollowUp[]>;
  /**
   * Optional: applies one written call's follow-up step as one atomic change and returns what changed (the log
   * otherwise applies it with `hasContactSince`, `openFollowUp` and `closeFollowUps`, which another writer can
   * interleave with). `entry` is the call: the missed call an `open` adds, or the call that closes. A store
   * that has it must check for contact and open, or close, under one lock per phone and in a view taken after
   * the lock, so that a miss and a later answered call of the phone, written at the same moment, leave no
   * follow-up open. A replayed miss changes nothing and reports no `opened`.
   */
  applyFollowUpStep?(
    step: FollowUpStep,
    entry: { id: string; customerId?: string | undefined },
  ): Promise<FollowUpChanges>;
  /** Closes one open follow-up by hand; undefined when it does not exist, unchanged when already closed. */
  closeFollowUp(id: string, close: { at: Date; by?: string | undefined }): Promise<FollowUp | undefined>;
  /** Sets the customer of the open follow-ups of a phone (after a relink). */
  setFollowUpCustomer(phone: string, customerId: string | undefined): Promise<void>;
  /** Follow-ups, newest missed call first. */
  listFollowUps(
    filter: FollowUpFilter,
    page: { after?: FollowUpPosition | undefined; limit: number },
  ): Promise<FollowUp[]>;
}
