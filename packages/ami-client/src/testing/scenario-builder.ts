import type { CallDirection, CallDisposition, CallParty, CallTransfer } from '../tracker/types.js';
import { EventWriter, type ScenarioEvent, type SimChannel, snapshot } from './scenario-events.js';

export type { ScenarioEvent } from './scenario-events.js';

/** What the CallTracker should conclude for one scenario call. */
export interface ExpectedCall {
  /** Linkedid. */
  callId: string;
  /** Direction. */
  direction: CallDirection;
  /** Calling party (number only). */
  from: CallParty;
  /** Called party (DID / dialed number / extension). */
  to: CallParty;
  /** Internal party. */
  extension?: string;
  /** DID of inbound calls. */
  did?: string;
  /** Outcome. */
  disposition: CallDisposition;
  /** Seconds from the first channel to the answer (or end). */
  ringSeconds: number;
  /** Seconds from the answer to the end. */
  talkSeconds: number;
  /** Transfer kinds and targets. */
  transfers: Array<Pick<CallTransfer, 'kind' | 'to'>>;
}

/** A built scenario: a timeline of AMI events plus the calls it contains. */
export interface CallScenario {
  /** Events sorted by `at` (ms from the scenario start). */
  events: ScenarioEvent[];
  /** The calls, in start order. */
  calls: ExpectedCall[];
  /** `at` of the last event. */
  durationMs: number;
}

/** Options of {@link CallScenarioBuilder}. */
export interface CallScenarioBuilderOptions {
  /** Trunk endpoint name. @defaultValue 'trunk-pstn' */
  trunk?: string;
  /** Epoch seconds that Uniqueids start from. @defaultValue 1700000000 */
  epoch?: number;
  /** Display names of extensions (their PJSIP `callerid`). */
  names?: Record<string, string>;
  /** Gap between sequential calls, ms. @defaultValue 1000 */
  gapMs?: number;
  /** Emit FreePBX dialplan noise (VarSet/Newexten). @defaultValue true */
  noise?: boolean;
}

/** How the called party responds. */
export type ScenarioOutcome = 'answered' | 'missed' | 'busy';
interface Common {
  /** Start (ms from the scenario start); default: after the previous call plus `gapMs`. */
  at?: number;
  /** Ring time of the called party, ms. @defaultValue 3000 */
  ringMs?: number;
  /** Talk time, ms. @defaultValue 5000 */
  talkMs?: number;
}

