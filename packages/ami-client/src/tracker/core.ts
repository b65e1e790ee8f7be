import type { AmiMessage } from '../protocol/message.js';
import {
  classifyChannel,
  parseChannelName,
  resolveProfile,
  type TrackerProfile,
  type TrackerProfileName,
} from './profile.js';
import { buildRecord, counterparts, directionOf, realLegs } from './record.js';
import { type CallState, type ChanState, known, parseAsteriskTime, TRACKED_EVENTS } from './state.js';
import type { CallAnsweredEvent, CallRecord, CallRingingEvent, CallTrackerStats } from './types.js';

/** Options of the pure tracker core (and of `CallTracker`). */
export interface CallTrackerCoreOptions {
  /** The PBX / connection tag stamped on records. @defaultValue 'asterisk' */
  pbx?: string;
  /** `freepbx` (default), `generic`, or a custom profile. */
  profile?: TrackerProfileName | TrackerProfile;
  /** Most calls tracked at once; the oldest is evicted (emitted `incomplete`). @defaultValue 10000 */
  maxActiveCalls?: number;
  /** A call with no event for this long is evicted (emitted `incomplete`). @defaultValue 14400000 */
  callTtlMs?: number;
  /** Wait this long after the last hangup for a late `Cdr` before emitting. @defaultValue 0 */
  endGraceMs?: number;
  /** PBX local time offset from UTC in minutes, for CEL/Cdr times. @defaultValue 0 */
  pbxUtcOffsetMinutes?: number;
}

/** What the core produced for one input. */
export type TrackerOutput =
  | {
      /** Extensions started ringing. */
      type: 'callRinging';
      /** The screen-pop payload. */
      payload: CallRingingEvent;
    }
  | {
      /** The other party answered. */
      type: 'callAnswered';
      /** The answer payload. */
      payload: CallAnsweredEvent;
    }
  | {
      /** The call ended. */
      type: 'callEnded';
      /** The final record. */
      payload: CallRecord;
    };

/**
 * The pure call tracker: AMI events in, call lifecycle outputs out; no sockets, no timers. Keyed by
 * Linkedid with merges when a bridge rewrites Linkedid; Local `;1/;2` halves are folded away.
 */
