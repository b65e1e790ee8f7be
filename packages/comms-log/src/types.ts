/** The kind of conversation item an entry records. */
export type Channel = 'call' | 'whatsapp' | 'sms' | 'email' | 'note';

/** Which way an item went, seen from our side (shared vocabulary, DESIGN.md). */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** How a call ended (shared vocabulary, DESIGN.md). */
export type CallDisposition = 'answered' | 'missed' | 'busy' | 'failed' | 'voicemail' | 'abandoned';

/**
 * A call entry's status: `ringing` and `ongoing` while the call is live, then its disposition.
 * Lifecycle updates fold into one entry and never move back (ringing → ongoing → disposition).
 */
export type CallStatus = 'ringing' | 'ongoing' | CallDisposition;

/**
 * A message entry's status. Outbound: `pending` < `sent` < `delivered` < `read`; `failed` is terminal.
 * Inbound messages start as `received` (same rank as `sent`) and may become `read`.
 */
export type MessageStatus = 'pending' | 'sent' | 'received' | 'delivered' | 'read' | 'failed';

/** Any entry status: a call status for calls, a message status for messages, `logged` for notes. */
export type EntryStatus = CallStatus | MessageStatus | 'logged';

/**
 * How an entry relates to the host application's customers: `matched` (one customer), `unmatched` (none),
 * `ambiguous` (several customers share the handle; the candidates are kept) or `excluded` (our own numbers,
 * extensions and internal calls).
 */
export type MatchState = 'matched' | 'unmatched' | 'ambiguous' | 'excluded';

/**
 * The kinds of customer handle the index knows: an E.164 phone number, a WhatsApp `wa_id`, a WhatsApp
 * business-scoped user id and an e-mail address. They are separate kinds: a `wa_id` is not a phone number.
 */
export type HandleKind = 'phone' | 'waId' | 'bsuid' | 'email';

/** One handle of a customer: a kind and its canonical value (E.164 for phones, lower case for e-mail). */
export interface Handle {
  /** The handle's kind. */
  kind: HandleKind;
  /** The canonical value. */
  value: string;
}

/** A handle and one customer holding it. */
export interface HandleOwner extends Handle {
  /** The customer. */
  customerId: string;
}

/** What replacing a customer's handles changed. */
export interface HandleChanges {
  /** Handles the customer gained. */
  added: Handle[];
  /** Handles the customer lost. */
  removed: Handle[];
}

/** The other party of an entry: whichever handles the provider gave, plus a display name. */
export interface Counterpart {
  /** E.164 phone number, e.g. `+306974015758`. */
  phone?: string;
  /** WhatsApp `wa_id` (digits, no `+`). */
  waId?: string;
  /** WhatsApp business-scoped user id. */
  bsuid?: string;
  /** E-mail address (lower case). */
  email?: string;
  /** Display name as the provider gave it. */
  name?: string;
}

/** An error a provider reported for a message (e.g. a WhatsApp `failed` status). */
export interface EntryError {
  /** The provider's error code. */
  code: string;
  /** The provider's message. */
  message: string;
}

/** One leg of a call: a channel or ring-group member (shared vocabulary). */
export interface CallLeg {
  /** The leg id (Asterisk Uniqueid, Yeastar member id). */
  id: string;
  /** Our extension on this leg. */
  extension?: string;
  /** The number on this leg. */
  number?: string;
  /** The display name on this leg. */
  name?: string;
  /** The channel name (Asterisk). */
  channel?: string;
  /** When the leg started ringing. */
  ringingAt?: Date;
  /** When the leg was answered. */
  answeredAt?: Date;
  /** When the leg ended. */
  endedAt?: Date;
  /** How the leg ended. */
  disposition?: CallDisposition;
}

/** A transfer during a call (shared vocabulary). */
export interface CallTransfer {
  /** Blind, attended or a forward. */
  kind: 'blind' | 'attended' | 'forward';
  /** When it happened. */
  at: Date;
  /** Who was transferred away from. */
  from?: string;
  /** Where the call went. */
  to: string;
  /** Who made the transfer. */
  by?: string;
}

/**
 * Channel specifics of an entry. Known keys are typed and merged by rule (timestamps set once, durations
 * grow, legs merge by id); any other key is kept as given and set once.
 */
