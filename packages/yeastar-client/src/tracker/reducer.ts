import type { YeastarEvent } from '../decode/events.js';
import { parsePbxTime } from '../decode/pbx-time.js';
import type { CallMember, Cdr } from '../decode/types.js';
import { parseParty } from './party.js';
import type {
  CallAnsweredEvent,
  CallDirection,
  CallDisposition,
  CallLeg,
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

interface Leg {
  id: string;
  kind: CallMember['kind'];
  extension?: string;
  number?: string;
  channel?: string;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  callerSide: boolean;
}

interface Call {
  key: string;
  pbx: string;
  callId: string;
  firstSeenAt: number;
  lastEventAt: number;
  legs: Map<string, Leg>;
  present: Set<string>;
  inbound?: CallMember;
  outbound?: CallMember;
  callerExtension?: string;
  calleeExtension?: string;
  /** Extension that placed a click-to-call (its own RING/ANSWER are not the callee's). */
  originator?: string;
  announced: Set<string>;
  answeredExtensions: Set<string>;
  answeredAt?: number;
  answeredBy?: string;
  liveEndedAt?: number;
  cdrs: Cdr[];
  failureReason?: string;
  transfers: CallTransfer[];
  incomplete: boolean;
  deadline?: number;
  /** Due time of this call's entry in the deadline heap (only an earlier due pushes a new entry). */
  scheduledDue?: number;
}

/** A binary min-heap of (due, key): O(log n) scheduling however many calls are live. */
class DeadlineHeap {
  readonly #items: Array<{ due: number; key: string }> = [];

  peek(): { due: number; key: string } | undefined {
    return this.#items[0];
  }

  push(item: { due: number; key: string }): void {
    const a = this.#items;
    let i = a.length;
    a.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as { due: number; key: string };
      if (parent.due <= item.due) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }

  pop(): void {
    const a = this.#items;
    const last = a.pop();
    if (a.length === 0 || !last) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const left = a[l] as { due: number; key: string };
      const right = a[r];
      const [c, child] = right && right.due < left.due ? [r, right] : [l, left];
      if (child.due >= last.due) break;
      a[i] = child;
      i = c;
    }
    a[i] = last;
  }
}

const legKey = (m: CallMember) => m.channelId || `${m.kind}:${m.number ?? m.from ?? ''}`;
const isCallerStatus = (s: string) => s === 'ALERT' || s === 'ANSWERED';

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

function sameCdr(a: Cdr, b: Cdr): boolean {
  if (a.uid && b.uid) return a.uid === b.uid;
  return (
    a.timeStart === b.timeStart &&
    a.from === b.from &&
    a.to === b.to &&
    a.status === b.status &&
    a.callDuration === b.callDuration
  );
}

function directionOf(call: Pick<Call, 'inbound' | 'outbound' | 'cdrs'>): CallDirection {
  if (call.inbound) return 'inbound';
  if (call.outbound) return 'outbound';
  if (call.cdrs.some((c) => c.type === 'inbound')) return 'inbound';
  if (call.cdrs.some((c) => c.type === 'outbound') && !call.cdrs.some((c) => c.type === 'internal'))
    return 'outbound';
  return 'internal';
}

const RANK: CallDisposition[] = ['answered', 'voicemail', 'missed', 'busy', 'failed'];
function cdrDisposition(status: string): CallDisposition {
  switch (status) {
    case 'ANSWERED':
      return 'answered';
    case 'VOICEMAIL':
      return 'voicemail';
    case 'BUSY':
      return 'busy';
    case 'FAILED':
      return 'failed';
    case 'ABANDONED':
      return 'abandoned';
    default:
      return 'missed';
  }
}