export class CallTrackerCore {
  readonly #pbx: string;
  readonly #profile: Required<TrackerProfile>;
  readonly #maxCalls: number;
  readonly #ttl: number;
  readonly #grace: number;
  readonly #offset: number;
  readonly #chans = new Map<string, ChanState>();
  readonly #calls = new Map<string, CallState>();
  readonly #alias = new Map<string, string>();
  #clock = 0;
  #nextSweep = 0;
  readonly #closing = new Set<CallState>();
  readonly #stats: CallTrackerStats = {
    activeCalls: 0,
    activeChannels: 0,
    ended: 0,
    evicted: 0,
    merged: 0,
    events: 0,
    ignored: 0,
  };

  /** Create a core. */
  constructor(options: CallTrackerCoreOptions = {}) {
    this.#pbx = options.pbx ?? 'asterisk';
    this.#profile = resolveProfile(options.profile);
    this.#maxCalls = options.maxActiveCalls ?? 10_000;
    this.#ttl = options.callTtlMs ?? 4 * 3600_000;
    this.#grace = options.endGraceMs ?? 0;
    this.#offset = options.pbxUtcOffsetMinutes ?? 0;
  }

  /** Counters. */
  get stats(): CallTrackerStats {
    return { ...this.#stats, activeCalls: this.#calls.size, activeChannels: this.#chans.size };
  }

  /** Snapshots of the calls in progress. */
  active(now = this.#clock): CallRecord[] {
    return [...this.#calls.values()].map((c) => buildRecord(this.#pbx, c, this.#chans, now));
  }

  /** Feed one event (an `AmiMessage`); `time` overrides the event's own time (epoch ms). */
  push(event: AmiMessage, time?: number): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    this.#stats.events++;
    const t = time ?? this.#timeOf(event);
    if (t > this.#clock) this.#clock = t;
    if (!TRACKED_EVENTS.has(event.name) || event.kind !== 'event') {
      // Any channel event may reveal a Linkedid rewritten by a bridge (NewConnectedLine, VarSet…).
      const u = event.kind === 'event' ? event.get('Uniqueid') : undefined;
      if (u !== undefined && this.#chans.has(u)) {
        const linkedid = event.get('Linkedid');
        if (linkedid !== undefined) this.#checkLinkedid(u, linkedid);
      } else {
        this.#stats.ignored++;
      }
      this.#maybeAdvance(out);
      return out;
    }
    const f = event.fields;
    switch (event.name) {
      case 'Newchannel':
        this.#newChannel(f, t, out);
        break;
      case 'Newstate':
        this.#newState(f, t, out);
        break;
      case 'DialBegin':
        this.#dialBegin(f, t, out);
        break;
      case 'DialEnd':
        this.#dialEnd(f, t, out);
        break;
      case 'Hangup':
        this.#hangup(f, t, out);
        break;
      case 'BlindTransfer':
        this.#transfer(
          'blind',
          f.TransfererUniqueid,
          f.TransfererCallerIDNum,
          f.Extension ?? '',
          f.TransfererLinkedid,
          t,
        );
        break;
      case 'AttendedTransfer':
        this.#transfer(
          'attended',
          f.OrigTransfererUniqueid,
          f.OrigTransfererCallerIDNum,
          known(f.TransferTargetCallerIDNum) ??
            known(f.SecondTransfererConnectedLineNum) ??
            f.SecondTransfererExten ??
            '',
          f.OrigTransfererLinkedid,
          t,
        );
        break;
      case 'QueueCallerAbandon': {
        const call = this.#callOfChan(f.Uniqueid);
        if (call) call.abandoned = true;
        break;
      }
      case 'VarSet':
        this.#varSet(f);
        break;
      case 'Newexten': {
        const call = this.#callOfChan(f.Uniqueid);
        if (call && this.#profile.voicemailApps.includes(f.Application ?? '')) call.voicemail = true;
        break;
      }
      case 'Cdr': {
        const call = this.#callOfChan(f.UniqueID);
        const rec = f.recordingfile ?? f.RecordingFile;
        if (call && known(rec)) call.recording = rec;
        break;
      }
      default:
        // NewCallerid, BridgeEnter: only the Linkedid check below matters.
        break;
    }
    const u = f.Uniqueid;
    if (u !== undefined && f.Linkedid !== undefined) this.#checkLinkedid(u, f.Linkedid);
    this.#maybeAdvance(out);
    return out;
  }

  // Sweeping every call on every event would be O(calls); sweep when a grace expires or once a minute.
  #maybeAdvance(out: TrackerOutput[]): void {
    if (this.#closing.size > 0 || this.#clock >= this.#nextSweep) this.advance(this.#clock, out);
  }

  /**
   * Emit calls whose end grace passed and evict calls idle beyond the TTL. The I/O wrapper calls it
   * on a timer; `push` calls it with the event clock.
   */
  advance(now: number, out: TrackerOutput[] = []): TrackerOutput[] {
    for (const call of this.#closing) if ((call.closeAt ?? 0) <= now) this.#finish(call, now, out);
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + Math.min(this.#ttl, 60_000);
      for (const call of this.#calls.values())
        if (now - call.lastActivity > this.#ttl) this.#evict(call, now, out);
    }
    return out;
  }

  /** End every call now (end of a replay, shutdown); calls still up are marked incomplete. */
  flush(now = this.#clock): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    for (const call of [...this.#calls.values()]) {
      if (call.closeAt === undefined) call.incomplete = true;
      this.#finish(call, now, out);
    }
    return out;
  }

  /** Mark every active call as overlapping a connection gap. */
  markGap(): void {
    for (const call of this.#calls.values()) call.incomplete = true;
  }

  /**
   * Resync after a reconnect from `CoreShowChannels` items: calls whose channels are gone end now
   * (incomplete); channels we never saw open incomplete calls.
   */
  resync(channels: readonly AmiMessage[], now: number): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    const alive = new Set(channels.map((c) => c.get('Uniqueid') ?? ''));
    for (const chan of [...this.#chans.values()]) {
      if (chan.hungupAt === undefined && !alive.has(chan.uniqueid)) chan.hungupAt = now;
    }
    for (const item of channels) {
      const f = item.fields;
      if (this.#chans.has(f.Uniqueid ?? '')) continue;
      const age = durationMs(f.Duration);
      this.#newChannel(f, now - age, out);
      const call = this.#callOfChan(f.Uniqueid);
      if (call) call.incomplete = true;
      if (f.ChannelStateDesc === 'Up') this.#newState({ ...f, ChannelState: '6' }, now, out);
    }
    for (const call of [...this.#calls.values()]) this.#maybeClose(call, now, out);
    this.advance(now, out);
    return out;
  }

  #timeOf(event: AmiMessage): number {
    const ts = event.get('Timestamp');
    if (ts !== undefined) {
      const v = parseAsteriskTime(ts);
      if (v !== undefined) return v;
    }
    if (event.receivedAt > 0) return event.receivedAt;
    if (event.name === 'CEL') return parseAsteriskTime(event.get('EventTime'), this.#offset) ?? this.#clock;
    return this.#clock;
  }

  #resolve(linkedid: string): string {
    return this.#alias.get(linkedid) ?? linkedid;
  }

  #callOfChan(uniqueid: string | undefined): CallState | undefined {
    const c = uniqueid === undefined ? undefined : this.#chans.get(uniqueid);
    return c === undefined ? undefined : this.#calls.get(c.callId);
  }

  #newChannel(f: Record<string, string>, t: number, out: TrackerOutput[]): void {
    const u = f.Uniqueid;
    const name = f.Channel;
    if (u === undefined || name === undefined || this.#chans.has(u)) return;
    const linkedid = f.Linkedid ?? u;
    let callId = this.#resolve(linkedid);
    let call = this.#calls.get(callId);
    if (call === undefined) {
      if (this.#calls.size >= this.#maxCalls) {
        const oldest = this.#calls.values().next().value;
        if (oldest) this.#evict(oldest, t, out);
      }
      callId = linkedid;
      call = newCall(callId, u, t);
      this.#calls.set(callId, call);
    }
    const id = parseChannelName(name);
    const chan: ChanState = {
      uniqueid: u,
      name,
      id,
      kind: classifyChannel(id, f.Context ?? '', this.#profile),
      callId,
      linkedid,
      createdAt: t,
      firstContext: f.Context ?? '',
      firstExten: f.Exten ?? '',
      firstCidNum: f.CallerIDNum ?? '',
      firstCidName: f.CallerIDName ?? '',
      ringingAt: undefined,
      answeredAt: undefined,
      hungupAt: undefined,
      cause: undefined,
      dialStatus: undefined,
      originated: false,
    };
    this.#chans.set(u, chan);
    call.channels.add(u);
    call.lastActivity = t;
    if (t < call.startedAt) call.startedAt = t;
    call.closeAt = undefined;
    this.#closing.delete(call);
  }

  #newState(f: Record<string, string>, t: number, out: TrackerOutput[]): void {
    const chan = f.Uniqueid === undefined ? undefined : this.#chans.get(f.Uniqueid);
    const call = chan && this.#calls.get(chan.callId);
    if (chan === undefined || call === undefined) return;
    call.lastActivity = t;
    if (f.ChannelState === '5' && chan.ringingAt === undefined) {
      chan.ringingAt = t;
      this.#ringing(call, chan, t, out);
    } else if (f.ChannelState === '6' && chan.answeredAt === undefined) {
      chan.answeredAt = t;
      if (chan.kind === 'extension') call.ringing.delete(chan.id.resource);
      this.#answered(call, t, out);
    }
  }

  #ringing(call: CallState, chan: ChanState, t: number, out: TrackerOutput[]): void {
    const root = this.#chans.get(call.rootId);
    if (chan.kind !== 'extension' || (chan === root && !chan.originated)) return;
    if (call.ringing.has(chan.id.resource)) return;
    call.ringing.add(chan.id.resource);
    const record = buildRecord(this.#pbx, call, this.#chans, t);
    out.push({
      type: 'callRinging',
      payload: {
        callId: call.id,
        pbx: this.#pbx,
        direction: record.direction,
        caller: record.from,
        to: record.to,
        extensions: [...call.ringing],
        ...(record.did !== undefined ? { did: record.did } : {}),
        at: new Date(t),
        record,
      },
    });
  }

  #answered(call: CallState, t: number, out: TrackerOutput[]): void {
    if (call.answeredEmitted) return;
    const legs = realLegs(call, this.#chans);
    const root = this.#chans.get(call.rootId);
    const others = counterparts(root, legs, directionOf(root, legs, call.originated));
    // Queue() answering the caller, or the agent's phone in a click-to-call, is not the call's answer.
    if (!others.some((l) => l.answeredAt !== undefined)) return;
    if (call.originated && others.length === 1 && others[0] === root && legs.length === 1) return;
    call.answeredEmitted = true;
    const record = buildRecord(this.#pbx, call, this.#chans, t);
    out.push({
      type: 'callAnswered',
      payload: {
        callId: call.id,
        pbx: this.#pbx,
        direction: record.direction,
        ...(record.extension !== undefined ? { extension: record.extension } : {}),
        at: new Date(t),
        record,
      },
    });
  }

  #dialBegin(f: Record<string, string>, t: number, out: TrackerOutput[]): void {
    const dest = f.DestUniqueid === undefined ? undefined : this.#chans.get(f.DestUniqueid);
    if (dest === undefined) return;
    const call = this.#calls.get(dest.callId);
    if (call === undefined) return;
    call.lastActivity = t;
    if (f.Channel === undefined) {
      // Originate: DialBegin without a caller snapshot (channel_dial_cb, main/manager_channels.c).
      dest.originated = true;
      if (dest.uniqueid === call.rootId) call.originated = true;
    } else if (dest.kind === 'trunk' && call.dialed === undefined) {
      const exten = known(f.Exten);
      const dialString = f.DialString ?? '';
      const at = dialString.indexOf('@');
      call.dialed =
        exten !== undefined && exten !== 's'
          ? exten
          : (at === -1 ? dialString : dialString.slice(0, at)).replace(/^.*\//, '');
    }
    if (dest.ringingAt === undefined && f.DestChannelState === '5') {
      dest.ringingAt = t;
      this.#ringing(call, dest, t, out);
    }
  }

  #dialEnd(f: Record<string, string>, t: number, out: TrackerOutput[]): void {
    const dest = f.DestUniqueid === undefined ? undefined : this.#chans.get(f.DestUniqueid);
    if (dest === undefined) return;
    const call = this.#calls.get(dest.callId);
    if (call === undefined) return;
    call.lastActivity = t;
    dest.dialStatus = f.DialStatus;
    if (dest.kind === 'extension') call.ringing.delete(dest.id.resource);
    if (f.DialStatus === 'ANSWER' && dest.answeredAt === undefined) {
      dest.answeredAt = t;
      this.#answered(call, t, out);
    }
    if (known(f.Forward) !== undefined) {
      call.transfers.push({
        kind: 'forward',
        at: new Date(t),
        from: dest.id.resource,
        to: f.Forward as string,
      });
    }
  }

  #hangup(f: Record<string, string>, t: number, out: TrackerOutput[]): void {
    const chan = f.Uniqueid === undefined ? undefined : this.#chans.get(f.Uniqueid);
    if (chan === undefined || chan.hungupAt !== undefined) return;
    chan.hungupAt = t;
    chan.cause = f.Cause;
    const call = this.#calls.get(chan.callId);
    if (call === undefined) return;
    call.lastActivity = t;
    if (chan.kind === 'extension') call.ringing.delete(chan.id.resource);
    this.#maybeClose(call, t, out);
  }

  #maybeClose(call: CallState, t: number, out: TrackerOutput[]): void {
    for (const u of call.channels) if (this.#chans.get(u)?.hungupAt === undefined) return;
    call.closeAt = t + this.#grace;
    if (this.#grace === 0) this.#finish(call, t, out);
    else this.#closing.add(call);
  }

  #transfer(
    kind: 'blind' | 'attended',
    uid: string | undefined,
    by: string | undefined,
    to: string,
    linkedid: string | undefined,
    t: number,
  ): void {
    const call = this.#callOfChan(uid) ?? (linkedid ? this.#calls.get(this.#resolve(linkedid)) : undefined);
    if (call === undefined) return;
    const chan = uid ? this.#chans.get(uid) : undefined;
    const ext = chan?.kind === 'extension' ? chan.id.resource : known(by);
    call.transfers.push({ kind, at: new Date(t), ...(ext ? { from: ext, by: ext } : {}), to });
  }

  #varSet(f: Record<string, string>): void {
    const call = this.#callOfChan(f.Uniqueid);
    const name = f.Variable;
    if (call === undefined || name === undefined) return;
    if (this.#profile.didVariables.includes(name) && call.did === undefined && known(f.Value))
      call.did = f.Value;
    else if (this.#profile.recordingVariables.includes(name) && known(f.Value)) call.recording = f.Value;
  }

  // Entering a bridge copies the oldest Linkedid to every channel (ast_bridge_channel_update_linkedids,
  // main/bridge_channel.c): merge the younger call into the older one (ami.md §4.5).
  #checkLinkedid(uniqueid: string, linkedid: string): void {
    const chan = this.#chans.get(uniqueid);
    if (chan === undefined || chan.linkedid === linkedid) return;
    chan.linkedid = linkedid;
    const targetId = this.#resolve(linkedid);
    const from = this.#calls.get(chan.callId);
    const into = this.#calls.get(targetId);
    if (from === undefined || from === into) return;
    if (into === undefined) {
      this.#alias.set(linkedid, from.id);
      return;
    }
    for (const u of from.channels) {
      into.channels.add(u);
      const c = this.#chans.get(u);
      if (c) c.callId = into.id;
    }
    for (const e of from.ringing) into.ringing.add(e);
    into.transfers.push(...from.transfers);
    into.transfers.sort((a, b) => a.at.getTime() - b.at.getTime());
    into.startedAt = Math.min(into.startedAt, from.startedAt);
    into.originated ||= from.originated;
    into.incomplete ||= from.incomplete;
    into.did ??= from.did;
    into.recording ??= from.recording;
    this.#alias.set(from.id, into.id);
    for (const [k, v] of this.#alias) if (v === from.id) this.#alias.set(k, into.id);
    this.#calls.delete(from.id);
    this.#stats.merged++;
  }

  #finish(call: CallState, now: number, out: TrackerOutput[]): void {
    out.push({ type: 'callEnded', payload: buildRecord(this.#pbx, call, this.#chans, now) });
    this.#stats.ended++;
    this.#drop(call);
  }

  #evict(call: CallState, now: number, out: TrackerOutput[]): void {
    call.incomplete = true;
    this.#stats.evicted++;
    this.#finish(call, now, out);
  }

  #drop(call: CallState): void {
    this.#closing.delete(call);
    for (const u of call.channels) this.#chans.delete(u);
    this.#calls.delete(call.id);
    for (const [k, v] of this.#alias) if (v === call.id) this.#alias.delete(k);
  }
}

function newCall(id: string, rootId: string, t: number): CallState {
  return {
    id,
    rootId,
    channels: new Set(),
    startedAt: t,
    lastActivity: t,
    did: undefined,
    dialed: undefined,
    recording: undefined,
    originated: false,
    voicemail: false,
    abandoned: false,
    incomplete: false,
    answeredEmitted: false,
    ringing: new Set(),
    transfers: [],
    closeAt: undefined,
  };
}

function durationMs(v: string | undefined): number {
  const m = v === undefined ? null : /^(\d+):(\d{2}):(\d{2})$/.exec(v);
  return m ? ((+(m[1] as string) * 60 + +(m[2] as string)) * 60 + +(m[3] as string)) * 1000 : 0;
}
