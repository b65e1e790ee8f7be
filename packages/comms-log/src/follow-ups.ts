import type { EventEmitter } from 'eventemitter3';
import type { CommsLogEvents } from './events.js';
import { uuidv7 } from './internal/ids.js';
import { isCallEnded } from './status.js';
import type { CommsLogStore } from './store.js';
import type { CommsEntry } from './types.js';

const answered = (e: CommsEntry | undefined) =>
  e !== undefined && (e.status === 'ongoing' || e.status === 'answered');

/** A call-level miss: inbound, ended, no one answered (queue abandon, busy and voicemail included). */
export function isMissedCall(e: CommsEntry | undefined): boolean {
  return (
    e !== undefined &&
    e.channel === 'call' &&
    e.direction === 'inbound' &&
    isCallEnded(e.status) &&
    !answered(e)
  );
}

/**
 * Keeps missed-call follow-ups in step with one written call entry (research/crm-anchors.md §4, item 13):
 * a newly missed inbound call opens (or joins) the caller's follow-up unless we already spoke to or called
 * the number since; an answered inbound call or any outbound call to the number closes the caller's older
 * open follow-ups. Every store step is idempotent, so replays and retries are harmless.
 */
export async function trackFollowUps(
  store: CommsLogStore,
  events: Pick<EventEmitter<CommsLogEvents>, 'emit'>,
  entry: CommsEntry,
  previous: CommsEntry | undefined,
  now: Date,
): Promise<void> {
  const phone = entry.counterpart.phone;
  if (entry.channel !== 'call' || phone === undefined || entry.match === 'excluded') return;

  if (isMissedCall(entry) && !isMissedCall(previous)) {
    // A late missed-call record must not reopen what a later callback already settled.
    if (await store.hasContactSince(phone, entry.occurredAt)) return;
    const result = await store.openFollowUp({
      id: uuidv7(now.getTime()),
      phone,
      customerId: entry.customerId,
      entryId: entry.id,
      missedAt: entry.occurredAt,
    });
    if (result.changed) events.emit('followUpOpened', result.followUp, result.created);
    return;
  }

  const closes =
    (entry.direction === 'outbound' && previous === undefined) ||
    (entry.direction === 'inbound' && answered(entry) && !answered(previous));
  if (!closes) return;
  // A call first recorded as missed and later corrected to answered settles its own follow-up too.
  const before = isMissedCall(previous) ? new Date(entry.occurredAt.getTime() + 1) : entry.occurredAt;
  const closed = await store.closeFollowUps(phone, {
    before,
    at: now,
    reason: entry.direction === 'outbound' ? 'called-back' : 'answered',
    entryId: entry.id,
  });
  for (const f of closed) events.emit('followUpClosed', f);
}
