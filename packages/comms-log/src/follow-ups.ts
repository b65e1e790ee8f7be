import type { EventEmitter } from 'eventemitter3';
import type { CommsLogEvents } from './events.js';
import { uuidv7 } from './internal/ids.js';
import { isCallEnded } from './status.js';
import type { CommsLogStore, FollowUpChanges, FollowUpStep } from './store.js';
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
 * The follow-up step one written call entry brings, if any (research/crm-anchors.md §4, item 13): a newly
 * missed inbound call opens (or joins) the caller's follow-up unless we spoke to or called the number since;
 * an answered inbound call or any new outbound call to the number closes the caller's older open follow-ups.
 * Pure: `now` gives the new follow-up's id and the close's time.
 */
export function followUpStep(
  entry: CommsEntry,
  previous: CommsEntry | undefined,
  now: Date,
): FollowUpStep | undefined {
  const phone = entry.counterpart.phone;
  if (entry.channel !== 'call' || phone === undefined || entry.match === 'excluded') return undefined;
  if (isMissedCall(entry) && !isMissedCall(previous))
    return { kind: 'open', id: uuidv7(now.getTime()), phone, missedAt: entry.occurredAt };
  const closes =
    (entry.direction === 'outbound' && previous === undefined) ||
    (entry.direction === 'inbound' && answered(entry) && !answered(previous));
  if (!closes) return undefined;
  // A call first recorded as missed and later corrected to answered settles its own follow-up too.
  const before = isMissedCall(previous) ? new Date(entry.occurredAt.getTime() + 1) : entry.occurredAt;
  return {
    kind: 'close',
    phone,
    before,
    at: now,
    reason: entry.direction === 'outbound' ? 'called-back' : 'answered',
  };
}

/**
 * Applies a follow-up step of `entry`: through the store's `applyFollowUpStep` when it has one, else with its
 * one-phone methods. Every store step is idempotent, so replays and retries are harmless.
 */
export async function applyFollowUpStep(
  store: CommsLogStore,
  entry: CommsEntry,
  step: FollowUpStep,
): Promise<FollowUpChanges> {
  if (store.applyFollowUpStep) return store.applyFollowUpStep(step, entry);
  if (step.kind === 'close') {
    const { phone, ...close } = step;
    return { closed: await store.closeFollowUps(phone, { ...close, entryId: entry.id }) };
  }
  // A late missed-call record must not reopen what a later callback already settled.
  if (await store.hasContactSince(step.phone, step.missedAt)) return { closed: [] };
  const opened = await store.openFollowUp({
    id: step.id,
    phone: step.phone,
    customerId: entry.customerId,
    entryId: entry.id,
    missedAt: step.missedAt,
  });
  return { opened, closed: [] };
}

/** Emits what a follow-up step changed: `followUpOpened` (unless a replay changed nothing), `followUpClosed`. */
export function reportFollowUps(
  events: Pick<EventEmitter<CommsLogEvents>, 'emit'>,
  changes: FollowUpChanges,
): void {
  if (changes.opened?.changed) events.emit('followUpOpened', changes.opened.followUp, changes.opened.created);
  for (const f of changes.closed) events.emit('followUpClosed', f);
}

/** Keeps missed-call follow-ups in step with one written call entry ({@link followUpStep}), reporting on `events`. */
export async function trackFollowUps(
  store: CommsLogStore,
  events: Pick<EventEmitter<CommsLogEvents>, 'emit'>,
  entry: CommsEntry,
  previous: CommsEntry | undefined,
  now: Date,
): Promise<void> {
  const step = followUpStep(entry, previous, now);
  if (step) reportFollowUps(events, await applyFollowUpStep(store, entry, step));
}
