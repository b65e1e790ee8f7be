import type { CallStatus, Channel, EntryStatus, MessageStatus } from './types.js';

// Calls: ringing 10 < ongoing 20 < ended 30 (research/crm-anchors.md §2, merge rules). Between two
// different dispositions of one call (a replay from another tracker after failover), the one carrying
// more evidence wins, so any arrival order converges: answered > voicemail > busy > abandoned > missed > failed.
const CALL_SCORE: Record<CallStatus, number> = {
  ringing: 100,
  ongoing: 200,
  failed: 301,
  missed: 302,
  abandoned: 303,
  busy: 304,
  voicemail: 305,
  answered: 306,
};

// Messages: pending < sent/received < delivered < read; `failed` is terminal and absorbs (issue 7), so a
// status stream converges whatever order Meta delivers it in (Chatwoot #14529 regressed read → delivered).
const MESSAGE_SCORE: Record<MessageStatus, number> = {
  pending: 0,
  received: 100,
  sent: 101,
  delivered: 200,
  read: 300,
  failed: 400,
};

/** The order of a status within its channel; a higher score never gives way to a lower one. */
export function statusScore(channel: Channel, status: EntryStatus): number {
  if (channel === 'note') return 0;
  if (channel === 'call') return CALL_SCORE[status as CallStatus] ?? -1;
  return MESSAGE_SCORE[status as MessageStatus] ?? -1;
}

/** The status after seeing both: the one further along (a late or reordered event never regresses it). */
export function joinStatus(channel: Channel, current: EntryStatus, incoming: EntryStatus): EntryStatus {
  return statusScore(channel, incoming) > statusScore(channel, current) ? incoming : current;
}

/** Whether a call status means the call is over (its disposition is known). */
export function isCallEnded(status: EntryStatus): boolean {
  return (CALL_SCORE[status as CallStatus] ?? 0) >= 300;
}

/** The status a new entry gets when the input has none. */
export function defaultStatus(channel: Channel, direction: string): EntryStatus {
  if (channel === 'note') return 'logged';
  if (channel === 'call') return 'ringing';
  return direction === 'inbound' ? 'received' : 'pending';
}