/** Inbound call from the PSTN to a DID that rings one extension. */
export interface InboundCallOptions extends Common {
  /** Caller number (verbatim, e.g. `+306974015758`). */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Extension that rings. */
  extension: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
  /** Who hangs up an answered call. @defaultValue 'caller' */
  hangupBy?: 'caller' | 'agent';
}
/** Outbound call from an extension through the trunk. */
export interface OutboundCallOptions extends Common {
  /** Calling extension. */
  extension: string;
  /** Dialed number. */
  to: string;
  /** Outbound caller ID the route sets (FreePBX rewrites CALLERID(num)). */
  callerIdNumber?: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
}
/** Extension-to-extension call. */
export interface InternalCallOptions extends Common {
  /** Calling extension. */
  from: string;
  /** Called extension. */
  to: string;
  /** @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
}
/** Inbound call answered by `extension`, then transferred to `to`. */
export interface TransferCallOptions extends Common {
  /** Caller number. */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Extension that answers first and transfers. */
  extension: string;
  /** Transfer target extension. */
  to: string;
  /** Ring time of the transfer target, ms. @defaultValue 2000 */
  targetRingMs?: number;
  /** Talk time after the transfer, ms. @defaultValue 5000 */
  targetTalkMs?: number;
}
/** Inbound call into a ring-all queue whose members are FreePBX Local channels. */
export interface QueueCallOptions extends Common {
  /** Caller number. */
  from: string;
  /** Caller display name. */
  name?: string;
  /** Dialed inbound number. */
  did: string;
  /** Queue number. */
  queue: string;
  /** Member extensions (rung all at once). */
  members: string[];
  /** The member who answers; omitted = the caller abandons after `ringMs`. */
  answeredBy?: string;
}
/** Click-to-call: Originate rings `extension`, then dials `to` through the trunk. */
export interface ClickToCallOptions extends Common {
  /** The agent's extension, rung first. */
  extension: string;
  /** The customer's number, dialed once the agent answers. */
  to: string;
  /** Ring time of the agent's phone, ms. @defaultValue 1500 */
  agentRingMs?: number;
  /** Agent outcome. @defaultValue 'answered' */
  agentOutcome?: ScenarioOutcome;
  /** Customer outcome. @defaultValue 'answered' */
  outcome?: ScenarioOutcome;
  /** ActionID of the Originate (for the OriginateResponse). */
  actionId?: string;
  /** Caller ID shown on the agent's phone. */
  callerId?: string;
}

const SETUP = 100;

/**
 * Builds realistic Asterisk 20 / FreePBX AMI event timelines for inbound answered/missed/busy,
 * outbound, internal, blind and attended transfer, queue and click-to-call calls — with the
 * records a CallTracker must produce from them. Play them with `FakeAmiServer.play`.
 *
 * @example
 * ```ts
 * const scenario = new CallScenarioBuilder()
 *   .inbound({ from: '+306974015758', did: '2105551000', extension: '101', ringMs: 2500, talkMs: 3000 })
 *   .queue({ from: '+447700900123', did: '2105551400', queue: '400', members: ['102', '103'], answeredBy: '103' })
 *   .build();
 * await server.play(scenario, { timeScale: 0.01 });
 * ```
 */
export class CallScenarioBuilder {
  readonly #w: EventWriter;
  readonly #trunk: string;
  readonly #epoch: number;
  readonly #names: Record<string, string>;
  readonly #gap: number;
  readonly #calls: ExpectedCall[] = [];
  #seq = 0;
  #chanSeq = 0;
  #localSeq = 0;
  #cursor = 0;

  /** Create a builder. */
  constructor(options: CallScenarioBuilderOptions = {}) {
    this.#w = new EventWriter(options.noise ?? true);
    this.#trunk = options.trunk ?? 'trunk-pstn';
    this.#epoch = options.epoch ?? 1_700_000_000;
    this.#names = options.names ?? {};
    this.#gap = options.gapMs ?? 1000;
  }

  #chan(tech: string, endpoint: string, at: number, p: Partial<SimChannel>, linkedid?: string): SimChannel {
    const uniqueid = `${this.#epoch + Math.floor(at / 1000)}.${this.#seq++}`;
    return {
      name: `${tech}/${endpoint}-${(++this.#chanSeq).toString(16).padStart(8, '0')}`,
      state: 0,
      cidNum: '<unknown>',
      cidName: '<unknown>',
      conNum: '<unknown>',
      conName: '<unknown>',
      context: 'from-internal',
      exten: 's',
      priority: 1,
      uniqueid,
      linkedid: linkedid ?? uniqueid,
      ...p,
    };
  }

