import type { CommsLogError } from './errors.js';
import type { MatchResult } from './matching.js';
import type { CommsEntry, FollowUp, Handle } from './types.js';

/** An entry's match at one moment. */
export interface MatchSnapshot extends MatchResult {
  /** Whether the link was pinned. */
  pinned: boolean;
}

/** One entry whose match changed. */
export interface RelinkChange {
  /** The entry after the change. */
  entry: CommsEntry;
  /** The match before. */
  previous: MatchSnapshot;
}

/** Payload of the `relinked` event. */
export interface RelinkedEvent {
  /**
   * Why: `handles` (a customer's handles changed), `merge` (two customers merged), `link` / `unlink` (a user
   * linked or unlinked an entry by hand).
   */
  reason: 'handles' | 'merge' | 'link' | 'unlink';
  /** The customer whose change caused it (for `merge`, the surviving one). */
  customerId?: string;
  /** For `merge`, the customer merged away. */
  mergedCustomerId?: string;
  /** The handles involved (for `handles` and `merge`). */
  handles: Handle[];
  /** The entries whose match changed. */
  changes: RelinkChange[];
}

/** The events of a {@link CommsLog}, for the server's real-time push. */
export interface CommsLogEvents {
  /** A new entry was stored. */
  recorded: [entry: CommsEntry];
  /** An entry changed (status moved forward, fields filled, match changed by a later observation). */
  updated: [entry: CommsEntry, previous: CommsEntry];
  /** Entries were linked to other customers (relink, merge, manual link or unlink). */
  relinked: [event: RelinkedEvent];
  /** A missed call opened a follow-up, or joined an open one. */
  followUpOpened: [followUp: FollowUp, created: boolean];
  /** A follow-up was closed (automatically or by hand). */
  followUpClosed: [followUp: FollowUp];
  /** A background step failed (follow-up bookkeeping after an entry was durably written). */
  error: [error: CommsLogError];
  /** Diagnostics; never carries message bodies. */
  debug: [message: string];
}