function liveDisposition(call: Call): CallDisposition {
  if (call.answeredAt !== undefined) return 'answered';
  const r = call.failureReason ?? '';
  if (/486|busy/i.test(r)) return 'busy';
  if (r === '' || /487|terminated|cancel/i.test(r)) return 'missed';
  return 'failed';
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** Builds the final record from live state and CDRs (CDRs are the source of truth for durations). */
function buildRecord(call: Call, timeZone: string, now: number): YeastarCallRecord {
  const cdrs = [...call.cdrs].sort((a, b) => a.timeStart.localeCompare(b.timeStart));
  const first = cdrs[0];
  const direction = directionOf(call);
  const cdrStart = cdrs
    .map((c) => parsePbxTime(c.timeStart, timeZone)?.getTime())
    .filter((t): t is number => t !== undefined);
  const live = call.legs.size > 0;
  const startedAt = live ? call.firstSeenAt : (cdrStart[0] ?? call.firstSeenAt);
  const answeredCdrs = cdrs.filter((c) => c.status === 'ANSWERED');
  const dispositions = cdrs.map((c) => cdrDisposition(c.status));
  const disposition: CallDisposition =
    cdrs.length === 0
      ? liveDisposition(call)
      : (RANK.find((d) => dispositions.includes(d)) ?? dispositions[0] ?? 'missed');
  const talkSeconds =
    cdrs.length > 0
      ? answeredCdrs.reduce((sum, c) => sum + c.talkDuration, 0)
      : call.answeredAt !== undefined
        ? seconds((call.liveEndedAt ?? now) - call.answeredAt)
        : 0;
  // Outbound: the call is answered when the far end answers, never when the caller's leg shows ANSWERED.
  let answeredAt = call.answeredAt;
  if (answeredAt === undefined && answeredCdrs[0]) {
    const s = parsePbxTime(answeredCdrs[0].timeStart, timeZone)?.getTime();
    if (s !== undefined)
      answeredAt = s + (answeredCdrs[0].callDuration - answeredCdrs[0].talkDuration) * 1000;
  }
  if (disposition !== 'answered') answeredAt = undefined;
  const cdrEnd = cdrs.reduce(
    (max, c, i) => Math.max(max, (cdrStart[i] ?? startedAt) + c.callDuration * 1000),
    0,
  );
  const endedAt = call.liveEndedAt ?? (cdrEnd || now);
  const ringSeconds =
    answeredAt !== undefined
      ? seconds(answeredAt - startedAt)
      : live
        ? seconds(endedAt - startedAt)
        : (first?.callDuration ?? 0);

  let from: CallParty;
  let to: CallParty;
  if (call.inbound) {
    from = { number: call.inbound.from ?? '' };
    to = { number: first?.did || call.inbound.to || '' };
  } else if (live) {
    from = { number: call.originator ?? call.callerExtension ?? first?.from ?? '' };
    to = { number: call.outbound?.to ?? call.calleeExtension ?? first?.to ?? '' };
  } else {
    from = parseParty(first?.from ?? '');
    to = parseParty(first?.to ?? '');
  }
  const extLegs = [...call.legs.values()].filter((l) => l.kind === 'extension' && !l.callerSide);
  const lastRinging = extLegs.filter((l) => l.ringingAt !== undefined).at(-1)?.extension;
  const extension =
    direction === 'outbound'
      ? (call.originator ?? call.callerExtension ?? first?.from)
      : (call.answeredBy ?? lastRinging ?? answeredCdrs.at(-1)?.to ?? first?.to);
  const trunk = (call.inbound?.trunk || call.outbound?.trunk || first?.srcTrunk || first?.dstTrunk) ?? '';
  const did = cdrs.find((c) => c.did)?.did ?? '';
  const recording =
    answeredCdrs.find((c) => c.recording)?.recording ?? cdrs.find((c) => c.recording)?.recording ?? '';

  const legs: CallLeg[] = live
    ? [...call.legs.values()].map((l) => ({
        id: l.id,
        ...(l.extension !== undefined ? { extension: l.extension } : {}),
        ...(l.number !== undefined ? { number: l.number } : {}),
        ...(l.channel ? { channel: l.channel } : {}),
        ...(l.ringingAt !== undefined ? { ringingAt: new Date(l.ringingAt) } : {}),
        ...(l.answeredAt !== undefined ? { answeredAt: new Date(l.answeredAt) } : {}),
        ...(l.endedAt !== undefined ? { endedAt: new Date(l.endedAt) } : {}),
        ...(l.callerSide ? {} : { disposition: l.answeredAt !== undefined ? 'answered' : 'missed' }),
      }))
    : cdrs.map((c, i) => {
        const s = cdrStart[i] ?? startedAt;
        const p = parseParty(c.to);
        return {
          id: c.uid ?? `${call.callId}#${i + 1}`,
          ...(c.type === 'outbound' ? { number: p.number } : { extension: p.number }),
          ringingAt: new Date(s),
          ...(c.status === 'ANSWERED'
            ? { answeredAt: new Date(s + (c.callDuration - c.talkDuration) * 1000) }
            : {}),
          endedAt: new Date(s + c.callDuration * 1000),
          disposition: cdrDisposition(c.status),
        };
      });

  return {
    source: 'yeastar',
    pbx: call.pbx,
    callId: call.callId,
    direction,
    from,
    to,
    ...(extension ? { extension } : {}),
    ...(trunk ? { trunk } : {}),
    ...(did ? { did } : {}),
    startedAt: new Date(startedAt),
    ...(answeredAt !== undefined ? { answeredAt: new Date(answeredAt) } : {}),
    endedAt: new Date(endedAt),
    ringSeconds,
    talkSeconds,
    disposition,
    ...(recording ? { recording } : {}),
    legs,
    transfers: call.transfers,
    ...(call.incomplete ? { incomplete: true } : {}),
    cdrs,
    ...(call.failureReason ? { failureReason: call.failureReason } : {}),
  };
}
