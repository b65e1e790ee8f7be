import type { YeastarEvent } from '../decode/events.js';
import type { CallMember } from '../decode/types.js';
import { DeadlineHeap } from './deadline-heap.js';
import { buildRecord, directionOf, sameCdr } from './record.js';
import { type Call, isCallerStatus, legKey } from './state.js';
import type {
  CallAnsweredEvent,
  CallParty,
  CallRingingEvent,
  CallTransfer,
  YeastarCallRecord,
} from './types.js';

/** Settings of the pure tracker core. */
export interface TrackerSettings {
  /** Fallback PBX name when events carry no `sn`. */
  pbx: string;
  /** IANA zone of the PBX (CDR `time_start` is local). */
  timeZone: string;
  /** Wait for more CDRs after the live end (ms). */
  settleMs: number;
  /** End without a CDR after this long (ms). */
  cdrTimeoutMs: number;
  /** Drop calls silent for this long (ms). */
  staleCallMs: number;
}

/** What the reducer asks its shell to emit. */
export type TrackerOutput =
  | {
      /** Screen pop. */
      type: 'callRinging';
      /** Payload. */
      event: CallRingingEvent;
    }
  | {
      /** Answer. */
      type: 'callAnswered';
      /** Payload. */
      event: CallAnsweredEvent;
    }
  | {
      /** End. */
      type: 'callEnded';
      /** The final record. */
      record: YeastarCallRecord;
    };

/**
 * The pure core of the call tracker: events in, lifecycle outputs out, no timers. `now` is passed in; the
 * shell calls {@link TrackerCore.tick} at {@link TrackerCore.nextDeadline} to end calls whose CDRs have
 * settled (one call id can produce several 30012 CDRs, and 30015 may follow the CDR).
 */
export class TrackerCore {
  readonly #s: TrackerSettings;
  readonly #calls = new Map<string, Call>();
  // Calls already ended: late duplicates for them must not open a second record.
  readonly #ended = new Map<string, number>();
  readonly #heap = new DeadlineHeap();

  constructor(settings: TrackerSettings) {
    this.#s = settings;
  }

  /** Calls in progress. */
  get size(): number {
    return this.#calls.size;
  }

  /** Marks a click-to-call so the caller's own ringing does not pop a screen. */
  noteDial(callId: string, caller: string, now: number, pbx = this.#s.pbx): void {
    const call = this.#get(pbx, callId, now, true);
    if (!call) return;
    call.originator = caller;
    this.#schedule(call);
  }

