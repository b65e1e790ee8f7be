import type { YeastarEvent } from './events.js';
import type { CallMember } from './types.js';

function memberState(members: CallMember[]): string {
  return members.map((m) => `${m.kind}:${m.number ?? m.from ?? ''}>${m.to ?? ''}@${m.channelId}=${m.status}`).join(',');
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
  readonly #maxKeys: number;
  // Insertion-ordered: the first entry is always the oldest.
  readonly #seen = new Map<string, number>();

  /** Creates a deduplicator. */
  constructor(options: EventDeduplicatorOptions = {}) {
    this.#windowMs = options.windowMs ?? 300_000;
    this.#maxKeys = options.maxKeys ?? 50_000;
  }

  /** Returns true the first time an event is offered within the window, false for a duplicate. */
  accept(event: YeastarEvent, now: number): boolean {
    if (event.kind === 'bootUp' || event.kind === 'extensionCallStatus' || event.kind === 'extensionRegistration') {
      // State pings that legitimately repeat; consumers treat them idempotently.
      return true;
    }
    return this.acceptKey(eventKey(event), now);
  }

  /** Same as {@link EventDeduplicator.accept} for a precomputed key. */
  acceptKey(key: string, now: number): boolean {
    this.#evict(now);
    const seenAt = this.#seen.get(key);
    if (seenAt !== undefined && now - seenAt < this.#windowMs) return false;
    this.#seen.delete(key);
    this.#seen.set(key, now);
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
    for (const [key, at] of this.#seen) {
      if (now - at < this.#windowMs) break;
      this.#seen.delete(key);
    }
  }
}
