import type { YeastarEvent } from './events.js';
import type { CallMember } from './types.js';

function memberState(members: CallMember[]): string {
  // Order carries no meaning (S-Series sends its two BYE reports with the parties swapped).
  return members
    .map((m) => `${m.kind}:${m.number ?? m.from ?? ''}>${m.to ?? ''}@${m.channelId}=${m.status}`)
    .sort()
    .join(',');
}

/**
 * The identity of an event for duplicate detection: PBX serial + call id + event + member state
 * (issue 4). CDRs use `uid` when present, else their content; events without a call id use their payload.
 * Webhook re-deliveries, make-before-break WebSocket overlap and S-Series re-sends all collapse to one key.
 */
export function eventKey(event: YeastarEvent): string {
  const sn = event.sn ?? '';
  switch (event.kind) {
    case 'callStateChanged':
    case 'callForward':
    case 'inboundCallInvitation':
      return `${sn}|${event.type}|${event.callId}|${memberState(event.members)}`;
    case 'callTransfer':
      return `${sn}|${event.type}|${event.callId}|${event.transferType}|${memberState(event.members)}`;
    case 'callFailed':
      return `${sn}|${event.type}|${event.callId}|${event.reason}|${memberState(event.members)}`;
    case 'newCdr': {
      const c = event.cdr;
      return `${sn}|30012|${c.callId}|${c.uid ?? `${c.timeStart}|${c.from}|${c.to}|${c.status}|${c.callDuration}|${c.talkDuration}`}`;
    }
    case 'bootUp':
      return `${sn}|bootUp`;
    default:
      return `${sn}|${event.type}|${JSON.stringify(event.msg)}`;
  }
}

/** Options of {@link EventDeduplicator}. */
export interface EventDeduplicatorOptions {
  /**
   * How long a key is remembered, in ms.
   * @defaultValue 300000
   */
  windowMs?: number;
  /**
   * Window (ms) for state pings (30007 registration, 30008 call status, 30009 presence): short, because the
   * same ping legitimately repeats on the next call, while copies from two transports arrive together.
   * @defaultValue 2000
   */
  stateWindowMs?: number;
  /**
   * Most keys remembered (oldest forgotten first), bounding memory under floods.
   * @defaultValue 50000
   */
  maxKeys?: number;
}

/**
 * Drops events already seen within a time window. Pure: the caller passes `now` (no timers).
 * Non-call events that legitimately repeat (30008 Ringing → Idle → Ringing) are only dropped when the
 * identical payload repeats inside the window.
 */
export class EventDeduplicator {
  readonly #windowMs: number;
  readonly #stateWindowMs: number;
  readonly #maxKeys: number;
  // Insertion-ordered: the first entry is always the oldest.
  readonly #seen = new Map<string, { at: number; windowMs: number }>();
  #lastEvict = Number.NEGATIVE_INFINITY;

  /** Creates a deduplicator. */
  constructor(options: EventDeduplicatorOptions = {}) {
    this.#windowMs = options.windowMs ?? 300_000;
    this.#stateWindowMs = Math.min(options.stateWindowMs ?? 2_000, this.#windowMs);
    this.#maxKeys = options.maxKeys ?? 50_000;
  }

  /** Returns true the first time an event is offered within the window, false for a duplicate. */
  accept(event: YeastarEvent, now: number): boolean {
    if (event.kind === 'bootUp') return true;
    const state =
      event.kind === 'extensionCallStatus' ||
      event.kind === 'extensionRegistration' ||
      event.kind === 'extensionPresence';
    return this.acceptKey(eventKey(event), now, state ? this.#stateWindowMs : this.#windowMs);
  }

  /** Same as {@link EventDeduplicator.accept} for a precomputed key. */
  acceptKey(key: string, now: number, windowMs: number = this.#windowMs): boolean {
    // Evicting is a walk from the oldest entry; once per second of clock time is plenty.
    if (now - this.#lastEvict >= 1_000 || now < this.#lastEvict) {
      this.#lastEvict = now;
      this.#evict(now);
    }
    const seen = this.#seen.get(key);
    if (seen !== undefined && now - seen.at < seen.windowMs) return false;
    this.#seen.delete(key);
    this.#seen.set(key, { at: now, windowMs });
    if (this.#seen.size > this.#maxKeys) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  /** Number of keys currently remembered. */
  get size(): number {
    return this.#seen.size;
  }

  #evict(now: number): void {
    for (const [key, seen] of this.#seen) {
      if (now - seen.at < this.#windowMs) break;
      this.#seen.delete(key);
    }
  }
}