export interface EntryData {
  /** The PBX connection or serial the call came from. */
  pbx?: string;
  /** Our extension that rang or answered (calls) or handled the message. */
  extension?: string;
  /** The trunk the call used. */
  trunk?: string;
  /** The DID the caller dialled. */
  did?: string;
  /** When the call was answered (earliest seen). */
  answeredAt?: Date;
  /** When the call ended (latest seen). */
  endedAt?: Date;
  /** Seconds the call rang before it was answered or given up. */
  ringSeconds?: number;
  /** Seconds of conversation. */
  talkSeconds?: number;
  /** A reference to the recording (path or URL). */
  recording?: string;
  /** Per-channel or per-member legs of a call. */
  legs?: CallLeg[];
  /** Transfers during a call. */
  transfers?: CallTransfer[];
  /** The call overlapped a connection gap, so some of it may be missing. */
  incomplete?: boolean;
  /** When the message was sent (earliest seen). */
  sentAt?: Date;
  /** When the message was delivered (earliest seen). */
  deliveredAt?: Date;
  /** When the message was read (earliest seen). */
  readAt?: Date;
  /** When the message failed (earliest seen). */
  failedAt?: Date;
  /** Anything else the host application wants to keep with the entry (set once per key). */
  [key: string]: unknown;
}

/** One row of the communications log: a call, a message or a note. */
export interface CommsEntry {
  /** Our id (a UUID). */
  id: string;
  /** Where the entry came from: `asterisk`, `yeastar`, `whatsapp`, `manual`, … */
  source: string;
  /** The idempotency key within `source`: a Linkedid, a Yeastar call_id, a wamid, a client key. */
  externalId: string;
  /** The kind of item. */
  channel: Channel;
  /** Which way it went. */
  direction: CallDirection;
  /** When it happened (a call's start, a message's timestamp). */
  occurredAt: Date;
  /** The other party. */
  counterpart: Counterpart;
  /** The match state. */
  match: MatchState;
  /** The customer, when `match` is `matched`. */
  customerId?: string;
  /** The customers sharing the handle, when `match` is `ambiguous` (sorted). */
  candidates: string[];
  /** A manual link: never changed by automatic matching or relinking. */
  pinned: boolean;
  /** The message text or note. */
  body?: string;
  /** The status (see {@link EntryStatus}). */
  status: EntryStatus;
  /** The provider's error, for failed messages. */
  error?: EntryError;
  /** Channel specifics. */
  data: EntryData;
  /** Who created a manual entry. */
  createdBy?: string;
  /** When the log first stored the entry. */
  createdAt: Date;
  /** When the log last changed the entry. */
  updatedAt: Date;
  /** Optimistic concurrency version, incremented on every change. */
  version: number;
}

/**
 * What `record` accepts: one observation of a call, a message or a note. Dates may also be ISO strings or epoch
 * milliseconds. Later observations with the same `(source, externalId)` merge into the same entry.
 */
export interface RecordInput {
  /** Where it came from: `asterisk`, `yeastar`, `whatsapp`, `manual`, … (1–64 characters). */
  source: string;
  /** The idempotency key within `source`: Linkedid, Yeastar call_id, wamid, a client idempotency key. */
  externalId: string;
  /** The kind of item. */
  channel: Channel;
  /** Which way it went. */
  direction: CallDirection;
  /** When it happened. */
  occurredAt: Date | string | number;
  /** The other party's handles and name. */
  counterpart?: Counterpart;
  /** Message text or note (at most `maxBodyBytes` UTF-8 bytes). */
  body?: string;
  /** Required for calls; messages default to `received` (inbound) or `pending` (outbound); notes are `logged`. */
  status?: EntryStatus;
  /** The provider's error (failed messages). */
  error?: EntryError;
  /** Channel specifics. */
  data?: EntryData;
  /** Who created a manual entry (a user id). */
  createdBy?: string;
  /** Link to this customer and pin the link (manual notes and logged calls). */
  customerId?: string;
}

/** An open or closed missed-call follow-up: one open follow-up per unanswered inbound caller. */
export interface FollowUp {
  /** Our id (a UUID). */
  id: string;
  /** The caller's E.164 number. */
  phone: string;
  /** The caller's customer, when matched. */
  customerId?: string;
  /** `open` until a later answered call or an outbound call to the number (or a user) closes it. */
  state: 'open' | 'closed';
  /** The missed call entries this follow-up covers (ids, oldest first). */
  entryIds: string[];
  /** When the first missed call of this follow-up started. */
  firstMissedAt: Date;
  /** When the latest missed call of this follow-up started. */
  lastMissedAt: Date;
  /** When it was closed. */
  closedAt?: Date;
  /** Why it was closed. */
  closedReason?: 'answered' | 'called-back' | 'manual';
  /** The entry that closed it (an answered or outbound call). */
  closedByEntryId?: string;
  /** Who closed it manually. */
  closedBy?: string;
}

/** One page of a keyset-paginated query, newest first. */
export interface Page<T> {
  /** The items of this page. */
  items: T[];
  /** The cursor of the next page, absent on the last page. */
  nextCursor?: string;
}