  #phone(ext: string, at: number, linkedid: string, p: Partial<SimChannel> = {}): SimChannel {
    return this.#chan(
      'PJSIP',
      ext,
      at,
      { cidNum: ext, cidName: this.#names[ext] ?? `Ext ${ext}`, ...p },
      linkedid,
    );
  }

  #start(at: number | undefined): number {
    return at ?? this.#cursor;
  }

  #finish(call: ExpectedCall, end: number): this {
    this.#calls.push(call);
    this.#cursor = Math.max(this.#cursor, end + this.#gap);
    return this;
  }

  // A rings B; returns the answer time (or undefined) and the end time.
  #ring(
    t: number,
    a: SimChannel,
    b: SimChannel,
    dialString: string,
    outcome: ScenarioOutcome,
    ringMs: number,
  ): { answer?: number; end: number } {
    const w = this.#w;
    w.newChannel(t, b);
    w.dial(t, 'DialBegin', a, b, ['DialString', dialString]);
    if (outcome === 'busy') {
      const end = t + 50;
      w.hangupRequest(end, b, '17');
      w.dial(end, 'DialEnd', a, b, ['DialStatus', 'BUSY']);
      w.hangup(end, b, '17');
      return { end };
    }
    w.connectedLine(t, b, a.cidNum, a.cidName);
    w.state(t, b, 5);
    w.dial(t, 'DialState', a, b, ['DialStatus', 'RINGING']);
    const t1 = t + ringMs;
    if (outcome === 'missed') {
      w.dial(t1, 'DialEnd', a, b, ['DialStatus', 'NOANSWER']);
      w.hangup(t1, b, '0');
      return { end: t1 };
    }
    w.state(t1, b, 6);
    w.dial(t1, 'DialEnd', a, b, ['DialStatus', 'ANSWER']);
    if (a.state !== 6) w.state(t1, a, 6);
    return { answer: t1, end: t1 };
  }

  #talk(t: number, a: SimChannel, b: SimChannel, talkMs: number, agentHangsUp = false): number {
    const w = this.#w;
    const id = w.bridge(t, a, b);
    const end = t + talkMs;
    w.hangupRequest(end, agentHangsUp ? b : a, '16');
    w.unbridge(end, id, a, b);
    w.hangup(end, b, '16');
    w.hangup(end, a, '16');
    return end;
  }

  #trunkIn(t: number, from: string, name: string | undefined, did: string): SimChannel {
    const a = this.#chan('PJSIP', this.#trunk, t, {
      state: 4,
      cidNum: from,
      cidName: name ?? '<unknown>',
      context: 'from-pstn',
      exten: did,
    });
    this.#w.newChannel(t, a);
    this.#w.dialplan(t, a, 'Set', `__FROM_DID=${did}`, [['__FROM_DID', did]]);
    return a;
  }

  // A rings B, then they talk (or B fails); the shape shared by inbound, outbound and internal calls.
  #twoParty(
    t0: number,
    a: SimChannel,
    b: SimChannel,
    dialString: string,
    outcome: ScenarioOutcome,
    o: Common,
    bHangsUp: boolean,
    call: Pick<ExpectedCall, 'direction' | 'from' | 'to' | 'extension' | 'did'>,
  ): this {
    const r = this.#ring(t0 + SETUP, a, b, dialString, outcome, o.ringMs ?? 3000);
    let end = r.end;
    if (r.answer !== undefined) end = this.#talk(r.answer, a, b, o.talkMs ?? 5000, bHangsUp);
    else this.#w.hangup(end, a, outcome === 'busy' ? '17' : '16');
    return this.#finish(
      {
        callId: a.linkedid,
        ...call,
        disposition: outcome,
        ringSeconds: ((r.answer ?? end) - t0) / 1000,
        talkSeconds: r.answer === undefined ? 0 : (end - r.answer) / 1000,
        transfers: [],
      },
      end,
    );
  }

  /** An inbound call: answered, missed (ring timeout) or busy. */
  inbound(o: InboundCallOptions): this {
    const t0 = this.#start(o.at);
    const a = this.#trunkIn(t0, o.from, o.name, o.did);
    a.context = 'macro-dial-one';
    this.#w.dialplan(t0, a, 'Dial', `PJSIP/${o.extension},,HhTtr`);
    const b = this.#phone(o.extension, t0 + SETUP, a.linkedid);
    return this.#twoParty(t0, a, b, o.extension, o.outcome ?? 'answered', o, o.hangupBy === 'agent', {
      direction: 'inbound',
      from: { number: o.from },
      to: { number: o.did },
      extension: o.extension,
      did: o.did,
    });
  }

  /** An outbound call from an extension through the trunk. */
  outbound(o: OutboundCallOptions): this {
    const t0 = this.#start(o.at);
    const a = this.#phone(o.extension, t0, '', { state: 4, exten: o.to });
    a.linkedid = a.uniqueid;
    this.#w.newChannel(t0, a);
    if (o.callerIdNumber) this.#w.callerId(t0, a, o.callerIdNumber);
    const b = this.#chan('PJSIP', this.#trunk, t0 + SETUP, { context: 'from-pstn' }, a.linkedid);
    return this.#twoParty(t0, a, b, `${o.to}@${this.#trunk}`, o.outcome ?? 'answered', o, true, {
      direction: 'outbound',
      from: { number: o.extension },
      to: { number: o.to },
      extension: o.extension,
    });
  }

  /** An extension-to-extension call. */
  internal(o: InternalCallOptions): this {
    const t0 = this.#start(o.at);
    const a = this.#phone(o.from, t0, '', { state: 4, exten: o.to });
    a.linkedid = a.uniqueid;
    this.#w.newChannel(t0, a);
    const b = this.#phone(o.to, t0 + SETUP, a.linkedid);
    return this.#twoParty(t0, a, b, o.to, o.outcome ?? 'answered', o, false, {
      direction: 'internal',
      from: { number: o.from },
      to: { number: o.to },
      extension: o.to,
    });
  }

  // The first part of both transfer scenarios: an inbound call answered by `o.extension`.
  #answeredInbound(o: TransferCallOptions): { t0: number; a: SimChannel; b1: SimChannel; answer: number } {
    const t0 = this.#start(o.at);
    const a = this.#trunkIn(t0, o.from, o.name, o.did);
    const b1 = this.#phone(o.extension, t0 + SETUP, a.linkedid);
    const answer = this.#ring(t0 + SETUP, a, b1, o.extension, 'answered', o.ringMs ?? 3000).answer as number;
    return { t0, a, b1, answer };
  }

  #transferred(
    kind: 'blind' | 'attended',
    o: TransferCallOptions,
    t0: number,
    a: SimChannel,
    answer: number,
    end: number,
  ): this {
    return this.#finish(
      {
        callId: a.linkedid,
        direction: 'inbound',
        from: { number: o.from },
        to: { number: o.did },
        extension: o.extension,
        did: o.did,
        disposition: 'answered',
        ringSeconds: (answer - t0) / 1000,
        talkSeconds: (end - answer) / 1000,
        transfers: [{ kind, to: o.to }],
      },
      end,
    );
  }

  /** Inbound call answered by `extension`, which blind-transfers the caller to `to`. */
  blindTransfer(o: TransferCallOptions): this {
    const w = this.#w;
    const { t0, a, b1, answer } = this.#answeredInbound(o);
    const id = w.bridge(answer, a, b1);
    const tx = answer + (o.talkMs ?? 5000);
    w.ev(tx, 'BlindTransfer', 'call,all', [
      ['Result', 'Success'],
      ...snapshot(b1, 'Transferer'),
      ...snapshot(a, 'Transferee'),
      ['BridgeUniqueid', id],
      ['BridgeType', 'basic'],
      ['IsExternal', 'No'],
      ['Context', 'from-internal'],
      ['Extension', o.to],
    ]);
    w.unbridge(tx, id, a, b1);
    w.hangup(tx, b1, '16');
    a.context = 'from-internal';
    a.exten = o.to;
    const b2 = this.#phone(o.to, tx + SETUP, a.linkedid);
    const r2 = this.#ring(tx + SETUP, a, b2, o.to, 'answered', o.targetRingMs ?? 2000);
    const end = this.#talk(r2.answer as number, a, b2, o.targetTalkMs ?? 5000);
    return this.#transferred('blind', o, t0, a, answer, end);
  }

  /**
   * Inbound call answered by `extension`, which holds the caller, consults `to` in a second call
   * (its own Linkedid), then completes an attended transfer: the calls merge into one record.
   */
  attendedTransfer(o: TransferCallOptions): this {
    const w = this.#w;
    const { t0, a, b1, answer } = this.#answeredInbound(o);
    const x1 = w.bridge(answer, a, b1);
    const th = answer + (o.talkMs ?? 5000);
    w.ev(th, 'Hold', 'call,all', [...snapshot(b1), ['MusicClass', 'default']]);
    w.ev(th, 'MusicOnHoldStart', 'call,all', [...snapshot(a), ['Class', 'default']]);
    // The consult call: a new call from the same phone, with its own Linkedid.
    const c1 = this.#phone(o.extension, th + SETUP, '', { state: 4, exten: o.to });
    c1.linkedid = c1.uniqueid;
    w.newChannel(th + SETUP, c1);
    const c2 = this.#phone(o.to, th + 2 * SETUP, c1.linkedid);
    const consultAnswer = this.#ring(th + 2 * SETUP, c1, c2, o.to, 'answered', o.targetRingMs ?? 2000)
      .answer as number;
    const x2 = w.bridge(consultAnswer, c1, c2);
    const tx = consultAnswer + 2000;
    w.ev(tx, 'AttendedTransfer', 'call,all', [
      ['Result', 'Success'],
      ...snapshot(b1, 'OrigTransferer'),
      ['OrigBridgeUniqueid', x1],
      ...snapshot(c1, 'SecondTransferer'),
      ['SecondBridgeUniqueid', x2],
      ...snapshot(a, 'Transferee'),
      ...snapshot(c2, 'TransferTarget'),
      ['IsExternal', 'No'],
      ['DestType', 'Bridge'],
      ['DestBridgeUniqueid', x2],
    ]);
    w.bridgeLeave(tx, x1, b1, 1);
    w.bridgeLeave(tx, x2, c1, 1);
    w.bridgeLeave(tx, x1, a, 0);
    w.bridgeEnter(tx, x2, a, 2);
    // Entering the bridge copies the oldest Linkedid to every channel (main/bridge_channel.c).
    c2.linkedid = a.linkedid;
    w.connectedLine(tx, c2, a.cidNum, a.cidName);
    w.ev(tx, 'MusicOnHoldStop', 'call,all', snapshot(a));
    w.hangup(tx, b1, '16');
    w.hangup(tx, c1, '16');
    const end = tx + (o.targetTalkMs ?? 5000);
    w.hangupRequest(end, a, '16');
    w.unbridge(end, x2, a, c2);
    w.hangup(end, c2, '16');
    w.hangup(end, a, '16');
    return this.#transferred('attended', o, t0, a, answer, end);
  }

  /** Inbound call into a ring-all queue (members are `Local/<ext>@from-queue` pairs, as FreePBX does). */
  queue(o: QueueCallOptions): this {
    const w = this.#w;
    const t0 = this.#start(o.at);
    const a = this.#trunkIn(t0, o.from, o.name, o.did);
    a.context = 'ext-queues';
    a.exten = o.queue;
    w.state(t0, a, 6);
    const q: Array<[string, string]> = [['Queue', o.queue]];
    w.ev(t0, 'QueueCallerJoin', 'agent,all', [...snapshot(a), ...q, ['Position', '1'], ['Count', '1']]);
    const ts = t0 + SETUP;
    const members = o.members.map((m) => {
      const pair = `Local/${m}@from-queue-${(++this.#localSeq).toString(16).padStart(8, '0')}`;
      const l1 = this.#chan(
        'Local',
        '',
        ts,
        { name: `${pair};1`, context: 'from-queue', exten: m },
        a.linkedid,
      );
      const l2 = this.#chan(
        'Local',
        '',
        ts,
        { name: `${pair};2`, state: 4, context: 'from-queue', exten: m },
        a.linkedid,
      );
      w.newChannel(ts, l1);
      w.newChannel(ts, l2);
      w.ev(ts, 'LocalBridge', 'call,all', [
        ...snapshot(l1, 'LocalOne'),
        ...snapshot(l2, 'LocalTwo'),
        ['Context', 'from-queue'],
        ['Exten', m],
        ['LocalOptimization', 'No'],
      ]);
      const iface: Array<[string, string]> = [
        ['Interface', `Local/${m}@from-queue/n`],
        ['MemberName', this.#names[m] ?? `Ext ${m}`],
      ];
      w.ev(ts, 'AgentCalled', 'agent,all', [...snapshot(a), ...snapshot(l1, 'Dest'), ...q, ...iface]);
      w.dial(ts, 'DialBegin', a, l1, ['DialString', `Local/${m}@from-queue/n`]);
      const p = this.#phone(m, ts, a.linkedid);
      l2.cidNum = o.from;
      w.newChannel(ts, p);
      w.dial(ts, 'DialBegin', l2, p, ['DialString', m]);
      w.state(ts, p, 5);
      w.state(ts, l1, 5);
      w.dial(ts, 'DialState', l2, p, ['DialStatus', 'RINGING']);
      w.dial(ts, 'DialState', a, l1, ['DialStatus', 'RINGING']);
      return { m, l1, l2, p, iface };
    });
    const t1 = ts + (o.ringMs ?? 3000);
    const winner = members.find((x) => x.m === o.answeredBy);
    for (const x of members) {
      if (x === winner) continue;
      w.dial(t1, 'DialEnd', a, x.l1, ['DialStatus', 'CANCEL']);
      w.hangup(t1, x.l1, '26');
      w.dial(t1, 'DialEnd', x.l2, x.p, ['DialStatus', 'CANCEL']);
      w.hangup(t1, x.l2, '26');
      w.hangup(t1, x.p, '26');
    }
    let end = t1;
    if (winner === undefined) {
      w.ev(t1, 'QueueCallerAbandon', 'agent,all', [
        ...snapshot(a),
        ...q,
        ['Position', '1'],
        ['OriginalPosition', '1'],
        ['HoldTime', String(Math.round((t1 - t0) / 1000))],
      ]);
      w.ev(t1, 'QueueCallerLeave', 'agent,all', [...snapshot(a), ...q, ['Position', '1'], ['Count', '0']]);
      w.hangup(t1, a, '16');
    } else {
      w.state(t1, winner.p, 6);
      w.dial(t1, 'DialEnd', winner.l2, winner.p, ['DialStatus', 'ANSWER']);
      w.state(t1, winner.l2, 6);
      const inner = w.bridge(t1, winner.l2, winner.p);
      w.state(t1, winner.l1, 6);
      w.dial(t1, 'DialEnd', a, winner.l1, ['DialStatus', 'ANSWER']);
      w.ev(t1, 'QueueCallerLeave', 'agent,all', [...snapshot(a), ...q, ['Position', '1'], ['Count', '0']]);
      w.ev(t1, 'AgentConnect', 'agent,all', [
        ...snapshot(a),
        ...snapshot(winner.l1, 'Dest'),
        ...q,
        ...winner.iface,
        ['HoldTime', String(Math.round((t1 - t0) / 1000))],
        ['RingTime', String(Math.round((t1 - ts) / 1000))],
      ]);
      const outer = w.bridge(t1, a, winner.l1);
      end = t1 + (o.talkMs ?? 5000);
      w.hangupRequest(end, a, '16');
      w.ev(end, 'AgentComplete', 'agent,all', [
        ...snapshot(a),
        ...snapshot(winner.l1, 'Dest'),
        ...q,
        ...winner.iface,
        ['HoldTime', '0'],
        ['TalkTime', String(Math.round((end - t1) / 1000))],
        ['Reason', 'caller'],
      ]);
      w.unbridge(end, outer, a, winner.l1);
      w.hangup(end, winner.l1, '16');
      w.unbridge(end, inner, winner.l2, winner.p);
      w.hangup(end, winner.l2, '16');
      w.hangup(end, a, '16');
      w.hangup(end, winner.p, '16');
    }
    return this.#finish(
      {
        callId: a.linkedid,
        direction: 'inbound',
        from: { number: o.from },
        to: { number: o.did },
        extension: winner?.m ?? (o.members[0] as string),
        did: o.did,
        disposition: winner ? 'answered' : 'abandoned',
        ringSeconds: (t1 - t0) / 1000,
        talkSeconds: (end - t1) / 1000,
        transfers: [],
      },
      end,
    );
  }

  /** Click-to-call as Asterisk runs an async Originate: ring the agent, then dial the customer. */
  clickToCall(o: ClickToCallOptions): this {
    const w = this.#w;
    const t0 = this.#start(o.at);
    const agent = o.agentOutcome ?? 'answered';
    const c = this.#phone(o.extension, t0, '');
    c.linkedid = c.uniqueid;
    w.newChannel(t0, c);
    if (o.callerId !== undefined) {
      c.cidName = o.callerId;
      w.ev(t0, 'NewCallerid', 'call,all', [
        ...snapshot(c),
        ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
      ]);
    }
    w.dial(t0, 'DialBegin', undefined, c, ['DialString', o.extension]);
    const response = (at: number, ok: boolean, reason: string): void =>
      w.ev(at, 'OriginateResponse', 'call,all', [
        ...(o.actionId !== undefined ? ([['ActionID', o.actionId]] as Array<[string, string]>) : []),
        ['Response', ok ? 'Success' : 'Failure'],
        ['Channel', ok ? c.name : `PJSIP/${o.extension}`],
        ['Context', 'from-internal'],
        ['Exten', o.to],
        ['Reason', reason],
        ['Uniqueid', ok ? c.uniqueid : '<unknown>'],
        ['CallerIDNum', ok ? c.cidNum : '<unknown>'],
        ['CallerIDName', ok ? c.cidName : '<unknown>'],
      ]);
    const expected = {
      callId: c.linkedid,
      direction: 'outbound' as const,
      extension: o.extension,
      transfers: [],
    };
    if (agent === 'busy') {
      const end = t0 + 50;
      w.hangupRequest(end, c, '17');
      w.dial(end, 'DialEnd', undefined, c, ['DialStatus', 'BUSY']);
      response(end, false, '0');
      w.hangup(end, c, '17');
      return this.#finish(
        {
          ...expected,
          from: { number: '' },
          to: { number: o.extension },
          disposition: 'busy',
          ringSeconds: 0.05,
          talkSeconds: 0,
        },
        end,
      );
    }
    w.state(t0, c, 5);
    w.dial(t0, 'DialState', undefined, c, ['DialStatus', 'RINGING']);
    const ta = t0 + (o.agentRingMs ?? 1500);
    if (agent === 'missed') {
      response(ta, false, '3');
      w.hangup(ta, c, '19');
      return this.#finish(
        {
          ...expected,
          from: { number: '' },
          to: { number: o.extension },
          disposition: 'missed',
          ringSeconds: (ta - t0) / 1000,
          talkSeconds: 0,
        },
        ta,
      );
    }
    w.state(ta, c, 6);
    w.dial(ta, 'DialEnd', undefined, c, ['DialStatus', 'ANSWER']);
    response(ta, true, '4');
    c.exten = o.to;
    w.dialplan(ta, c, 'Dial', `PJSIP/${o.to}@${this.#trunk}`);
    const outcome = o.outcome ?? 'answered';
    const t = this.#chan('PJSIP', this.#trunk, ta + SETUP, { context: 'from-pstn' }, c.linkedid);
    const r = this.#ring(ta + SETUP, c, t, `${o.to}@${this.#trunk}`, outcome, o.ringMs ?? 3000);
    let end = r.end;
    if (r.answer !== undefined) end = this.#talk(r.answer, c, t, o.talkMs ?? 5000);
    else w.hangup(end, c, outcome === 'busy' ? '17' : '16');
    return this.#finish(
      {
        ...expected,
        from: { number: o.extension },
        to: { number: o.to },
        disposition: outcome,
        ringSeconds: ((r.answer ?? end) - t0) / 1000,
        talkSeconds: r.answer === undefined ? 0 : (end - r.answer) / 1000,
      },
      end,
    );
  }

  /** The built scenario (events sorted by time; ties keep insertion order). */
  build(): CallScenario {
    const events = this.#w.events
      .map((e, i) => ({ e, i }))
      .sort((x, y) => x.e.at - y.e.at || x.i - y.i)
      .map((x) => x.e);
    return { events, calls: [...this.#calls], durationMs: events.at(-1)?.at ?? 0 };
  }
}