  /** Flags every live call as overlapping a connection gap. */
  noteGap(): void {
    for (const c of this.#calls.values()) c.incomplete = true;
  }

  /** Earliest time at which {@link TrackerCore.tick} has work, if any. */
  nextDeadline(): number | undefined {
    return this.#heap.peek()?.due;
  }

  #schedule(c: Call): void {
    const due = Math.min(c.deadline ?? Number.POSITIVE_INFINITY, c.lastEventAt + this.#s.staleCallMs);
    if (c.scheduledDue !== undefined && c.scheduledDue <= due) return;
    c.scheduledDue = due;
    this.#heap.push({ due, key: c.key });
  }

  /** Feeds one decoded event. */
  push(event: YeastarEvent, now: number): TrackerOutput[] {
    if (!('callId' in event)) return [];
    const pbx = event.sn || this.#s.pbx;
    const call = this.#get(pbx, event.callId, now, true);
    if (!call) return [];
    call.lastEventAt = now;
    const out: TrackerOutput[] = [];
    switch (event.kind) {
      case 'callStateChanged':
        this.#snapshot(call, event.members, now, out, true);
        break;
      case 'inboundCallInvitation':
        this.#snapshot(call, event.members, now, out, false);
        break;
      case 'callFailed':
        call.failureReason ||= event.reason;
        if (event.members.length > 0) this.#snapshot(call, event.members, now, out, false);
        if (!this.#alive(call)) this.#liveEnded(call, now);
        break;
      case 'newCdr':
        if (!call.cdrs.some((c) => sameCdr(c, event.cdr))) call.cdrs.push(event.cdr);
        if (!this.#alive(call)) {
          call.liveEndedAt ??= now;
          call.deadline = now + this.#s.settleMs;
        }
        break;
      case 'callTransfer':
      case 'callForward':
        this.#transfer(
          call,
          event.kind === 'callForward'
            ? 'forward'
            : /attend/i.test(event.transferType)
              ? 'attended'
              : 'blind',
          event.members,
          now,
        );
        break;
    }
    this.#schedule(call);
    return out;
  }

  /** Ends calls whose deadline passed; returns their records. */
  tick(now: number): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    for (let top = this.#heap.peek(); top && top.due <= now; top = this.#heap.peek()) {
      this.#heap.pop();
      const c = this.#calls.get(top.key);
      if (!c || c.scheduledDue !== top.due) continue; // superseded entry
      c.scheduledDue = undefined;
      const stale = now - c.lastEventAt >= this.#s.staleCallMs;
      if (stale) c.incomplete = true;
      if (stale || (c.deadline !== undefined && now >= c.deadline)) out.push(this.#end(c, now));
      else this.#schedule(c); // its due moved later (new events): queue it again, once
    }
    // #ended is in end-time order: drop old entries from the front.
    for (const [k, at] of this.#ended) {
      if (now - at <= this.#s.staleCallMs) break;
      this.#ended.delete(k);
    }
    return out;
  }

  /** Ends every call now (shutdown), flagging those still live as incomplete. */
  flush(now: number): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    for (const c of [...this.#calls.values()]) {
      if (this.#alive(c) || c.cdrs.length === 0) c.incomplete = true;
      out.push(this.#end(c, now));
    }
    return out;
  }

  #get(pbx: string, callId: string, now: number, create: boolean): Call | undefined {
    const key = `${pbx}|${callId}`;
    let call = this.#calls.get(key);
    if (!call && create && !this.#ended.has(key)) {
      call = {
        key,
        pbx,
        callId,
        firstSeenAt: now,
        lastEventAt: now,
        legs: new Map(),
        present: new Set(),
        announced: new Set(),
        answeredExtensions: new Set(),
        cdrs: [],
        transfers: [],
        incomplete: false,
      };
      this.#calls.set(key, call);
    }
    return call;
  }

  #alive(call: Call): boolean {
    for (const k of call.present) if (call.legs.get(k)?.endedAt === undefined) return true;
    return false;
  }

  #liveEnded(call: Call, now: number): void {
    call.liveEndedAt ??= now;
    call.deadline = now + (call.cdrs.length > 0 ? this.#s.settleMs : this.#s.cdrTimeoutMs);
  }

  #snapshot(call: Call, members: CallMember[], now: number, out: TrackerOutput[], isSnapshot: boolean): void {
    // Click-to-call: the first snapshot is the caller's own phone ringing alone (no caller member).
    if (
      call.legs.size === 0 &&
      members.length === 1 &&
      members[0]?.kind === 'extension' &&
      members[0].status === 'RING' &&
      isSnapshot
    ) {
      call.originator ??= members[0].number;
    }
    const seen = new Set<string>();
    const newlyRinging: string[] = [];
    for (const m of members) {
      const key = legKey(m);
      seen.add(key);
      let leg = call.legs.get(key);
      if (!leg) {
        leg = {
          id: key,
          kind: m.kind,
          ...(m.kind === 'extension'
            ? { extension: m.number ?? '' }
            : { number: m.kind === 'inbound' ? (m.from ?? '') : (m.to ?? '') }),
          ...(m.channelId ? { channel: m.channelId } : {}),
          callerSide:
            m.kind === 'inbound' ||
            (m.kind === 'extension' && (isCallerStatus(m.status) || m.number === call.originator)),
        };
        call.legs.set(key, leg);
      }
      if (m.kind === 'inbound') call.inbound ??= m;
      if (m.kind === 'outbound') call.outbound ??= m;
      if (m.kind === 'extension') {
        if (leg.callerSide) call.callerExtension ??= m.number;
        else call.calleeExtension ??= m.number;
      }
      const status = m.status;
      if (status === 'BYE') leg.endedAt ??= now;
      else if (leg.endedAt !== undefined && status !== 'BYE') leg.endedAt = undefined; // back in the call (transfer)
      if ((status === 'RING' || status === 'EARLYMEDIA') && !leg.callerSide) leg.ringingAt ??= now;
      if (status === 'ANSWER' || (status === 'ANSWERED' && leg.kind !== 'extension')) leg.answeredAt ??= now;
      if (status === 'ANSWER' && leg.callerSide) leg.answeredAt ??= now;
      if (
        status === 'RING' &&
        m.kind === 'extension' &&
        !leg.callerSide &&
        !call.announced.has(leg.extension ?? '')
      ) {
        call.announced.add(leg.extension ?? '');
        newlyRinging.push(leg.extension ?? '');
      }
      // callAnswered once per answering party: after a transfer the new extension answers too.
      const answerKey = leg.extension ?? leg.id;
      if (status === 'ANSWER' && !leg.callerSide && !call.answeredExtensions.has(answerKey)) {
        call.answeredExtensions.add(answerKey);
        call.answeredAt ??= now;
        if (leg.kind === 'extension') call.answeredBy = leg.extension;
        const ext = leg.kind === 'extension' ? leg.extension : (call.originator ?? call.callerExtension);
        out.push({
          type: 'callAnswered',
          event: {
            pbx: call.pbx,
            callId: call.callId,
            direction: directionOf(call),
            ...(ext ? { extension: ext } : {}),
            ...this.#parties(call),
            at: new Date(now),
          },
        });
      }
    }
    if (newlyRinging.length > 0) {
      // One screen-pop event per snapshot, listing every extension ringing now (ring groups).
      const ringing = [...call.legs.values()].filter(
        (l) =>
          l.kind === 'extension' &&
          !l.callerSide &&
          l.ringingAt !== undefined &&
          l.answeredAt === undefined &&
          l.endedAt === undefined,
      );
      out.unshift({
        type: 'callRinging',
        event: {
          pbx: call.pbx,
          callId: call.callId,
          direction: directionOf(call),
          extensions: ringing.map((l) => l.extension ?? ''),
          newExtensions: newlyRinging,
          ...this.#parties(call),
          ...(call.inbound?.trunk ? { trunk: call.inbound.trunk } : {}),
          at: new Date(now),
        },
      });
    }
    if (isSnapshot) {
      // 30011 is a snapshot: a member that disappeared has left the call.
      for (const k of call.present)
        if (!seen.has(k) && call.legs.get(k)?.endedAt === undefined) this.#endLeg(call, k, now);
      call.present = seen;
      if (!this.#alive(call)) this.#liveEnded(call, now);
      else {
        call.liveEndedAt = undefined;
        call.deadline = undefined;
      }
    } else for (const k of seen) call.present.add(k);
  }

  #endLeg(call: Call, key: string, now: number): void {
    const leg = call.legs.get(key);
    if (leg) leg.endedAt = now;
  }

  #transfer(call: Call, kind: CallTransfer['kind'], members: CallMember[], now: number): void {
    const exts = members.filter((m) => m.kind === 'extension');
    const leaving = exts.find((m) => m.status === 'BYE')?.number ?? call.answeredBy;
    const target =
      exts.find((m) => m.status !== 'BYE' && m.number !== leaving && !isCallerStatus(m.status)) ??
      exts.find((m) => m.status !== 'BYE' && m.number !== leaving) ??
      members.find((m) => m.kind === 'outbound');
    const to = target ? (target.kind === 'extension' ? target.number : target.to) : undefined;
    if (!to) return;
    call.transfers.push({
      kind,
      at: new Date(now),
      ...(leaving ? { from: leaving } : {}),
      to,
      ...(kind !== 'forward' && leaving ? { by: leaving } : {}),
    });
  }

  #parties(call: Call): { from: CallParty; to: CallParty } {
    if (call.inbound)
      return { from: { number: call.inbound.from ?? '' }, to: { number: call.inbound.to ?? '' } };
    const from = { number: call.originator ?? call.callerExtension ?? '' };
    if (call.outbound) return { from, to: { number: call.outbound.to ?? '' } };
    return { from, to: { number: call.calleeExtension ?? '' } };
  }

  #end(call: Call, now: number): TrackerOutput {
    this.#calls.delete(call.key);
    this.#ended.set(call.key, now);
    return { type: 'callEnded', record: buildRecord(call, this.#s.timeZone, now) };
  }
}
